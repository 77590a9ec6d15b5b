import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type BxmlVerb, numericAttribute, parseBxml } from './bxml-document.mapper';
import {
  type CallbackUrlRewrite,
  type CallOutcome,
  type CallRoute,
  type PlaceCallInput,
  type PlacedCall,
  type VoiceApplication,
  type VoiceCallbackExchange,
} from './caller.types';

const DEFAULT_VOICE_APPLICATION_ID = '04e88489-df02-4e34-a0ee-27a91849555f';
const DEFAULT_ACCOUNT_ID = '9900000';
/** Bandwidth's default callback timeout (CARRIER-APIS.md §1.2). */
const DEFAULT_CALLBACK_TIMEOUT_MS = 15_000;
/** Default `<Transfer callTimeout>` (BW-DOCS `bxml/transfer.mdx`). */
const DEFAULT_CALL_TIMEOUT_S = 30;
/** Default seconds from the call's start for each forwarded-leg outcome (see {@link PlaceCallInput.ringSeconds}). */
const DEFAULT_RING_SECONDS: Record<Exclude<CallOutcome, 'no-answer'>, number> = { answered: 6, busy: 1, rejected: 4, 'caller-hangs-up': 8 };
/** Seconds after a recording ends until Bandwidth reports it downloadable (simulated). */
const RECORDING_PROCESSING_S = 2;
/** `cause` → `errorMessage` where Bandwidth documents one (voice-transfer-complete-busy.json; timeout is the constructed sample's). */
const ERROR_MESSAGES: Record<string, string> = { busy: 'Callee is busy', timeout: 'Call timed out' };
/** `<Gather firstDigitTimeout>` default, seconds (BW-DOCS `bxml/gather.mdx`). */
const DEFAULT_FIRST_DIGIT_TIMEOUT_S = 5;
/** `<Gather maxDigits>` default (BW-DOCS `bxml/gather.mdx`). */
const DEFAULT_MAX_DIGITS = 50;
/** Seconds a person takes to press the keys a prompt asks for (simulated). */
const PERSON_KEY_PRESS_S = 1;

/** Options of a {@link BandwidthCaller}. */
export interface BandwidthCallerOptions {
  /** The Voice application of the dialled numbers (can be set later with `setApplication`). */
  application?: VoiceApplication;
  /** Prefix rewrites applied to every callback URL before it is requested. */
  urlRewrites?: CallbackUrlRewrite[];
  /**
   * Real milliseconds waited per simulated millisecond between callbacks: 0 (default) plays a call as fast as the
   * service answers, 1 plays it in real time, 0.1 ten times faster. Event timestamps are always the simulated ones.
   */
  timeScale?: number;
  /** Per-callback timeout in ms (Bandwidth's default 15 s); a timeout counts as a failed delivery. */
  callbackTimeoutMs?: number;
}

/** A callback URL with its method and HTTP Basic credentials, plus the fallback Bandwidth tries when it fails. */
interface CallbackTarget {
  url: string;
  method: 'POST' | 'GET';
  auth: { username: string; password: string } | undefined;
  fallback?: CallbackTarget;
}

type SyncAnswer = { ok: true; verbs: BxmlVerb[]; docUrl: string } | { ok: false; cause: 'callback-error' | 'invalid-bxml' };
/** What a verb did to the document being executed. */
type Step = { kind: 'continue' } | { kind: 'replace'; verbs: BxmlVerb[]; docUrl: string } | { kind: 'ended' };

function hex8(): string {
  return randomUUID().replaceAll('-', '').slice(0, 8);
}

/** `PT12.5S` (ISO-8601 duration, as in voice-record-complete.json). */
function isoDuration(seconds: number): string {
  return `PT${Number(seconds.toFixed(3))}S`;
}

function authOf(username: string | undefined, password: string | undefined): CallbackTarget['auth'] {
  return username === undefined ? undefined : { username, password: password ?? '' };
}

function methodOf(raw: string | undefined): 'POST' | 'GET' {
  return raw?.toUpperCase() === 'GET' ? 'GET' : 'POST';
}

