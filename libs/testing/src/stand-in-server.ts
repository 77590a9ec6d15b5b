import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

/**
 * Starts a carrier stand-in's HTTP server on `host`:`port` (0 = a free port) with a 1 s keep-alive: `handle` answers
 * each request; when it throws, the request gets a 500 with the JSON `errorBody(err)` (the carrier's own error shape).
 * @returns the listening server and its port.
 * @throws the listen error (the port is taken).
 */
export async function listenStandIn(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  errorBody: (err: unknown) => unknown,
  port: number,
  host: string,
): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify(errorBody(err)));
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}

/**
 * Waits for the stand-in's `pending` outgoing work (callbacks, webhooks: they may still use its server) to settle, then
 * takes the server with `detach` (which forgets it, so the stand-in reads as stopped) and closes it and its connections.
 */
export async function closeStandIn(pending: Iterable<Promise<unknown>>, detach: () => Server | undefined): Promise<void> {
  await Promise.allSettled([...pending]);
  const server = detach();
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
