import { AsyncLocalStorage } from 'node:async_hooks';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type LoggerService } from '@nestjs/common';
import { type Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/** The logger of the request being handled (its service's, with the request's fields bound), across its awaits. */
const requestLogger = new AsyncLocalStorage<Logger>();

/**
 * Nest's logger for one service: its framework lines (start-up, `ExceptionsHandler` errors of requests that failed
 * with 500, a `new Logger(ctx)` anywhere) go to that service's pino root logger, or inside a request to the request's
 * logger ({@link requestLoggingMiddleware}), with `context` and errors as `err`.
 *
 * Nest keeps ONE static logger per process (`app.useLogger` overrides it for every application), so in the single
 * process, where seven services share it, the request's logger is what names the service: a request of messaging is
 * logged as messaging's whichever application set the logger last. (nestjs-pino, used before, keeps one pino-http
 * instance per process, and every service's lines came out as the first one started, telephony-ingest.)
 */
export class ServiceNestLogger implements LoggerService {
  constructor(private readonly root: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /**
   * Nest's calls: `(message, context?)`, `error(message, stack?, context?)`, `error(err, context?)`; a trailing string is
   * the context, an error's leading string its stack.
   */
  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, params: unknown[]): void {
    const logger = requestLogger.getStore() ?? this.root;
    if (!logger.isLevelEnabled(level)) return;
    const rest = [...params];
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const stack = level === 'error' && typeof rest[0] === 'string' ? rest[0] : undefined;
    const fields: Record<string, unknown> = context !== undefined ? { context } : {};
    if (message instanceof Error) logger[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) logger[level]({ ...fields, ...(message as Record<string, unknown>) });
    else logger[level]({ ...fields, ...(stack !== undefined ? { err: { message: String(message), stack } } : {}) }, String(message));
  }
}

/**
 * The request log of a service's HTTP server, on its own `rootLogger` (pino-http), as one middleware (mounted by
 * ServicePlatformModule on every route): one line per request at `info` (not for `/health` and `/metrics`) with the
 * request's `x-correlation-id` as `correlationId`; and every log made while the request is handled through Nest's
 * logger ({@link ServiceNestLogger}) goes to that request's logger, so it names this service even in the single process.
 *
 * pino-http writes its lines at `info` only, yet it builds a child logger per request, with the request serialised and
 * redacted, whatever the level: about 1 ms of CPU per missed call in telephony-ingest (four carrier callbacks) in the
 * bench's profile. So when `rootLogger` is above `info` (`LOG_LEVEL` warn, error, …), where pino-http would write
 * nothing, it is not used: logs inside a request then go to the service's root logger, without the request's fields
 * (method, url, headers).
 */
export function requestLoggingMiddleware(rootLogger: Logger): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  if (!rootLogger.isLevelEnabled('info')) return (_req, _res, next) => requestLogger.run(rootLogger, next);
  const http = pinoHttp({
    logger: rootLogger,
    autoLogging: { ignore: (req) => /^\/(health|metrics)/.test(req.url ?? '') },
    customProps: (req) => {
      const id = req.headers['x-correlation-id'];
      return typeof id === 'string' ? { correlationId: id } : {};
    },
  });
  return (req, res, next) => {
    http(req, res);
    requestLogger.run((req as IncomingMessage & { log: Logger }).log, next);
  };
}
