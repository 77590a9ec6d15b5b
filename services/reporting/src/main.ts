import 'reflect-metadata';
import { startServiceProcess } from '@textback/platform';
import { loadReportingEnv } from './config/reporting.env';
import { bootstrapReporting } from './reporting.bootstrap';

startServiceProcess('reporting', () => loadReportingEnv(), (env) => bootstrapReporting(env));