/**
 * Plays callers against a Bandwidth Voice application, the way Bandwidth drives an inbound call: POSTs `initiate`
 * (JSON, HTTP Basic with the application's `CallbackCreds`) to `CallInitiatedCallbackUrl`, reads the BXML answer
 * and executes its verbs, calling the URLs each verb names (relative ones resolved against the document's URL, with
 * the verb's `username`/`password`), and ends with the inbound leg's `disconnect` at `CallStatusCallbackUrl`.
 *
 * Verbs played (BW-DOCS `voice/bxml/*.mdx`, CARRIER-APIS.md §1.4–1.5 "How no answer shows up"):
 * - `<Transfer callTimeout transferCompleteUrl><PhoneNumber transferAnswerUrl transferDisconnectUrl>`: the
 *   {@link CallOutcome} of the call — `transferAnswer` (B-leg `callId`, `parentCallId` = the caller's leg),
 *   `transferDisconnect` (B-leg, async), `transferComplete` (A-leg, only while the caller is still on the line; its
 *   BXML replaces the rest of the document). The `transferAnswer` BXML plays on the B-leg before the legs are
 *   connected: `<SpeakSentence>`/`<PlayAudio>`/`<Pause>` take time, `<Gather gatherUrl firstDigitTimeout maxDigits>`
 *   gets the keys of {@link PlaceCallInput.answeredBy} (a person presses `personPresses`, a machine nothing) and
 *   POSTs `gather` (B-leg fields, `digits` empty on a timeout; bandwidth-openapi.yml `gatherCallback`) whose BXML
 *   replaces the B-leg's document, and `<Hangup>` ends the forwarded leg unconnected. Caller hang-up while ringing: A-leg `disconnect`, then
 *   `transferDisconnect` cause `cancel`, no `transferComplete`.
 * - `<SpeakSentence>` / `<PlayAudio>` / `<Pause>`: time passes (0.4 s a word, 2 s, `duration`).
 * - `<Record>`: the caller's {@link PlaceCallInput.atVoicemail} choice; `recordComplete` while the call is up,
 *   `recordingAvailable` (async) after the recording ends, `mediaUrl` under voice.bandwidth.com.
 * - `<Redirect redirectUrl>`: `redirect`, its BXML replaces the document. `<Tag>` sets the tag. `<Hangup>` or the
 *   end of the document ends the call (`cause` `hangup`). Other verbs are skipped (listed in `skippedVerbs`).
 * Failures as on Bandwidth: a sync callback that fails (non-2xx, connection error, timeout) is tried at its fallback
 * URL, else the call ends with `cause` `callback-error`; an answer that is not BXML ends it with `invalid-bxml`.
 * Async callbacks are retried once on a connection error.
 *
 * Times: every timestamp (`startTime`, `eventTime`, `answerTime`, `endTime`) is simulated from the call's start
 * (`startAt`, default now) plus the scripted seconds; `timeScale` decides how much of that is actually waited.
 * Calls may run concurrently; each is recorded ({@link PlacedCall}) as it goes.
 */
export class BandwidthCaller {
  private readonly placed: PlacedCall[] = [];
  private application: VoiceApplication | undefined;

  private readonly options: BandwidthCallerOptions;

  constructor(options: BandwidthCallerOptions = {}) {
    this.options = { ...options };
    this.application = options.application;
  }

  /** Sets the Voice application the dialled numbers belong to. */
  setApplication(application: VoiceApplication): void {
    this.application = application;
  }

  /** Replaces the callback URL prefix rewrites (a proxy between Bandwidth and the service). */
  setUrlRewrites(rewrites: CallbackUrlRewrite[]): void {
    this.options.urlRewrites = [...rewrites];
  }

  /** The configured Voice application, if any. */
  get voiceApplication(): VoiceApplication | undefined {
    return this.application;
  }

  /**
   * Places one call and plays it to its end (or until a failure ends it).
   * @returns the call record (also kept in {@link callsPlaced}).
   * @throws Error when no Voice application is set.
   */
  async placeCall(input: PlaceCallInput): Promise<PlacedCall> {
    const record = this.begin(input);
    await this.play(record);
    return record;
  }

  /**
   * Starts a call and returns its record at once; `finished` settles when the call has ended.
   * @throws Error when no Voice application is set.
   */
  startCall(input: PlaceCallInput): { call: PlacedCall; finished: Promise<PlacedCall> } {
    const record = this.begin(input);
    return { call: record, finished: this.play(record).then(() => record) };
  }

  /** Calls placed, oldest first (live records), optionally only those from/to a number. */
  callsPlaced(filter: { from?: string; to?: string; callId?: string } = {}): PlacedCall[] {
    return this.placed.filter((c) => (filter.from === undefined || c.from === filter.from) && (filter.to === undefined || c.to === filter.to) && (filter.callId === undefined || c.callId === filter.callId));
  }

