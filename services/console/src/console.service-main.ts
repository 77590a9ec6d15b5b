import { join } from 'node:path';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { type ServiceMainSpec } from '@textback/platform';
import cookieParser from 'cookie-parser';
import { AppModule } from './app.module';
import { type ConsoleEnv, loadConsoleEnv } from './config/console.env';
import { consoleService } from './console.definition';
import { serveWebApp } from './modules/web/web-app.static';

/** How the console runs (alone from main.ts, or in the single-process host): session cookies and the built web app. */
export const consoleMain: ServiceMainSpec<ConsoleEnv> = {
  definition: consoleService,
  loadEnv: (env) => loadConsoleEnv(env),
  appModule: (env) => AppModule.forRoot(env),
  beforeInit: (app, env) => {
    // req.ip (the address sign-in throttling counts) is the client's, not the Ingress's, behind TRUSTED_PROXY_HOPS proxies.
    (app as NestExpressApplication).set('trust proxy', env.TRUSTED_PROXY_HOPS);
    app.use(cookieParser());
    serveWebApp(app, env.WEB_DIR ?? join(__dirname, '../web'));
  },
};
