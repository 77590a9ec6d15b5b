import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { BandwidthCaller } from '../caller/bandwidth-caller';
import { routeCallerControl } from '../caller/caller-control.router';
import { type CallbackUrlRewrite, type PlaceCallInput, type PlacedCall, type SentText, type VoiceApplication } from '../caller/caller.types';
import {
  type BandwidthMessage,
  type BandwidthListMessageItem,
  type BandwidthMessageCallbackEvent,
  type BandwidthMessagesList,
  type BandwidthOperation,
  type BandwidthStandInOptions,
  type CallbackDelivery,
  type MessagingCallbackTarget,
  type RecordedBandwidthRequest,
  type ScriptedFailure,
  type ScriptedLineType,
} from './bandwidth-stand-in.types';
import { closeStandIn, listenStandIn } from '../stand-in-server';

const DEFAULT_APPLICATION_ID = '93de2206-9669-4e07-948d-329f4b722ee2';

/** messaging-error-429.json (Bandwidth api-docs messaging/rateLimits.mdx). */
const MESSAGE_QUEUE_FULL_429 = {
  type: 'max-message-queue-size-exceeded',
  description:
    'The SMS queue for your account is full and cannot accept more messages right now. Your allowed rate is 60 messages per minute. The capacity of this queue is 900 messages (15 minutes). Reduce your message sending rate, or contact support to increase your allowed rate.',
};
/** voice-error-429.json (Bandwidth api-docs voice/rateLimits.mdx). */
const CALL_RATE_429 = { description: 'Account call creation rate limit exceeded', id: '', type: 'error' };
/** messaging-error-401.json. */
/** messaging-list-error-429.json: List Messages over its rate limit. */
const LIST_RATE_LIMIT_429 = { type: 'rate_limit_exceeded', description: 'Rate limit exceeded. Wait for Retry-After time before sending another request.' };

const UNAUTHORIZED_401 = { type: 'unauthorized', description: 'Authentication Failed' };
/** messaging-error-400.json. */
const VALIDATION_400 = { type: 'request-validation', description: 'Your request could not be accepted' };

const LINE_TYPES: Record<Exclude<ScriptedLineType, 'no-match'>, string> = {
  mobile: 'MOBILE',
  landline: 'FIXED',
  voip: 'VOIP',
  'voip-fixed': 'VOIP-FIXED',
};

/** GSM 03.38 basic character set plus the extension table (each extension char costs 2 septets). */
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM7_EXTENSION = new Set('^{}\\[~]|€\f');