  /** Forgets placed calls. */
  clear(): void {
    this.placed.length = 0;
  }

  private begin(input: PlaceCallInput): PlacedCall {
    if (!this.application) throw new Error('BandwidthCaller: no Voice application; call setApplication (CallInitiatedCallbackUrl, CallStatusCallbackUrl)');
    const start = input.startAt ?? new Date();
    const record: PlacedCall = {
      callId: input.callId ?? `c-${hex8()}-${randomUUID()}`,
      from: input.from,
      to: input.to,
      input,
      route: 'other',
      startTime: start.toISOString(),
      exchanges: [],
      skippedVerbs: [],
      done: false,
    };
    this.placed.push(record);
    return record;
  }

  private async play(record: PlacedCall): Promise<void> {
    const application = this.application as VoiceApplication;
    const playback = new CallPlayback(record, application, this.options);
    try {
      await playback.run();
    } finally {
      record.done = true;
    }
  }
}

/** One call being played: a simulated clock and the verbs of the current BXML document. */
class CallPlayback {
  /** Simulated seconds since `startTime`. */
  private t = 0;
  private answeredAt: number | undefined;
  private tag: string | undefined;
  private ended = false;
  private readonly startMs: number;
  private readonly accountId: string;
  private readonly applicationId: string;
  private readonly afterCall: (() => Promise<void>)[] = [];

  constructor(
    private readonly record: PlacedCall,
    private readonly application: VoiceApplication,
    private readonly options: BandwidthCallerOptions,
  ) {
    this.startMs = Date.parse(record.startTime);
    this.accountId = application.accountId ?? DEFAULT_ACCOUNT_ID;
    this.applicationId = application.applicationId ?? DEFAULT_VOICE_APPLICATION_ID;
  }

  async run(): Promise<void> {
    const app = this.application;
    const initiateTarget: CallbackTarget = {
      url: app.callInitiatedCallbackUrl,
      method: 'POST',
      auth: authOf(app.username, app.password),
      ...(app.callInitiatedFallbackUrl ? { fallback: { url: app.callInitiatedFallbackUrl, method: 'POST' as const, auth: authOf(app.username, app.password) } } : {}),
    };
    const { answerTime: _unanswered, ...initiate } = this.aLeg('initiate', 0);
    const answer = await this.sync('initiate', initiateTarget, initiate);
    if (!answer.ok) {
      this.record.route = 'failed';
      await this.disconnect(answer.cause);
    } else {
      this.record.route = routeOf(answer.verbs);
      await this.execute(answer.verbs, answer.docUrl);
    }
    for (const task of this.afterCall) await task();
  }

  // ---- verbs -------------------------------------------------------------------------------------------------

  private async execute(initialVerbs: BxmlVerb[], initialDocUrl: string): Promise<void> {
    let verbs = initialVerbs;
    let docUrl = initialDocUrl;
    let i = 0;
    while (!this.ended && i < verbs.length) {
      const verb = verbs[i] as BxmlVerb;
      i += 1;
      const step = await this.perform(verb, docUrl);
      if (step.kind === 'ended') return;
      if (step.kind === 'replace') {
        verbs = step.verbs;
        docUrl = step.docUrl;
        i = 0;
      }
    }
    // No more BXML: the call ends normally (cause hangup, BW-DOCS disconnect.mdx).
    if (!this.ended) await this.disconnect('hangup');
  }

  private async perform(verb: BxmlVerb, docUrl: string): Promise<Step> {
    switch (verb.name) {
      case 'Hangup':
        await this.disconnect('hangup');
        return { kind: 'ended' };
      case 'Transfer':
        return this.transfer(verb, docUrl);
      case 'SpeakSentence':
        this.answer();
        await this.advance(this.t + Math.max(1, verb.text.split(/\s+/).filter(Boolean).length * 0.4));
        return { kind: 'continue' };
      case 'PlayAudio':
        this.answer();
        await this.advance(this.t + 2);
        return { kind: 'continue' };
      case 'Pause':
        this.answer();
        await this.advance(this.t + numericAttribute(verb, 'duration', 1));
        return { kind: 'continue' };
      case 'Tag':
        this.tag = verb.text === '' ? undefined : verb.text;
        return { kind: 'continue' };
      case 'Record':
        return this.recordVoicemail(verb, docUrl);
      case 'Redirect': {
        this.answer();
        const target = this.targetOf(verb, 'redirect', docUrl);
        if (!target) return { kind: 'continue' };
        return this.continueWith(await this.sync('redirect', target, this.aLeg('redirect', this.t)));
      }
      default:
        this.record.skippedVerbs.push(verb.name);
        return { kind: 'continue' };
    }
  }

