import { type Params } from 'nestjs-pino';
import { type Logger } from 'pino';

/**
 * The request log of a service's HTTP server (nestjs-pino over pino-http, on `rootLogger`): one line per request at
 * `info` (not for `/health` and `/metrics`), with the request's `x-correlation-id` as `correlationId`.
 *
 * pino-http writes its lines at `info` only, yet it builds a child logger per request, with the request serialised and
 * redacted, whatever the level: about 1 ms of CPU per missed call in telephony-ingest (four carrier callbacks) in the
 * bench's profile. So when `rootLogger` is above `info` (`LOG_LEVEL` warn, error, …), where pino-http would write
 * nothing, it is not mounted at all (`useExisting`): Nest's and our logs made inside a request then go to the root
 * logger, without the request's fields (method, url, headers) bound to them.
 */
export function requestLoggingParams(rootLogger: Logger): Params {
  const params: Params = {
    pinoHttp: {
      logger: rootLogger,
      autoLogging: { ignore: (req) => /^\/(health|metrics)/.test(req.url ?? '') },
      customProps: (req) => {
        const id = req.headers['x-correlation-id'];
        return typeof id === 'string' ? { correlationId: id } : {};
      },
    },
  };
  return rootLogger.isLevelEnabled('info') ? params : { ...params, useExisting: true };
}
