import { type INestApplication } from '@nestjs/common';

import { parseFormWebhookBody, parseJsonWebhookBody } from './webhook-body.decoder';

/** A request whose body {@link captureRawWebhookBodies} read: the exact bytes received. */
export interface RawBodyRequest {
  rawBody?: Buffer;
  /** Why the body could not be decoded for a route that asked for decoding (the body is then undefined). */
  rawBodyError?: string;
}

/** A path whose bodies are captured raw, optionally also decoded into `req.body` (for guards that read it). */
export type RawWebhookRoute = string | { path: string; decode: 'json' | 'form' };

interface NodeRequest extends RawBodyRequest {
  body?: unknown;
  headers: Record<string, string | string[] | undefined>;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'end' | 'error' | 'aborted', listener: (err?: Error) => void): unknown;
  resume(): unknown;
  removeAllListeners(event: string): unknown;
}
interface NodeResponse {
  statusCode: number;
  headersSent: boolean;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

/** Default cap of a carrier webhook body, bytes (Bandwidth batches and Twilio forms are a few KiB). */
export const DEFAULT_WEBHOOK_BODY_LIMIT_BYTES = 256 * 1024;

/**
 * Reads the body of every request under `paths` into `req.rawBody` (a Buffer of the exact bytes, whatever the
 * content type or charset) BEFORE Nest's JSON/form parsers run, which then skip the finished request. The webhook
 * controllers store these bytes first and decode them themselves, so no encoding, content type or truncation can
 * lose a request or turn it into a 415/500.
 * - More than `limitBytes` (Content-Length or counted): 413 with a JSON error, the rest of the body discarded.
 * - A route with `decode` also gets `req.body` decoded from those bytes (`json`: the JSON value, or undefined with
 *   `req.rawBodyError`; `form`: the URL-encoded params, a repeated key as a list); decoding never throws.
 * - Must be called before `app.init()` (Express middleware order: before the body parsers Nest registers there).
 */
export function captureRawWebhookBodies(app: INestApplication, routes: readonly RawWebhookRoute[], limitBytes: number): void {
  for (const route of routes) {
    if (typeof route === 'string') app.use(route, rawBodyMiddleware(limitBytes));
    else app.use(route.path, rawBodyMiddleware(limitBytes, route.decode));
  }
}

function tooLarge(res: NodeResponse, limitBytes: number): void {
  if (res.headersSent) return;
  res.statusCode = 413;
  res.setHeader('content-type', 'application/json');
  res.setHeader('connection', 'close');
  res.end(JSON.stringify({ statusCode: 413, error: 'Payload Too Large', message: `body larger than ${limitBytes} bytes` }));
}

function rawBodyMiddleware(limitBytes: number, decode?: 'json' | 'form') {
  return (req: NodeRequest, res: NodeResponse, next: () => void): void => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limitBytes) {
      tooLarge(res, limitBytes);
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limitBytes) {
        done = true;
        chunks.length = 0;
        tooLarge(res, limitBytes);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      const raw = Buffer.concat(chunks, size);
      req.rawBody = raw;
      if (decode === 'form') req.body = parseFormWebhookBody(raw);
      else if (decode === 'json') {
        const parsed = parseJsonWebhookBody(raw);
        if (parsed.ok) req.body = parsed.value;
        else {
          req.body = undefined;
          req.rawBodyError = parsed.error;
        }
      }
      next();
    });
    req.on('error', () => {
      done = true;
    });
  };
}