  private async transfer(verb: BxmlVerb, docUrl: string): Promise<Step> {
    this.answer();
    if (verb.attributes.tag !== undefined) this.tag = verb.attributes.tag === '' ? undefined : verb.attributes.tag;
    const phone = verb.children.find((c) => c.name === 'PhoneNumber' || c.name === 'SipUri');
    if (!phone) {
      await this.disconnect('invalid-bxml');
      return { kind: 'ended' };
    }
    const callTimeout = numericAttribute(verb, 'callTimeout', DEFAULT_CALL_TIMEOUT_S);
    const bStart = this.t;
    const bCallId = `${this.record.callId.split('-').slice(0, 2).join('-')}-${randomUUID()}`;
    const transferTo = phone.text;
    const transferCallerId = verb.attributes.transferCallerId || this.record.from;
    const bTag = phone.attributes.tag;
    const completeTarget = this.targetOf(verb, 'transferComplete', docUrl);
    const answerTarget = this.targetOf(phone, 'transferAnswer', docUrl);
    const disconnectTarget = this.targetOf(phone, 'transferDisconnect', docUrl);
    const bLeg = (eventType: string, t: number, extra: Record<string, unknown>): Record<string, unknown> => ({
      eventType,
      eventTime: this.iso(t),
      accountId: this.accountId,
      applicationId: this.applicationId,
      from: this.record.from,
      to: this.record.to,
      direction: 'outbound',
      callId: bCallId,
      parentCallId: this.record.callId,
      callUrl: this.callUrl(bCallId),
      startTime: this.iso(bStart),
      ...extra,
      transferTo,
      transferCallerId,
      ...(bTag ? { tag: bTag } : {}),
    });
    const transferDisconnect = async (cause: string, answeredAt?: number) => {
      if (!disconnectTarget) return;
      await this.async('transferDisconnect', disconnectTarget, bLeg('transferDisconnect', this.t, { ...(answeredAt === undefined ? {} : { answerTime: this.iso(answeredAt) }), endTime: this.iso(this.t), cause, ...errorFields(cause) }));
    };
    const transferComplete = async (cause: string): Promise<Step> => {
      if (!completeTarget) return { kind: 'continue' }; // no transferCompleteUrl: the verbs after <Transfer> run
      const body = { ...this.aLeg('transferComplete', this.t), transferCallerId, transferTo, cause, ...errorFields(cause) };
      return this.continueWith(await this.sync('transferComplete', completeTarget, body));
    };

    const requested = this.record.input.outcome ?? 'no-answer';
    let played: CallOutcome = requested;
    let ringEnd = bStart + callTimeout;
    if (requested !== 'no-answer') {
      ringEnd = Math.max(bStart, this.record.input.ringSeconds ?? DEFAULT_RING_SECONDS[requested]);
      if (ringEnd - bStart >= callTimeout) {
        played = 'no-answer';
        ringEnd = bStart + callTimeout;
      }
    }
    this.record.playedOutcome = played;
    await this.advance(ringEnd);

    switch (played) {
      case 'caller-hangs-up':
        // The caller's leg is gone, so Bandwidth sends no transferComplete; the ringing leg is cancelled.
        await this.disconnect('hangup');
        await transferDisconnect('cancel');
        return { kind: 'ended' };
      case 'no-answer':
        await transferDisconnect('timeout');
        return transferComplete('timeout');
      case 'busy':
        await transferDisconnect('busy');
        return transferComplete('busy');
      case 'rejected':
        await transferDisconnect('rejected');
        return transferComplete('rejected');
      case 'answered': {
        const answeredAt = this.t;
        let businessHungUp = false;
        const answeredBy = this.record.input.answeredBy ?? 'person';
        this.record.forwardedLeg = { answeredBy, gathered: [], bridged: true };
        if (answerTarget) {
          const bxml = await this.sync('transferAnswer', answerTarget, bLeg('transferAnswer', this.t, { answerTime: this.iso(answeredAt) }));
          // The answer's BXML plays to the business only; a <Hangup> there (or a failure) ends the forwarded leg at once.
          businessHungUp = !bxml.ok || (await this.playForwardedLeg(bxml.verbs, bxml.docUrl, (eventType, t, extra) => bLeg(eventType, t, { answerTime: this.iso(answeredAt), ...extra }))) === 'hung-up';
          this.record.forwardedLeg.bridged = !businessHungUp;
        }
        if (!businessHungUp) await this.advance(this.t + (this.record.input.talkSeconds ?? 45));
        if (!businessHungUp && this.record.input.hangsUpFirst === 'caller') {
          await this.disconnect('hangup');
          await transferDisconnect('hangup', answeredAt);
          return { kind: 'ended' };
        }
        await transferDisconnect('hangup', answeredAt);
        return transferComplete('hangup');
      }
    }
  }

