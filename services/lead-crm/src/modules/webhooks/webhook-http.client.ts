import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { type ClientRequest, request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { type LookupFunction } from 'node:net';
import { type VettedUrl, WebhookTargetPolicy, WebhookTargetRefusal } from './webhook-target.policy';

/** Resolves a host name to every address it has (dns.lookup with `all: true`). */
export type HostResolver = (host: string) => Promise<LookupAddress[]>;

/** The system resolver (getaddrinfo, as every Node client uses), all addresses, in the resolver's order. */
export const systemResolver: HostResolver = (host) =>
  new Promise((resolve, reject) => dnsLookup(host, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));

/** Limits of one webhook POST. */
export interface WebhookHttpLimits {
  /** From the start of the request until the TCP (and TLS) connection is up, ms. */
  connectTimeoutMs: number;
  /** Whole exchange, from the start until the response is read, ms. */
  totalTimeoutMs: number;
  /** Bytes of the response body read at most; past that the response is cut (its status still counts). */
  maxResponseBytes: number;
}

/** 64 KiB: receivers answer with a status; a body is read only so the connection ends cleanly. */
export const WEBHOOK_MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * Outcome of one POST. `statusCode` null when no response arrived. `error` null only for a 2xx.
 * `refused`: the target is not allowed (a policy refusal); retrying cannot help.
 */
export interface WebhookPostResult {
  statusCode: number | null;
  error: string | null;
  refused: boolean;
}

/**
 * POSTs webhook bodies without letting a tenant reach this machine or the cluster (SSRF): the
 * URL is vetted by {@link WebhookTargetPolicy}, the host resolved once per request, EVERY address
 * checked, and the socket connected to a checked address (the request's `lookup` hands Node the
 * checked addresses, so a DNS answer that changes between check and connect, DNS rebinding,
 * cannot slip in). Redirects are not followed (a 3xx is a failure). The response body is read up
 * to {@link WebhookHttpLimits.maxResponseBytes}; connect and total timeouts apply. One connection
 * per request (no keep-alive pool shared across tenants).
 */
export class WebhookHttpClient {
  constructor(
    private readonly policy: WebhookTargetPolicy,
    private readonly limits: WebhookHttpLimits,
    private readonly resolve: HostResolver = systemResolver,
  ) {}

  /**
   * Checks a target as a subscription is created: the URL rules and the addresses its host
   * resolves to now (checked again on every delivery).
   * @throws WebhookTargetRefusal with a reason for the API's 400.
   */
  async vetTarget(rawUrl: string): Promise<void> {
    const vetted = this.policy.vetUrl(rawUrl);
    if (vetted.literal) return;
    this.policy.checkResolved(vetted, (await this.resolveOrRefuse(vetted.host)).map((a) => a.address));
  }

  /** POSTs `body` to `rawUrl` with `headers` (content-length is set here). Never throws. */
  async post(rawUrl: string, headers: Record<string, string>, body: string): Promise<WebhookPostResult> {
    let vetted: VettedUrl;
    try {
      vetted = this.policy.vetUrl(rawUrl);
    } catch (err) {
      return failure(err);
    }
    const payload = Buffer.from(body, 'utf8');
    const options: RequestOptions = {
      method: 'POST',
      headers: { ...headers, 'content-length': String(payload.length), connection: 'close' },
      agent: false,
      lookup: this.checkedLookup(vetted),
    };
    const send = vetted.url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<WebhookPostResult>((resolve) => {
      let settled = false;
      let answered = false;
      const finish = (r: WebhookPostResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(total);
        clearTimeout(connect);
        resolve(r);
      };
      const req: ClientRequest = send(vetted.url, options);
      const abort = (reason: string) => () => {
        req.destroy(new Error(reason));
        // Once the answer has begun, the request's error event is not the only path: settle here.
        if (answered) finish({ statusCode: null, error: reason, refused: false });
      };
      const total = setTimeout(abort(`no complete answer within ${this.limits.totalTimeoutMs} ms`), this.limits.totalTimeoutMs);
      const connect = setTimeout(abort(`no connection within ${this.limits.connectTimeoutMs} ms`), this.limits.connectTimeoutMs);
      req.on('socket', (socket) => socket.once(vetted.url.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(connect)));
      req.on('error', (err) => finish(failure(err)));
      req.on('response', (res: IncomingMessage) => {
        answered = true;
        clearTimeout(connect);
        const status = res.statusCode ?? 0;
        const outcome: WebhookPostResult = {
          statusCode: status,
          error: status >= 200 && status < 300 ? null : status >= 300 && status < 400 ? `HTTP ${status}: redirect not followed` : `HTTP ${status}`,
          refused: false,
        };
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > this.limits.maxResponseBytes) {
            // The status is all we need; past the cap the rest of the answer is not read.
            finish(outcome);
            res.destroy();
          }
        });
        res.on('end', () => finish(outcome));
        res.on('close', () => finish(res.complete ? outcome : { statusCode: status, error: 'connection closed before the answer was complete', refused: false }));
      });
      req.end(payload);
    });
  }

  /**
   * The `lookup` Node's socket uses: resolves with {@link HostResolver}, refuses the connection
   * when any address is refused, else answers with the checked addresses only.
   */
  private checkedLookup(vetted: VettedUrl): LookupFunction {
    return (hostname, options, callback) => {
      this.resolve(hostname)
        .catch((err: unknown) => {
          // A resolver failure may pass (unlike a refused address): the delivery is retried.
          throw new Error(`host ${hostname} could not be resolved (${errorCode(err)})`);
        })
        .then((addresses) => {
          this.policy.checkResolved(vetted, addresses.map((a) => a.address));
          const usable = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
          if (usable.length === 0) throw new WebhookTargetRefusal(`host ${hostname} has no IPv${String(options.family)} address`);
          if (options.all) callback(null, usable);
          else callback(null, usable[0]!.address, usable[0]!.family);
        })
        .catch((err: unknown) => callback(err as NodeJS.ErrnoException, '', 0));
    };
  }

  private async resolveOrRefuse(host: string): Promise<LookupAddress[]> {
    try {
      return await this.resolve(host);
    } catch (err) {
      throw new WebhookTargetRefusal(`host ${host} could not be resolved (${errorCode(err)})`);
    }
  }
}

function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
}

function failure(err: unknown): WebhookPostResult {
  const refused = err instanceof WebhookTargetRefusal;
  const message = err instanceof Error ? err.message : String(err);
  return { statusCode: null, error: refused ? `target refused: ${message}` : message, refused };
}