/** Segment count the way carriers bill it: GSM-7 160/153 septets, else UCS-2 70/67 UTF-16 units. */
function segmentCountOf(text: string): number {
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (GSM7_BASIC.has(ch)) septets += 1;
    else if (GSM7_EXTENSION.has(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return septets <= 160 ? 1 : Math.ceil(septets / 153);
  return text.length <= 70 ? 1 : Math.ceil(text.length / 67);
}

function bandwidthMessageId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let suffix = '';
  for (let i = 0; i < 15; i++) suffix += alphabet[Math.floor(Math.random() * alphabet.length)];
  return `${Date.now()}${suffix}`;
}

interface Route {
  operation: BandwidthOperation;
  accountId: string | undefined;
}

/** Accepts the paths with or without the production server prefixes (`/api/v2` messaging+voice, `/v2` lookup). */
function routeOf(method: string, path: string): Route {
  const bare = path.replace(/^\/api\/v2(?=\/)/, '').replace(/^\/v2(?=\/)/, '');
  if (method === 'GET') {
    const list = /^\/users\/([^/]+)\/messages$/.exec(bare);
    if (list) return { operation: 'listMessages', accountId: decodeURIComponent(list[1] ?? '') };
  }
  if (method === 'POST') {
    const message = /^\/users\/([^/]+)\/messages$/.exec(bare);
    if (message) return { operation: 'createMessage', accountId: decodeURIComponent(message[1] ?? '') };
    const call = /^\/accounts\/([^/]+)\/calls$/.exec(bare);
    if (call) return { operation: 'createCall', accountId: decodeURIComponent(call[1] ?? '') };
    const lookup = /^\/accounts\/([^/]+)\/phoneNumberLookup$/.exec(bare);
    if (lookup) return { operation: 'createSyncLookup', accountId: decodeURIComponent(lookup[1] ?? '') };
  }
  return { operation: 'unknown', accountId: undefined };
}

/**
 * A local, in-process stand-in for Bandwidth's REST APIs and messaging callbacks, speaking the documented wire
 * formats (see bandwidth-stand-in.types.ts for sources). Point bandwidth-sdk at it with
 * `new Configuration({ username, password, basePath: standIn.messagingBaseUrl })` (the SDK uses
 * `configuration.basePath` ahead of its per-operation production server URL).
 *
 * Endpoints (each also without its prefix):
 * - `POST /api/v2/users/{accountId}/messages` -> 202 + message JSON (or a scripted 429/5xx/400).
 * - `GET /api/v2/users/{accountId}/messages` (List Messages, `listMessages`) -> 200 `messagesList` of the accepted
 *   outbound messages (newest last unless `sort=receiveTime:desc`), filtered by `sourceTn`, `destinationTn`,
 *   `messageDirection`, `fromDateTime`/`toDateTime` (receive time), `limit` (default 100, `pageInfo.nextPage` when
 *   more match); or a scripted 429 (messaging-list-error-429.json) / 5xx ({@link failNextListMessages}).
 * - `POST /v2/accounts/{accountId}/phoneNumberLookup` -> 200 sync lookup result (scripted line types).
 * - `POST /api/v2/accounts/{accountId}/calls` -> 201 + create-call response (or a scripted 429/5xx).
 *
 * Every request is recorded (`requests`) before it is answered. Callbacks are POSTed as a JSON array with
 * `User-Agent: BandwidthAPI/v2` and HTTP Basic, retried on non-2xx or connection errors.
 *
 * It also plays callers (libs/testing/src/caller): `placeCall` drives an inbound call through the Voice
 * application's callback URLs (`setVoiceApplication`) and the URLs the returned BXML names ({@link BandwidthCaller});
 * `sendText` delivers a caller's SMS as `message-received`. With `controlApi: true` the same is reachable over HTTP
 * under `/_standin/` (see routeCallerControl).
 */
export class BandwidthStandIn {
  private server: Server | undefined;
  private port = 0;
  private readonly recorded: RecordedBandwidthRequest[] = [];
  private readonly created: BandwidthMessage[] = [];
  private readonly deliveries: CallbackDelivery[] = [];
  private readonly lineTypes = new Map<string, ScriptedLineType>();
  private readonly messageFailures: ScriptedFailure[] = [];
  private readonly listFailures: (429 | 500 | 503)[] = [];
  private readonly statuses = new Map<string, { status: BandwidthListMessageItem['messageStatus']; errorCode: number }>();
  private readonly messageFailuresTo = new Map<string, ScriptedFailure[]>();
  private readonly callFailures: ScriptedFailure[] = [];
  private readonly deliveryFailures = new Map<string, { errorCode: number; description: string }>();
  private readonly pendingCallbacks = new Set<Promise<unknown>>();
  private messagingCallback: MessagingCallbackTarget | undefined;
  private callSeq = 0;
  private responseDelayMs = 0;
  private readonly requestHooks = new Map<BandwidthOperation, (request: unknown) => Promise<void>>();
  private acceptedMessageHook: ((message: BandwidthMessage) => Promise<void>) | undefined;
  private readonly caller: BandwidthCaller;
  private readonly texts: SentText[] = [];

  constructor(private readonly options: BandwidthStandInOptions = {}) {
    this.messagingCallback = options.messagingCallback;
    this.caller = new BandwidthCaller({
      ...(options.voiceApplication ? { application: options.voiceApplication } : {}),
      ...(options.callbackUrlRewrites ? { urlRewrites: options.callbackUrlRewrites } : {}),
      ...(options.timeScale === undefined ? {} : { timeScale: options.timeScale }),
      ...(options.voiceCallbackTimeoutMs === undefined ? {} : { callbackTimeoutMs: options.voiceCallbackTimeoutMs }),
    });
  }

  /** Sets the Voice application (CallInitiatedCallbackUrl, CallStatusCallbackUrl, CallbackCreds) callers dial into. */
  setVoiceApplication(application: VoiceApplication): void {
    this.caller.setApplication(application);
  }

  /** Rewrites voice callback URLs by prefix before requesting them, e.g. telephony-ingest's public base → its local port. */
  setCallbackUrlRewrites(rewrites: CallbackUrlRewrite[]): void {
    this.caller.setUrlRewrites(rewrites);
  }

  /**
   * Plays a caller dialling `to` from `from` until the call ends: `initiate`, then the BXML's verbs with the
   * scripted outcome (see {@link BandwidthCaller} and PlaceCallInput). Timestamps are simulated from `startAt`.
   * @returns the call with every callback exchanged. @throws Error when no Voice application is set.
   */
  placeCall(input: PlaceCallInput): Promise<PlacedCall> {
    return this.caller.placeCall(input);
  }

  /** Like {@link placeCall} but returns the live record at once; `finished` settles when the call ends. */
  startCall(input: PlaceCallInput): { call: PlacedCall; finished: Promise<PlacedCall> } {
    return this.caller.startCall(input);
  }

  /** Calls placed, oldest first, optionally only those from/to a number or with a call id. */
  callsPlaced(filter: { from?: string; to?: string; callId?: string } = {}): PlacedCall[] {
    return this.caller.callsPlaced(filter);
  }

  /**
   * A caller's inbound SMS: `message-received` (a JSON array, HTTP Basic) to the messaging callback URL, retried on
   * non-2xx or connection errors like every callback. Recorded in {@link textsSent}. `messageId` (default a fresh
   * Bandwidth-style id) lets a test redeliver the same message.
   * @throws Error when no messaging callback target is configured.
   */
  async sendText(input: { from: string; to: string; text: string; messageId?: string }): Promise<SentText> {
    const { delivery, event } = await this.sendMessageReceived({ from: input.from, to: input.to, text: input.text, ...(input.messageId ? { id: input.messageId } : {}) });
    const sent: SentText = { from: input.from, to: input.to, text: input.text, messageId: event.message.id, status: delivery.status, attempts: delivery.attempt, at: delivery.at };
    this.texts.push(sent);
    return sent;
  }

  /** Callers' texts sent with {@link sendText}, oldest first, optionally only from/to a number. */
  textsSent(filter: { from?: string; to?: string } = {}): SentText[] {
    return this.texts.filter((t) => (filter.from === undefined || t.from === filter.from) && (filter.to === undefined || t.to === filter.to));
  }

  /** Messages the businesses sent (accepted with 202), oldest first, optionally only to/from a number. */
  sentMessages(filter: { to?: string; from?: string } = {}): BandwidthMessage[] {
    return this.created.filter((m) => (filter.to === undefined || m.to.includes(filter.to)) && (filter.from === undefined || m.from === filter.from));
  }

  /** Starts listening on `host` (default 127.0.0.1; `port` 0 = a free port). */
  async start(port = 0, host = '127.0.0.1'): Promise<void> {
    const started = await listenStandIn((req, res) => this.handle(req, res), (err) => ({ type: 'stand-in-error', description: String(err) }), port, host);
    this.server = started.server;
    this.port = started.port;
  }

  /** Waits for in-flight callbacks, then closes the server and its connections. */
  async stop(): Promise<void> {
    await closeStandIn(this.pendingCallbacks, () => {
      const server = this.server;
      this.server = undefined;
      return server;
    });
  }

  /** `http://127.0.0.1:<port>` */
  get url(): string {
    if (!this.server) throw new Error('BandwidthStandIn is not started');
    return `http://127.0.0.1:${this.port}`;
  }

  /** Stand-in for `https://messaging.bandwidth.com/api/v2`. */
  get messagingBaseUrl(): string {
    return `${this.url}/api/v2`;
  }

  /** Stand-in for `https://voice.bandwidth.com/api/v2`. */
  get voiceBaseUrl(): string {
    return `${this.url}/api/v2`;
  }

  /** Stand-in for `https://api.bandwidth.com/v2` (phone number lookup). */
  get lookupBaseUrl(): string {
    return `${this.url}/v2`;
  }

  /** Every request received, oldest first (a copy). */
  get requests(): RecordedBandwidthRequest[] {
    return [...this.recorded];
  }

  /** Requests of one operation, oldest first. */
  requestsOf(operation: BandwidthOperation): RecordedBandwidthRequest[] {
    return this.recorded.filter((r) => r.operation === operation);
  }

  /** Messages accepted with 202, oldest first (the exact JSON returned). */
  get messages(): BandwidthMessage[] {
    return [...this.created];
  }

  /** Accepted messages to one recipient. */
  messagesTo(e164: string): BandwidthMessage[] {
    return this.created.filter((m) => m.to.includes(e164));
  }

  /** Every callback delivery attempt, oldest first. */
  get callbackDeliveries(): CallbackDelivery[] {
    return [...this.deliveries];
  }

  /** Forgets recorded requests, messages, callback attempts, placed calls and sent texts (scripts are kept). */
  clear(): void {
    this.recorded.length = 0;
    this.created.length = 0;
    this.statuses.clear();
    this.deliveries.length = 0;
    this.texts.length = 0;
    this.caller.clear();
  }

  /** Scripts the lookup line type of a number (E.164). 'no-match' yields a PARTIAL_COMPLETE with a NO-MATCH error. */
  setLineType(e164: string, lineType: ScriptedLineType): void {
    this.lineTypes.set(e164, lineType);
  }

  /**
   * Runs `hook` (awaited) on every create-message request before it is answered, e.g. to look at what the sender holds
   * open while its carrier call is in flight; undefined removes it. A hook that throws still lets the request answer.
   */
  onCreateMessage(hook: ((request: unknown) => Promise<void>) | undefined): void {
    this.onRequest('createMessage', hook);
  }

  /**
   * Runs `hook` (awaited) on every create-call request (a page call) before it is answered, e.g. to look at what the
   * caller holds open while its carrier call is in flight; undefined removes it. A hook that throws still lets the
   * request answer.
   */
  onCreateCall(hook: ((request: unknown) => Promise<void>) | undefined): void {
    this.onRequest('createCall', hook);
  }

  /**
   * Runs `hook` (awaited) on every phone-number lookup request (`createSyncLookup`) before it is answered, e.g. to look
   * at what the caller holds open while its lookup is in flight; undefined removes it. A hook that throws still lets
   * the request answer.
   */
  onLookup(hook: ((request: unknown) => Promise<void>) | undefined): void {
    this.onRequest('createSyncLookup', hook);
  }

  private onRequest(operation: BandwidthOperation, hook: ((request: unknown) => Promise<void>) | undefined): void {
    if (hook) this.requestHooks.set(operation, hook);
    else this.requestHooks.delete(operation);
  }

  /**
   * Runs `hook` (awaited) on every accepted create-message request after the message got its id and before the 202
   * is written, e.g. to post its delivery callback first (Bandwidth's callbacks and its answer to the send travel on
   * separate connections, so a `message-delivered` can overtake the answer); undefined removes it. A hook that throws
   * still lets the request answer.
   */
  beforeAnsweringAccepted(hook: ((message: BandwidthMessage) => Promise<void>) | undefined): void {
    this.acceptedMessageHook = hook;
  }

  /** The next create-message requests fail in order with these statuses (429 with the documented body, 5xx, 400). */
  failNextMessages(...failures: ScriptedFailure[]): void {
    this.messageFailures.push(...failures);
  }

  /** The next create-message requests to `e164` (first recipient) fail in order; other recipients are unaffected. */
  failNextMessagesTo(e164: string, ...failures: ScriptedFailure[]): void {
    this.messageFailuresTo.set(e164, [...(this.messageFailuresTo.get(e164) ?? []), ...failures]);
  }

  /** The next create-call requests fail in order. */
  failNextCalls(...failures: ScriptedFailure[]): void {
    this.callFailures.push(...failures);
  }

  /** With `autoDeliveryCallbacks`, messages to this number get message-failed with `errorCode` (e.g. 4720). */
  failDeliveryTo(e164: string, errorCode: number, description = 'invalid-destination-address'): void {
    this.deliveryFailures.set(e164, { errorCode, description });
  }

  /** Delays every REST answer by `ms` milliseconds (latency simulation; default 0). */
  setResponseDelay(ms: number): void {
    this.responseDelayMs = ms;
  }

  /** Sets the application's messaging callback URL and Basic credentials. */
  setMessagingCallback(target: MessagingCallbackTarget): void {
    this.messagingCallback = target;
  }

  /** The next List Messages requests answer these statuses (429 `rate_limit_exceeded`, or a 5xx), one each. */
  failNextListMessages(...statuses: (429 | 500 | 503)[]): void {
    this.listFailures.push(...statuses);
  }

  /** Posts `message-delivered` for an accepted message (by id or the message itself). */
  async sendMessageDelivered(message: BandwidthMessage | string): Promise<CallbackDelivery> {
    const m = this.resolveMessage(message);
    this.statuses.set(m.id, { status: 'DELIVERED', errorCode: 0 });
    return this.sendCallbacks([
      { type: 'message-delivered', time: new Date().toISOString(), description: 'ok', to: m.to[0] ?? '', message: { ...m, text: '' } },
    ]);
  }

  /** Posts `message-failed` with a Bandwidth `errorCode` (e.g. 4720 invalid-destination-address, 4775 opt-out). */
  async sendMessageFailed(message: BandwidthMessage | string, errorCode: number, description = 'invalid-destination-address'): Promise<CallbackDelivery> {
    const m = this.resolveMessage(message);
    this.statuses.set(m.id, { status: 'FAILED', errorCode });
    return this.sendCallbacks([
      { type: 'message-failed', time: new Date().toISOString(), description, to: m.to[0] ?? '', errorCode, message: { ...m, text: '' } },
    ]);
  }

  /**
   * Posts `message-received` (an inbound SMS, direction "in") from `from` to our number `to`.
   * @returns the delivery and the event sent (its `message.id` is the provider message id).
   */
  async sendMessageReceived(input: { from: string; to: string; text: string; id?: string; media?: string[] }): Promise<{ delivery: CallbackDelivery; event: BandwidthMessageCallbackEvent }> {
    const now = new Date().toISOString();
    const event: BandwidthMessageCallbackEvent = {
      time: now,
      type: 'message-received',
      to: input.to,
      description: 'Incoming message received',
      message: {
        id: input.id ?? bandwidthMessageId(),
        owner: input.to,
        applicationId: this.options.applicationId ?? DEFAULT_APPLICATION_ID,
        time: now,
        segmentCount: segmentCountOf(input.text),
        direction: 'in',
        to: [input.to],
        from: input.from,
        text: input.text,
        ...(input.media ? { media: input.media } : {}),
      },
    };
    return { delivery: await this.sendCallbacks([event]), event };
  }

  /**
   * Posts a JSON array of callback events to the messaging callback URL, retrying on non-2xx or connection error
   * (`callbackMaxAttempts`, default 5, backoff from `callbackRetryDelayMs`, default 50 ms, doubling).
   * @returns the last attempt (status 0 = connection failed).
   * @throws Error when no callback target is configured.
   */
  async sendCallbacks(events: BandwidthMessageCallbackEvent[]): Promise<CallbackDelivery> {
    const target = this.messagingCallback;
    if (!target) throw new Error('BandwidthStandIn: no messaging callback target; call setMessagingCallback');
    const maxAttempts = this.options.callbackMaxAttempts ?? 5;
    let delay = this.options.callbackRetryDelayMs ?? 50;
    const body = JSON.stringify(events);
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'BandwidthAPI/v2' };
    if (target.username !== undefined) {
      headers.authorization = `Basic ${Buffer.from(`${target.username}:${target.password ?? ''}`).toString('base64')}`;
    }
    let last: CallbackDelivery | undefined;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      let status = 0;
      try {
        const res = await fetch(target.url, { method: 'POST', headers, body });
        status = res.status;
        await res.arrayBuffer();
      } catch {
        status = 0;
      }
      last = { url: target.url, events, attempt, status, at: new Date() };
      this.deliveries.push(last);
      if (status >= 200 && status < 300) return last;
      if (attempt < maxAttempts) {
        await sleep(delay);
        delay *= 2;
      }
    }
    return last as CallbackDelivery;
  }

  private resolveMessage(message: BandwidthMessage | string): BandwidthMessage {
    if (typeof message !== 'string') return message;
    const found = this.created.find((m) => m.id === message);
    if (!found) throw new Error(`BandwidthStandIn: no created message ${message}`);
    return found;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = rawBody ? (JSON.parse(rawBody) as unknown) : undefined;
    } catch {
      body = undefined;
    }
    const requestUrl = new URL(req.url ?? '/', 'http://stand-in');
    const path = requestUrl.pathname;
    const method = req.method ?? 'GET';
    if (this.options.controlApi && path.startsWith('/_standin/')) {
      const [status, payload] = await routeCallerControl(method, requestUrl, body, this);
      res.writeHead(status, payload === undefined ? {} : { 'content-type': 'application/json' });
      res.end(payload === undefined ? '' : JSON.stringify(payload));
      return;
    }
    const route = routeOf(method, path);
    const record: RecordedBandwidthRequest = {
      operation: route.operation,
      method,
      path,
      accountId: route.accountId,
      headers: { ...req.headers },
      body,
      rawBody,
      status: 0,
      receivedAt: new Date(),
    };
    this.recorded.push(record);
    if (this.responseDelayMs > 0) await sleep(this.responseDelayMs);
    await this.requestHooks.get(route.operation)?.(body).catch(() => undefined);
    const [status, payload] = this.answer(route, req, body, requestUrl.searchParams);
    if (route.operation === 'createMessage' && status === 202 && this.acceptedMessageHook) await this.acceptedMessageHook(payload as BandwidthMessage).catch(() => undefined);
    record.status = status;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(payload === undefined ? '' : JSON.stringify(payload));
  }

  private authorized(req: IncomingMessage): boolean {
    if (this.options.username === undefined) return true;
    const expected = `Basic ${Buffer.from(`${this.options.username}:${this.options.password ?? ''}`).toString('base64')}`;
    return req.headers.authorization === expected;
  }

  private answer(route: Route, req: IncomingMessage, body: unknown, query: URLSearchParams): [number, unknown] {
    if (route.operation === 'unknown') return [404, { type: 'not-found', description: 'No such resource in the Bandwidth stand-in' }];
    if (!this.authorized(req)) return [401, UNAUTHORIZED_401];
    switch (route.operation) {
      case 'createMessage':
        return this.createMessage(body);
      case 'listMessages':
        return this.listMessages(route.accountId ?? '', query);
      case 'createCall':
        return this.createCall(route.accountId ?? '', body);
      case 'createSyncLookup':
        return this.lookup(body);
    }
  }

  private scripted(failure: ScriptedFailure, rateLimitBody: unknown): [number, unknown] {
    switch (failure.status) {
      case 429:
        return [429, rateLimitBody];
      case 400:
        return [400, VALIDATION_400];
      case 500:
      case 502:
      case 503:
      case 504:
        return [failure.status, failure.body ?? { type: 'internal-server-error', description: 'Stand-in scripted server error' }];
    }
  }

  private createMessage(body: unknown): [number, unknown] {
    const request = body as Partial<{ applicationId: string; to: string[]; from: string; text: string; media: string[]; tag: string; priority: string; expiration: string }>;
    const recipient = Array.isArray(request?.to) ? String(request.to[0]) : '';
    const failure = this.messageFailuresTo.get(recipient)?.shift() ?? this.messageFailures.shift();
    if (failure) return this.scripted(failure, MESSAGE_QUEUE_FULL_429);
    if (!request || !Array.isArray(request.to) || request.to.length === 0 || typeof request.from !== 'string' || typeof request.applicationId !== 'string') {
      return [400, VALIDATION_400];
    }
    const text = request.text ?? '';
    const message: BandwidthMessage = {
      id: bandwidthMessageId(),
      owner: request.from,
      applicationId: request.applicationId,
      time: new Date().toISOString(),
      segmentCount: segmentCountOf(text),
      direction: 'out',
      to: request.to,
      from: request.from,
      text,
      ...(request.media ? { media: request.media } : {}),
      ...(request.tag !== undefined ? { tag: request.tag } : {}),
      priority: request.priority ?? 'default',
      ...(request.expiration ? { expiration: request.expiration } : {}),
    };
    this.created.push(message);
    if (this.options.autoDeliveryCallbacks && this.messagingCallback) {
      const failureScript = this.deliveryFailures.get(message.to[0] ?? '');
      const pending = (failureScript ? this.sendMessageFailed(message, failureScript.errorCode, failureScript.description) : this.sendMessageDelivered(message)).catch(() => undefined);
      this.pendingCallbacks.add(pending);
      void pending.finally(() => this.pendingCallbacks.delete(pending));
    }
    return [202, message];
  }

  /** List Messages over the accepted outbound messages (the stand-in keeps no inbound ones: INBOUND lists nothing). */
  private listMessages(accountId: string, query: URLSearchParams): [number, unknown] {
    const failure = this.listFailures.shift();
    if (failure === 429) return [429, LIST_RATE_LIMIT_429];
    if (failure) return [failure, { type: 'internal-server-error', description: 'Stand-in scripted server error' }];
    const source = query.get('sourceTn');
    const destination = query.get('destinationTn');
    const direction = query.get('messageDirection');
    const fromTime = query.get('fromDateTime');
    const toTime = query.get('toDateTime');
    const limit = Number(query.get('limit') ?? 100) || 100;
    const matching = this.created
      .filter((m) => m.direction === 'out' && direction !== 'INBOUND')
      .filter((m) => (source ? m.from === source : true) && (destination ? m.to.includes(destination) : true))
      .filter((m) => (fromTime ? Date.parse(m.time) >= Date.parse(fromTime) : true) && (toTime ? Date.parse(m.time) <= Date.parse(toTime) : true))
      .map((m): BandwidthListMessageItem => {
        const state = this.statuses.get(m.id) ?? { status: 'SENT', errorCode: 0 };
        return {
          messageId: m.id,
          accountId,
          sourceTn: m.from,
          destinationTn: m.to[0] ?? '',
          messageStatus: state.status,
          messageDirection: 'OUTBOUND',
          messageType: m.media?.length ? 'mms' : 'sms',
          segmentCount: m.segmentCount,
          errorCode: state.errorCode,
          receiveTime: m.time,
          carrierName: null,
          messageSize: null,
          messageLength: m.text.length,
          attachmentCount: m.media?.length ?? 0,
          recipientCount: m.to.length,
          campaignClass: null,
          campaignId: null,
        };
      });
    if (query.get('sort') === 'receiveTime:desc') matching.reverse();
    const page = matching.slice(0, limit);
    const list: BandwidthMessagesList = {
      totalCount: matching.length,
      pageInfo: matching.length > limit ? { nextPage: `${this.messagingBaseUrl}/users/${encodeURIComponent(accountId)}/messages?pageToken=stand-in-no-paging`, nextPageToken: 'stand-in-no-paging' } : {},
      messages: page,
    };
    return [200, list];
  }

  private createCall(accountId: string, body: unknown): [number, unknown] {
    const failure = this.callFailures.shift();
    if (failure) return this.scripted(failure, CALL_RATE_429);
    const request = body as Partial<Record<string, unknown>>;
    if (!request || typeof request.to !== 'string' || typeof request.from !== 'string' || typeof request.applicationId !== 'string' || typeof request.answerUrl !== 'string') {
      return [400, { type: 'validation', description: 'Invalid request', id: '' }];
    }
    this.callSeq += 1;
    const callId = `c-${randomUUID().slice(0, 8)}-${randomUUID()}`;
    return [
      201,
      {
        applicationId: request.applicationId,
        accountId,
        callId,
        to: request.to,
        from: request.from,
        enqueuedTime: new Date().toISOString(),
        callUrl: `https://voice.bandwidth.com/api/v2/accounts/${accountId}/calls/${callId}`,
        callTimeout: request.callTimeout ?? 30,
        callbackTimeout: request.callbackTimeout ?? 15,
        ...(request.tag !== undefined ? { tag: request.tag } : {}),
        answerMethod: request.answerMethod ?? 'POST',
        answerUrl: request.answerUrl,
        ...(request.answerFallbackUrl !== undefined ? { answerFallbackMethod: request.answerFallbackMethod ?? 'POST', answerFallbackUrl: request.answerFallbackUrl } : {}),
        ...(request.disconnectUrl !== undefined ? { disconnectMethod: request.disconnectMethod ?? 'POST', disconnectUrl: request.disconnectUrl } : {}),
        ...(request.username !== undefined ? { username: request.username, password: '*****' } : {}),
        priority: request.priority ?? 5,
      },
    ];
  }

  private lookup(body: unknown): [number, unknown] {
    const request = body as Partial<{ phoneNumbers: unknown }>;
    if (!request || !Array.isArray(request.phoneNumbers) || request.phoneNumbers.length === 0 || request.phoneNumbers.length > 100) {
      return [400, { links: [], data: {}, errors: [{ code: 'INVALID-REQUEST', description: 'phoneNumbers must hold 1..100 E.164 numbers', type: 'InvalidRequest' }] }];
    }
    const results: Record<string, unknown>[] = [];
    const noMatch: string[] = [];
    for (const raw of request.phoneNumbers) {
      const phoneNumber = String(raw);
      const scripted = this.lineTypes.get(phoneNumber) ?? this.options.defaultLineType ?? 'mobile';
      if (scripted === 'no-match') {
        noMatch.push(phoneNumber);
        continue;
      }
      const lineType = LINE_TYPES[scripted];
      results.push({
        phoneNumber,
        lineType,
        messagingProvider: scripted === 'landline' ? undefined : 'T-MOBILE USA INC',
        voiceProvider: scripted === 'landline' ? 'VERIZON' : 'T-MOBILE USA INC',
        countryCodeA3: phoneNumber.startsWith('+1') ? 'USA' : 'UNK',
        latestMessageDeliveryStatus: scripted === 'landline' ? 'NOT_ENABLED' : 'ACTIVE',
      });
    }
    const errors =
      noMatch.length === 0
        ? []
        : [{ code: 'NO-MATCH', description: 'The following TNs could not be found in the Number Industry data', meta: { phoneNumbers: noMatch, message: 'Invalid TNs', code: 1001 }, type: 'NumberInventory' }];
    const status = noMatch.length === 0 ? 'COMPLETE' : results.length === 0 ? 'FAILED' : 'PARTIAL_COMPLETE';
    return [200, { links: [], data: { requestId: randomUUID(), status, results }, errors }];
  }
}