  /**
   * Plays the `transferAnswer` BXML on the forwarded leg (to the business only, BW-DOCS `webhooks/transferAnswer.mdx`)
   * until it ends (`bridged`: the legs are connected) or hangs the leg up (`hung-up`, also when a callback fails).
   */
  private async playForwardedLeg(verbs: BxmlVerb[], docUrl: string, bLeg: (eventType: string, t: number, extra: Record<string, unknown>) => Record<string, unknown>): Promise<'bridged' | 'hung-up'> {
    let doc = verbs;
    let url = docUrl;
    for (let i = 0; i < doc.length; i++) {
      const verb = doc[i]!;
      switch (verb.name) {
        case 'Hangup':
          return 'hung-up';
        case 'SpeakSentence':
        case 'PlayAudio':
        case 'Pause':
          await this.advance(this.t + audioSeconds(verb));
          break;
        case 'Gather': {
          for (const audio of verb.children) await this.advance(this.t + audioSeconds(audio));
          const pressed = (this.record.input.answeredBy ?? 'person') === 'machine' ? '' : (this.record.input.personPresses ?? '1').slice(0, numericAttribute(verb, 'maxDigits', DEFAULT_MAX_DIGITS));
          await this.advance(this.t + (pressed === '' ? numericAttribute(verb, 'firstDigitTimeout', DEFAULT_FIRST_DIGIT_TIMEOUT_S) : PERSON_KEY_PRESS_S));
          this.record.forwardedLeg?.gathered.push(pressed);
          const target = this.targetOf(verb, 'gather', url);
          if (!target) break; // no gatherUrl: the next verb runs
          const answer = await this.sync('gather', target, bLeg('gather', this.t, { digits: pressed, terminatingDigit: '' }));
          if (!answer.ok) return 'hung-up';
          doc = answer.verbs;
          url = answer.docUrl;
          i = -1;
          break;
        }
        default:
          this.record.skippedVerbs.push(verb.name);
      }
    }
    return 'bridged';
  }

  private async recordVoicemail(verb: BxmlVerb, docUrl: string): Promise<Step> {
    this.answer();
    if ((this.record.input.atVoicemail ?? 'hang-up') === 'hang-up') {
      // The caller hangs up at the beep: no recording.
      await this.disconnect('hangup');
      return { kind: 'ended' };
    }
    const maxDuration = numericAttribute(verb, 'maxDuration', 60);
    const silenceTimeout = numericAttribute(verb, 'silenceTimeout', 0);
    const speech = Math.max(0, this.record.input.voicemailSeconds ?? 12);
    const recordingId = `r-${randomUUID()}`;
    const recStart = this.t;
    const hangsUp = (this.record.input.voicemailEnd ?? 'caller-hangs-up') === 'caller-hangs-up' && speech < maxDuration;
    const recEnd = hangsUp ? recStart + speech : recStart + (silenceTimeout > 0 ? Math.min(maxDuration, speech + silenceTimeout) : maxDuration);
    this.record.recordingId = recordingId;
    await this.advance(recEnd);
    const fileFormat = verb.attributes.fileFormat ?? 'wav';
    const recording = (eventType: string, t: number): Record<string, unknown> => {
      const { answerTime, startTime: _callStart, ...leg } = this.aLeg(eventType, t);
      return {
        ...leg,
        recordingId,
        channels: 1,
        ...(answerTime ? { answerTime } : {}),
        startTime: this.iso(recStart),
        endTime: this.iso(recEnd),
        duration: isoDuration(recEnd - recStart),
        fileFormat,
        mediaUrl: `${this.callUrl(this.record.callId)}/recordings/${recordingId}/media`,
      };
    };
    const available = this.targetOf(verb, 'recordingAvailable', docUrl);
    if (available) {
      this.afterCall.push(async () => {
        await this.advance(Math.max(this.t, recEnd + RECORDING_PROCESSING_S));
        await this.async('recordingAvailable', available, { ...recording('recordingAvailable', this.t), status: 'complete' });
      });
    }
    if (hangsUp) {
      // Bandwidth sends no recordComplete when the recording ended because the caller hung up.
      await this.disconnect('hangup');
      return { kind: 'ended' };
    }
    const complete = this.targetOf(verb, 'recordComplete', docUrl);
    if (!complete) return { kind: 'continue' };
    return this.continueWith(await this.sync('recordComplete', complete, recording('recordComplete', this.t)));
  }

