import 'reflect-metadata';
import { join } from 'node:path';
import { runServiceMain } from '@textback/platform';
import cookieParser from 'cookie-parser';
import { AppModule } from './app.module';
import { loadConsoleEnv } from './config/console.env';
import { consoleService } from './console.definition';
import { serveWebApp } from './modules/web/web-app.static';

runServiceMain({
  definition: consoleService,
  loadEnv: () => loadConsoleEnv(),
  appModule: (env) => AppModule.forRoot(env),
  beforeInit: (app, env) => {
    app.use(cookieParser());
    serveWebApp(app, env.WEB_DIR ?? join(__dirname, '../web'));
  },
});
