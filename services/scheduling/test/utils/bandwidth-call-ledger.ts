import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

/** A call the ledger saw the carrier create. Times come from the test's clock (the carrier's clock in this test). */
export interface LedgerCall {
  callId: string;
  to: string;
  from: string;
  tag: string | undefined;
  enqueuedTime: Date;
}

/**
 * Bandwidth's Voice API for page calls in front of the shared BandwidthStandIn (libs/testing):
 * `POST /api/v2/accounts/{accountId}/calls` is forwarded to the stand-in (which records it and
 * answers 201, or its scripted 429/5xx) and every created call is kept; `GET
 * /api/v2/accounts/{accountId}/calls?to&from&minStartTime` answers Bandwidth's listCalls (an array
 * of callState: callId, to, from, direction, state, enqueuedTime, startTime; no tag, as in
 * bandwidth-openapi.yml). Scripts the two ways a createCall outcome gets lost: the request is
 * lost before the carrier (`loseNextCallRequests`), or the carrier created the call and its
 * answer never arrived (`dropNextCallResponses`); both close the connection without an answer.
 */
export class BandwidthCallLedger {
  private server: Server | undefined;
  private port = 0;
  private readonly created: LedgerCall[] = [];
  private readonly lose = new Set<string>();
  private readonly drop = new Set<string>();
  /** listCalls requests received (query strings). */
  readonly listRequests: URLSearchParams[] = [];

  constructor(
    private readonly upstreamVoiceBaseUrl: string,
    private readonly now: () => Date,
    private readonly credentials: { username: string; password: string },
  ) {}

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ type: 'ledger-error', description: String(err) }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Stand-in for `https://voice.bandwidth.com/api/v2`. */
  get voiceBaseUrl(): string {
    return `http://127.0.0.1:${this.port}/api/v2`;
  }

  /** Calls created at the carrier to `to`, oldest first. */
  callsTo(to: string): LedgerCall[] {
    return this.created.filter((c) => c.to === to);
  }

  /** The next createCall request to `to` never reaches the carrier; the connection closes unanswered. */
  loseNextCallRequestTo(to: string): void {
    this.lose.add(to);
  }

  /** The next createCall request to `to` creates the call, but the connection closes before the answer. */
  dropNextCallResponseTo(to: string): void {
    this.drop.add(to);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://ledger');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    if (!/^\/api\/v2\/accounts\/[^/]+\/calls$/.test(url.pathname)) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'not-found', description: 'No such resource' }));
      return;
    }
    if (req.method === 'GET') {
      if (req.headers.authorization !== `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64')}`) {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'authentication-error', description: 'Invalid credentials' }));
        return;
      }
      this.listRequests.push(url.searchParams);
      const to = url.searchParams.get('to');
      const from = url.searchParams.get('from');
      const min = url.searchParams.get('minStartTime');
      const calls = this.created
        .filter((c) => (!to || c.to === to) && (!from || c.from === from) && (!min || c.enqueuedTime >= new Date(min)))
        .map((c) => ({ applicationId: randomUUID(), accountId: '9900000', callId: c.callId, to: c.to, from: c.from, direction: 'outbound', state: 'disconnected', enqueuedTime: c.enqueuedTime.toISOString(), startTime: c.enqueuedTime.toISOString() }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(calls));
      return;
    }
    const to = (JSON.parse(body || '{}') as { to?: string }).to ?? '';
    if (this.lose.delete(to)) {
      req.socket.destroy();
      return;
    }
    const upstream = await fetch(`${this.upstreamVoiceBaseUrl}${url.pathname.replace(/^\/api\/v2/, '')}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: String(req.headers.authorization ?? '') },
      body,
    });
    const text = await upstream.text();
    if (upstream.status === 201) {
      const call = JSON.parse(text) as { callId: string; to: string; from: string; tag?: string };
      this.created.push({ callId: call.callId, to: call.to, from: call.from, tag: call.tag, enqueuedTime: this.now() });
    }
    if (this.drop.delete(to)) {
      req.socket.destroy();
      return;
    }
    res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(text);
  }
}