  private async continueWith(answer: SyncAnswer): Promise<Step> {
    if (!answer.ok) {
      await this.disconnect(answer.cause);
      return { kind: 'ended' };
    }
    return { kind: 'replace', verbs: answer.verbs, docUrl: answer.docUrl };
  }

  // ---- the caller's leg --------------------------------------------------------------------------------------

  /** The inbound leg is answered when the first verb other than `<Hangup>` runs. */
  private answer(): void {
    this.answeredAt ??= this.t;
  }

  /** The caller's leg ends: `disconnect` to the application's CallStatusCallbackUrl (async, 204 expected). */
  private async disconnect(cause: string): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.record.endTime = this.iso(this.t);
    this.record.endCause = cause;
    const body = { ...this.aLeg('disconnect', this.t + 0.05), endTime: this.iso(this.t), cause, ...errorFields(cause) };
    await this.async('disconnect', { url: this.application.callStatusCallbackUrl, method: 'POST', auth: authOf(this.application.username, this.application.password) }, body);
  }

  /** Fields of every callback about the caller's leg (voice-initiate.json, voice-disconnect-inbound-hangup.json order). */
  private aLeg(eventType: string, t: number): Record<string, unknown> {
    return {
      eventType,
      eventTime: this.iso(t),
      accountId: this.accountId,
      applicationId: this.applicationId,
      from: this.record.from,
      to: this.record.to,
      direction: 'inbound',
      callId: this.record.callId,
      callUrl: this.callUrl(this.record.callId),
      startTime: this.record.startTime,
      ...(this.answeredAt === undefined ? {} : { answerTime: this.iso(this.answeredAt) }),
      ...(this.tag === undefined ? {} : { tag: this.tag }),
    };
  }

  private callUrl(callId: string): string {
    return `https://voice.bandwidth.com/api/v2/accounts/${this.accountId}/calls/${callId}`;
  }

  private iso(t: number): string {
    return new Date(this.startMs + Math.round(t * 1000)).toISOString();
  }

  /** Moves the simulated clock to `t`, waiting `timeScale` × the simulated time. */
  private async advance(t: number): Promise<void> {
    if (t <= this.t) return;
    const scale = this.record.input.timeScale ?? this.options.timeScale ?? 0;
    const waitMs = (t - this.t) * 1000 * scale;
    this.t = t;
    if (waitMs > 0) await sleep(waitMs);
  }

  // ---- HTTP --------------------------------------------------------------------------------------------------

  /** `<verb {prefix}Url {prefix}Method {prefix}FallbackUrl username password fallbackUsername fallbackPassword>`. */
  private targetOf(verb: BxmlVerb, prefix: string, docUrl: string): CallbackTarget | undefined {
    const a = verb.attributes;
    const raw = a[`${prefix}Url`];
    if (!raw) return undefined;
    const fallbackRaw = a[`${prefix}FallbackUrl`];
    return {
      url: new URL(raw, docUrl).toString(),
      method: methodOf(a[`${prefix}Method`]),
      auth: authOf(a.username, a.password),
      ...(fallbackRaw ? { fallback: { url: new URL(fallbackRaw, docUrl).toString(), method: methodOf(a[`${prefix}FallbackMethod`]), auth: authOf(a.fallbackUsername, a.fallbackPassword) } } : {}),
    };
  }

  /** A callback that expects BXML (200 application/xml): tried at its URL, then at its fallback. */
  private async sync(eventType: string, target: CallbackTarget, body: Record<string, unknown>): Promise<SyncAnswer> {
    let attempt = 0;
    for (let current: CallbackTarget | undefined = target; current; current = current.fallback) {
      attempt += 1;
      const exchange = await this.send(eventType, current, body, attempt);
      if (exchange.status >= 200 && exchange.status < 300) {
        try {
          const verbs = parseBxml(exchange.responseBody ?? '');
          exchange.verbs = verbs.map((v) => v.name);
          return { ok: true, verbs, docUrl: current.url };
        } catch {
          return { ok: false, cause: 'invalid-bxml' };
        }
      }
    }
    return { ok: false, cause: 'callback-error' };
  }

  /** A callback whose answer is ignored (204 expected); retried once on a connection error (BW-DOCS webhooks/about.mdx). */
  private async async(eventType: string, target: CallbackTarget, body: Record<string, unknown>): Promise<void> {
    const first = await this.send(eventType, target, body, 1);
    if (first.status === 0) await this.send(eventType, target, body, 2);
  }

  private async send(eventType: string, target: CallbackTarget, body: Record<string, unknown>, attempt: number): Promise<VoiceCallbackExchange> {
    let requestedUrl = rewrite(target.url, this.options.urlRewrites ?? []);
    const headers: Record<string, string> = {};
    if (target.auth) headers.authorization = `Basic ${Buffer.from(`${target.auth.username}:${target.auth.password}`).toString('base64')}`;
    let payload: string | undefined;
    if (target.method === 'GET') {
      const url = new URL(requestedUrl);
      for (const [k, v] of Object.entries(body)) if (v !== undefined && v !== null && typeof v !== 'object') url.searchParams.set(k, String(v));
      requestedUrl = url.toString();
    } else {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const exchange: VoiceCallbackExchange = { eventType, url: target.url, requestedUrl, method: target.method, attempt, status: 0, body, sentAt: new Date() };
    this.record.exchanges.push(exchange);
    try {
      const res = await fetch(requestedUrl, { method: target.method, headers, body: payload, signal: AbortSignal.timeout(this.options.callbackTimeoutMs ?? DEFAULT_CALLBACK_TIMEOUT_MS) });
      exchange.status = res.status;
      const contentType = res.headers.get('content-type');
      if (contentType) exchange.responseContentType = contentType;
      exchange.responseBody = await res.text();
      exchange.answeredMs = Date.now() - exchange.sentAt.getTime();
    } catch (err) {
      exchange.status = 0;
      exchange.error = failureCause(err);
    }
    return exchange;
  }
}

