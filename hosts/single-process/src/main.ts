#!/usr/bin/env node
/**
 * `npm start`: Textback as one Node.js process on embedded stores (docs/operations.md "The embedded mode"). Exit codes:
 * 78 for bad or partial configuration (listing every bad variable), 1 for any other start-up failure (chDB missing,
 * the data directory held by another process), 0 after a graceful stop on SIGTERM or SIGINT (a second signal exits at once).
 */
import 'reflect-metadata';
import { ConfigValidationException } from '@textback/config';
import { createRootLogger } from '@textback/observability';
import { startSingleProcess } from './single-process.host';

const log = createRootLogger('textback', process.env.LOG_LEVEL || 'info');

startSingleProcess(process.env, log).then(
  (host) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) process.exit(1);
      stopping = true;
      log.warn({ signal }, 'stopping');
      host.stop().then(
        () => process.exit(0),
        (err: unknown) => {
          log.error({ err }, 'stop failed');
          process.exit(1);
        },
      );
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  },
  (err: unknown) => {
    if (err instanceof ConfigValidationException) {
      console.error(err.message);
      process.exit(78);
    }
    console.error(`textback failed to start: ${err instanceof Error ? err.message : String(err)}`);
    if (!(err instanceof Error && err.name === 'EmbeddedEnginesMissingException')) console.error(err);
    process.exit(1);
  },
);
