import 'reflect-metadata';
import { ConfigValidationException } from '@textback/config';
import { EmbeddedStoreMissingException } from '@textback/platform';
import { loadReportingEnv, type ReportingEnv } from './config/reporting.env';
import { bootstrapReporting } from './reporting.bootstrap';

let env: ReportingEnv;
try {
  env = loadReportingEnv();
} catch (err) {
  if (err instanceof ConfigValidationException) {
    console.error(err.message);
    process.exit(78);
  }
  throw err;
}
if (env.DATABASE_URL === undefined) {
  console.error(new EmbeddedStoreMissingException('reporting').message);
  process.exit(78);
}
bootstrapReporting(env).catch((err: unknown) => {
  console.error('reporting failed to start', err);
  process.exit(1);
});