/** Why a fetch failed, for {@link VoiceCallbackExchange.error}: `timeout`, the cause's code (undici/Node), else the message. */
function failureCause(err: unknown): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'timeout';
  const cause = err instanceof Error ? (err as Error & { cause?: unknown }).cause : undefined;
  const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
  if (typeof code === 'string') return code;
  if (cause instanceof Error) return cause.message.slice(0, 80);
  return err instanceof Error ? err.message.slice(0, 80) : String(err).slice(0, 80);
}

/** Seconds an audio verb plays (simulated): 0.4 s a word of `<SpeakSentence>` (at least 1), 2 s of `<PlayAudio>`, `<Pause duration>`. */
function audioSeconds(verb: BxmlVerb): number {
  switch (verb.name) {
    case 'SpeakSentence':
      return Math.max(1, verb.text.split(/\s+/).filter(Boolean).length * 0.4);
    case 'PlayAudio':
      return 2;
    case 'Pause':
      return numericAttribute(verb, 'duration', 1);
    default:
      return 0;
  }
}

/** `errorMessage` / `errorId` for a failure cause (both optional and nullable in the spec; absent for `hangup`). */
function errorFields(cause: string): Record<string, string> {
  if (cause === 'hangup' || cause === 'cancel') return {};
  const message = ERROR_MESSAGES[cause];
  return { ...(message ? { errorMessage: message } : {}), errorId: randomUUID() };
}

function rewrite(url: string, rewrites: CallbackUrlRewrite[]): string {
  for (const r of rewrites) if (url.startsWith(r.from)) return `${r.to}${url.slice(r.from.length)}`;
  return url;
}

function routeOf(verbs: BxmlVerb[]): CallRoute {
  if (verbs.some((v) => v.name === 'Transfer')) return 'forward';
  if (verbs.some((v) => v.name === 'Record')) return 'voicemail';
  if (verbs.length === 0 || verbs[0]?.name === 'Hangup') return 'rejected';
  return 'other';
}
