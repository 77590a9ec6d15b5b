import { parseFormWebhookBody } from '@textback/platform';
import { getExpectedTwilioSignature } from 'twilio';
import { SeededRandom } from './seeded-random';

/** Where and with which secrets the generated webhooks are sent. */
export interface FuzzTarget {
  /** Public base URLs the services check Twilio signatures against (TELEPHONY_/MESSAGING_PUBLIC_BASE_URL). */
  telephonyPublicUrl: string;
  messagingPublicUrl: string;
  bandwidthVoiceAuth: { username: string; password: string };
  bandwidthMessagingAuth: { username: string; password: string };
  twilioAuthToken: string;
  /** The location's main line (callers dial it) and sending number (callers text it). */
  mainLine: string;
  sendingNumber: string;
  /** The services' body limit, bytes (CARRIER_WEBHOOK_BODY_LIMIT_BYTES). */
  bodyLimitBytes: number;
}

export type FuzzCarrier = 'bandwidth' | 'twilio';
export type FuzzChannel = 'voice' | 'messaging';

/**
 * One generated webhook request and what it must lead to.
 * - `expected`: the statuses it may get (never a 5xx).
 * - `texts`: valid inbound texts it carries (each must be applied exactly once however often it is sent):
 *   a STOP must give exactly one opt-out for its caller, any other text exactly one `messaging.sms.received.v1`.
 * - `calls`: valid first webhooks of calls it carries (each must create exactly one call record).
 */
export interface FuzzCase {
  carrier: FuzzCarrier;
  channel: FuzzChannel;
  label: string;
  service: 'telephony-ingest' | 'messaging';
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  expected: number[];
  texts: ValidText[];
  calls: string[];
}

/** A valid inbound text of the fuzz run. */
export interface ValidText {
  carrier: FuzzCarrier;
  messageId: string;
  from: string;
  stop: boolean;
}

/** Ordinary replies: none is a compliance keyword or a request to stop. */
const TEXTS = ['Hi, is anyone there?', 'Need a plumber tomorrow morning', 'My AC is broken 🥵', '¿Hablan español?', '80202', 'ok', '', 'Can you come at 3pm', 'Água quente não funciona', '電話してください', 'The water heater is leaking in the basement'];
const STOPS = ['STOP', 'stop', 'Stop.', 'STOP\u0000', ' STOP '];
/** Characters that must never break a request: controls, zero-width, bidi marks, NUL, a lone surrogate, emoji. */
const ODD = ['\u0001', '\u0007', '\u001b', '\u007f', '\u200b', '\u200d', '\u2060', '\ufeff', '\u202e', '\u0000', '\ud800', '\udfff', '👍🏽', '\r\n', '\t', '"', '\\', '<Redirect/>', '%00', '&amp;'];

/**
 * Generates fuzz cases for both carriers × voice and messaging from a seed (see {@link SeededRandom}): valid events,
 * wrong types, huge and tiny values, control and zero-width characters, wrong encodings (invalid UTF-8, UTF-16),
 * wrong content types, duplicated and reordered events, truncated bodies, oversize bodies, bad credentials and
 * signatures, and valid events mixed into bad batches.
 */
export class WebhookCaseGenerator {
  private readonly rnd: SeededRandom;
  private readonly callers = new Set<string>();
  private readonly sent: FuzzCase[] = [];
  private seq = 0;

  constructor(
    seed: number,
    private readonly target: FuzzTarget,
    /** Distinguishes ids between runs with the same seed (hex, at most 16 characters): carrier ids are unique keys. */
    private readonly runTag: string,
  ) {
    this.rnd = new SeededRandom(seed);
  }

  /** The next case: a quarter per carrier × channel, then a kind within it. */
  next(): FuzzCase {
    const r = this.rnd;
    // A valid request sent again, as a carrier retry would (duplicates across requests).
    const again = this.sent.length > 0 && r.chance(0.05) ? this.sent[r.int(Math.max(0, this.sent.length - 200), this.sent.length - 1)] : undefined;
    if (again) return { ...again, label: `${again.label}+redelivered` };
    const which = r.int(0, 3);
    const c = which === 0 ? this.bandwidthMessaging() : which === 1 ? this.twilioMessaging() : which === 2 ? this.bandwidthVoice() : this.twilioVoice();
    if (c.texts.length > 0 || c.calls.length > 0) this.sent.push(c);
    return c;
  }

  // ---------- building blocks ----------

  private id(prefix: string): string {
    this.seq += 1;
    return `${prefix}${this.runTag}${this.seq.toString(36)}${this.rnd.hex(6)}`;
  }

  private caller(): string {
    for (;;) {
      const n = `+1${this.rnd.pick(['303', '720', '312', '646', '415'])}${this.rnd.int(200, 999)}${String(this.rnd.int(0, 9999)).padStart(4, '0')}`;
      if (n.slice(5, 8) === '555' || this.callers.has(n) || n === this.target.mainLine || n === this.target.sendingNumber) continue;
      this.callers.add(n);
      return n;
    }
  }

  private odd(text: string): string {
    const r = this.rnd;
    let out = text;
    const n = r.int(1, 4);
    for (let i = 0; i < n; i++) {
      const at = r.int(0, out.length);
      out = `${out.slice(0, at)}${r.pick(ODD)}${out.slice(at)}`;
    }
    return out;
  }

  /** Text of a valid non-keyword message: plain, odd characters, huge or tiny. */
  private messageText(): string {
    const r = this.rnd;
    const base = r.pick(TEXTS);
    const k = r.int(0, 9);
    if (k < 4) return base;
    if (k < 8) return this.odd(base || 'hello');
    if (k === 8) return `${base} ${'x'.repeat(r.int(500, 3000))}`;
    return r.pick(['a', '1', '.', '🙂']);
  }

  private stopText(): string {
    return this.rnd.pick(STOPS);
  }

  private bandwidthReceived(from: string, text: string, id = this.id('bw')): Record<string, unknown> {
    const now = new Date().toISOString();
    return {
      time: now,
      type: 'message-received',
      to: this.target.sendingNumber,
      description: 'Incoming message received',
      message: { id, owner: this.target.sendingNumber, applicationId: 'fuzz-app', time: now, segmentCount: 1, direction: 'in', to: [this.target.sendingNumber], from, text },
    };
  }

  /** A Bandwidth messaging event that fails validation whatever else it holds. */
  private badBandwidthEvent(): Record<string, unknown> {
    const r = this.rnd;
    const e = this.bandwidthReceived(this.caller(), this.messageText());
    const m = e.message as Record<string, unknown>;
    switch (r.int(0, 12)) {
      case 0: delete m.id; break;
      case 1: m.id = r.int(0, 1e9); break;
      case 2: e.message = 'not an object'; break;
      case 3: delete e.type; break;
      case 4: e.time = r.int(0, 2e9); break;
      case 5: e.time = r.pick(['+200000-01-01T00:00:00Z', '1969-07-20T20:17:00Z', '1999-12-31T23:59:59Z', '9999-12-31T23:59:59Z']); break;
      case 6: e.time = r.pick(['not a date', '', 'yesterday', '2026-13-45T99:99:99Z']); break;
      case 7: m.direction = r.pick(['sideways', '', 'IN', 1]); break;
      case 8: e.to = ''; break;
      case 9: m.from = r.pick(['', null, 7, '+1'.padEnd(r.int(65, 5000), '9')]); break;
      case 10: m.id = 'i'.repeat(r.int(129, 5000)); break;
      case 11: m.text = r.pick([42, { a: 1 }, ['STOP'], true]); break;
      default: m.time = '+275760-09-13T00:00:00.000Z'; break;
    }
    return e;
  }

  private json(value: unknown): Buffer {
    return Buffer.from(JSON.stringify(value), 'utf8');
  }

  private basic(auth: { username: string; password: string }): string {
    return `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  }

  private oversize(): Buffer {
    return Buffer.alloc(this.target.bodyLimitBytes + this.rnd.int(1, 50_000), 0x61);
  }

  private contentType(json: boolean): Record<string, string> {
    const r = this.rnd;
    if (r.chance(0.85)) return { 'content-type': json ? 'application/json; charset=utf-8' : 'application/x-www-form-urlencoded' };
    const t = r.pick(['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/octet-stream', '']);
    return t ? { 'content-type': t } : {};
  }

  /** Invalid UTF-8 bytes spliced into a JSON string value right after `marker` (they decode to U+FFFD). */
  private withInvalidUtf8(json: string, marker: string): Buffer {
    const found = json.indexOf(marker);
    const at = found < 0 ? -1 : found + marker.length;
    if (at < 0) return Buffer.from(json, 'utf8');
    const head = Buffer.from(json.slice(0, at), 'utf8');
    const tail = Buffer.from(json.slice(at), 'utf8');
    return Buffer.concat([head, Buffer.from(this.rnd.pick([[0xff], [0xc3], [0xe2, 0x82], [0xf0, 0x9f], [0xed, 0xa0, 0x80], [0xc0, 0xaf]])), tail]);
  }

  private utf16(text: string): Buffer {
    return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  }

  // ---------- Bandwidth messaging ----------

  private bandwidthMessaging(): FuzzCase {
    const r = this.rnd;
    const base = { carrier: 'bandwidth' as const, channel: 'messaging' as const, service: 'messaging' as const, path: '/webhooks/bandwidth/messaging', calls: [] };
    const auth = { authorization: this.basic(this.target.bandwidthMessagingAuth) };
    const valid = (n: number): { events: Record<string, unknown>[]; texts: ValidText[] } => {
      const events: Record<string, unknown>[] = [];
      const texts: ValidText[] = [];
      for (let i = 0; i < n; i++) {
        const stop = r.chance(0.3);
        const from = this.caller();
        const e = this.bandwidthReceived(r.chance(0.1) ? `${from}\u0000` : from, stop ? this.stopText() : this.messageText());
        events.push(e);
        texts.push({ carrier: 'bandwidth', messageId: (e.message as { id: string }).id, from, stop });
      }
      return { events, texts };
    };
    const k = r.int(0, 19);
    if (k <= 4) {
      const { events, texts } = valid(r.int(1, 4));
      return { ...base, label: 'bw-sms valid batch', headers: { ...auth, ...this.contentType(true) }, body: this.json(events), expected: [204], texts };
    }
    if (k <= 8) {
      const { events, texts } = valid(r.int(1, 3));
      const bad = Array.from({ length: r.int(1, 3) }, () => this.badBandwidthEvent());
      return { ...base, label: 'bw-sms mixed batch (valid + bad, shuffled)', headers: { ...auth, ...this.contentType(true) }, body: this.json(r.shuffle([...events, ...bad])), expected: [204], texts };
    }
    if (k === 9) {
      const bad = Array.from({ length: r.int(1, 4) }, () => this.badBandwidthEvent());
      return { ...base, label: 'bw-sms all-bad batch', headers: { ...auth, ...this.contentType(true) }, body: this.json(bad), expected: [204], texts: [] };
    }
    if (k === 10) {
      const { events, texts } = valid(r.int(1, 2));
      const doubled = r.shuffle([...events, ...events, ...(r.chance(0.5) ? events : [])]);
      return { ...base, label: 'bw-sms duplicated events in one batch', headers: { ...auth, ...this.contentType(true) }, body: this.json(doubled), expected: [204], texts };
    }
    if (k === 11) {
      const body = r.pick<unknown>([{}, 1, null, 'events', [], [1, 2], [[]], [null], { type: 'message-received' }, true]);
      return { ...base, label: 'bw-sms not an array of events', headers: { ...auth, ...this.contentType(true) }, body: this.json(body), expected: [400], texts: [] };
    }
    if (k === 12) {
      const full = JSON.stringify(valid(r.int(1, 3)).events);
      return { ...base, label: 'bw-sms truncated JSON', headers: { ...auth, ...this.contentType(true) }, body: Buffer.from(full.slice(0, r.int(0, full.length - 1)), 'utf8'), expected: [400], texts: [] };
    }
    if (k === 13) {
      const { events, texts } = valid(r.int(1, 2));
      return { ...base, label: 'bw-sms UTF-16 body with BOM', headers: { ...auth, 'content-type': 'application/json; charset=utf-16' }, body: this.utf16(JSON.stringify(events)), expected: [204], texts };
    }
    if (k === 14) {
      const from = this.caller();
      const e = this.bandwidthReceived(from, r.pick(TEXTS.filter((t) => t.length > 0)));
      const id = (e.message as { id: string }).id;
      return { ...base, label: 'bw-sms invalid UTF-8 bytes in a text', headers: { ...auth, ...this.contentType(true) }, body: this.withInvalidUtf8(JSON.stringify([e]), '"text":"'), expected: [204], texts: [{ carrier: 'bandwidth', messageId: id, from, stop: false }] };
    }
    if (k === 15) return { ...base, label: 'bw-sms oversize body', headers: { ...auth, ...this.contentType(true) }, body: this.oversize(), expected: [413], texts: [] };
    if (k === 16) {
      const bad = r.pick<Record<string, string>>([{}, { authorization: 'Basic Zm9vOmJhcg==' }, { authorization: 'Bearer x' }, { authorization: this.basic({ ...this.target.bandwidthMessagingAuth, password: 'wrong' }) }]);
      return { ...base, label: 'bw-sms bad credentials', headers: { ...bad, ...this.contentType(true) }, body: this.json(valid(1).events), expected: [401], texts: [] };
    }
    if (k === 17) return { ...base, label: 'bw-sms XML body', headers: { ...auth, 'content-type': 'application/xml' }, body: Buffer.from('<?xml version="1.0"?><events><event type="message-received"/></events>'), expected: [400], texts: [] };
    // huge and tiny values inside otherwise valid events
    const { events, texts } = valid(1);
    const e = events[0] as { message: Record<string, unknown> };
    e.message.segmentCount = r.pick([0, -1, 1e308, 2 ** 53]);
    e.message.media = r.chance(0.5) ? [] : Array.from({ length: r.int(1, 20) }, (_, i) => `https://example.com/m${i}.jpg`);
    (e as Record<string, unknown>).unknownField = r.pick([null, { deep: { deeper: [1, 2, 3] } }, 'x'.repeat(1000)]);
    return { ...base, label: 'bw-sms odd sizes in a valid event', headers: { ...auth, ...this.contentType(true) }, body: this.json(events), expected: [204], texts };
  }

  // ---------- Twilio messaging ----------

  private twilioRequest(path: string, form: string, valid: boolean | 'bad' | 'none', contentType?: Record<string, string>): { headers: Record<string, string>; body: Buffer } {
    const body = Buffer.from(form, 'utf8');
    const url = `${this.target.messagingPublicUrl}${path}`;
    const params = parseFormWebhookBody(body);
    const headers: Record<string, string> = { ...(contentType ?? this.contentType(false)) };
    if (valid === true) headers['x-twilio-signature'] = getExpectedTwilioSignature(this.target.twilioAuthToken, url, params);
    else if (valid === 'bad') headers['x-twilio-signature'] = this.rnd.pick(['', 'bm9wZQ==', getExpectedTwilioSignature('wrong-token', url, params), '\u00ff\u00fe']);
    return { headers, body };
  }

  private twilioInboundForm(sid: string, from: string, body: string, extra: Record<string, string> = {}): string {
    const p = new URLSearchParams({ ToCountry: 'US', SmsMessageSid: sid, NumMedia: '0', SmsSid: sid, SmsStatus: 'received', To: this.target.sendingNumber, MessageSid: sid, AccountSid: 'ACfuzz', From: from, ApiVersion: '2010-04-01', ...extra });
    p.append('Body', body); // last, so a truncation cuts only the text
    return p.toString();
  }

  private twilioMessaging(): FuzzCase {
    const r = this.rnd;
    const path = '/webhooks/twilio/messaging';
    const base = { carrier: 'twilio' as const, channel: 'messaging' as const, service: 'messaging' as const, calls: [] };
    const sid = () => `SM${this.runTag}${this.rnd.hex(32 - this.runTag.length)}`;
    const k = r.int(0, 13);
    if (k <= 5) {
      const stop = r.chance(0.3);
      const from = this.caller();
      const id = sid();
      const text = stop ? this.stopText() : this.messageText();
      const req = this.twilioRequest(path, this.twilioInboundForm(id, r.chance(0.1) ? `${from}\u0000` : from, text), true);
      return { ...base, label: 'tw-sms valid inbound', path, ...req, expected: [200], texts: [{ carrier: 'twilio', messageId: id, from, stop }] };
    }
    if (k === 6) {
      const form = this.twilioInboundForm(sid(), this.caller(), 'hello');
      const p = new URLSearchParams(form);
      p.delete(r.pick(['From', 'To', 'MessageSid']));
      if (!p.has('MessageSid')) p.delete('SmsSid');
      return { ...base, label: 'tw-sms missing a required param', path, ...this.twilioRequest(path, p.toString(), true), expected: [400], texts: [] };
    }
    if (k === 7) {
      const from = this.caller();
      const id = sid();
      const full = this.twilioInboundForm(id, from, `Need help with the sink ${'y'.repeat(r.int(10, 200))}`);
      const cut = full.slice(0, r.int(full.lastIndexOf('Body=') + 5, full.length - 1));
      return { ...base, label: 'tw-sms truncated form (inside Body)', path, ...this.twilioRequest(path, cut.replace(/%[0-9A-F]?$/i, ''), true), expected: [200], texts: [{ carrier: 'twilio', messageId: id, from, stop: false }] };
    }
    if (k === 8) {
      return { ...base, label: 'tw-sms bad or missing signature', path, ...this.twilioRequest(path, this.twilioInboundForm(sid(), this.caller(), 'hi'), r.chance(0.5) ? 'bad' : 'none'), expected: [403], texts: [] };
    }
    if (k === 9) {
      const status = r.pick(['delivered', 'undelivered', 'failed', 'sent', 'queued', 'weird', 'x'.repeat(40)]);
      const p = new URLSearchParams({ MessageSid: sid(), MessageStatus: status, AccountSid: 'ACfuzz', ErrorCode: r.pick(['', '30006', '21610', 'abc']) });
      const spath = `${path}/status?commandId=${r.pick(['', 'not-a-uuid', '4b0b6f4e-3e2a-4b8e-9a55-3f1f1f1f1f1f'])}`;
      return { ...base, label: 'tw-sms status callback (unknown message)', path: spath, ...this.twilioRequest(spath, p.toString(), true), expected: [200], texts: [] };
    }
    if (k === 10) {
      const spath = `${path}/status`;
      const p = new URLSearchParams({ MessageSid: sid(), AccountSid: 'ACfuzz' });
      return { ...base, label: 'tw-sms status without MessageStatus', path: spath, ...this.twilioRequest(spath, p.toString(), true), expected: [400], texts: [] };
    }
    if (k === 11) return { ...base, label: 'tw-sms oversize body', path, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'x' }, body: this.oversize(), expected: [413], texts: [] };
    if (k === 12) {
      // Invalid UTF-8 (%FF, a lone surrogate %ED%A0%80) and a repeated Body: still one valid text.
      const from = this.caller();
      const id = sid();
      const form = `${this.twilioInboundForm(id, from, 'first body')}&Body=${r.pick(['%FF%FE', '%ED%A0%80', '%C0%AF', '%00'])}second`;
      return { ...base, label: 'tw-sms invalid UTF-8 escapes and a repeated key', path, ...this.twilioRequest(path, form, true), expected: [200], texts: [{ carrier: 'twilio', messageId: id, from, stop: false }] };
    }
    const json = JSON.stringify({ MessageSid: sid(), From: this.caller(), To: this.target.sendingNumber, Body: 'json instead of a form' });
    return { ...base, label: 'tw-sms JSON body instead of a form', path, ...this.twilioRequest(path, json, true, { 'content-type': 'application/json' }), expected: [400], texts: [] };
  }

  // ---------- Bandwidth voice ----------

  private bandwidthVoice(): FuzzCase {
    const r = this.rnd;
    const base = { carrier: 'bandwidth' as const, channel: 'voice' as const, service: 'telephony-ingest' as const, texts: [] };
    const auth = { authorization: this.basic(this.target.bandwidthVoiceAuth) };
    const now = () => new Date().toISOString();
    const callId = () => `c-${this.id('v')}`;
    const initiate = (id: string, from: string): Record<string, unknown> => ({
      eventType: 'initiate', eventTime: now(), accountId: '9900000', applicationId: 'fuzz-voice-app', from, to: this.target.mainLine, direction: 'inbound', callId: id, callUrl: `https://voice.bandwidth.com/api/v2/accounts/9900000/calls/${id}`, startTime: now(),
    });
    const event = (eventType: string, id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
      eventType, eventTime: now(), accountId: '9900000', applicationId: 'fuzz-voice-app', from: this.caller(), to: this.target.mainLine, direction: 'inbound', callId: id, startTime: now(), ...extra,
    });
    const hookOf: Record<string, string> = { initiate: 'initiate', disconnect: 'status', transferComplete: 'transfer-complete', transferAnswer: 'transfer-answer', transferDisconnect: 'transfer-disconnect', recordComplete: 'record-complete', recordingAvailable: 'recording-available', redirect: 'redirect' };
    const k = r.int(0, 13);
    if (k <= 4) {
      const id = callId();
      const from = r.pick([this.caller(), 'Anonymous', '', `${this.caller()}\u0000`, this.odd('+13035550100'), 'sip:+13035550100@sip.example.com', 'x'.repeat(r.int(100, 5000))]);
      const body = initiate(id, from);
      const utf16 = r.chance(0.1);
      return { ...base, label: `bw-voice valid initiate${utf16 ? ' (UTF-16)' : ''}`, path: '/bandwidth/voice/initiate', headers: { ...auth, ...this.contentType(true) }, body: utf16 ? this.utf16(JSON.stringify(body)) : this.json(body), expected: [200], calls: [id] };
    }
    if (k <= 6) {
      const type = r.pick(['disconnect', 'transferComplete', 'transferAnswer', 'transferDisconnect', 'recordComplete', 'recordingAvailable', 'redirect', 'machineDetectionComplete']);
      const extra: Record<string, unknown> = { cause: r.pick(['timeout', 'hangup', 'busy', 'cancel', 'weird-cause']), endTime: now(), parentCallId: callId(), recordingId: `r-${this.rnd.hex(8)}`, duration: r.pick(['PT20.5S', 'P9999Y', 'nonsense']), mediaUrl: r.pick(['https://voice.bandwidth.com/r.wav', 'javascript:alert(1)', '']), status: r.pick(['complete', 'partial', 'error']) };
      const path = `/bandwidth/voice/${hookOf[type] ?? 'status'}`;
      const expected = ['transferComplete', 'transferAnswer', 'recordComplete', 'redirect'].includes(type) ? [200] : [204];
      return { ...base, label: `bw-voice valid ${type} (call unknown)`, path, headers: { ...auth, ...this.contentType(true) }, body: this.json(event(type, callId(), extra)), expected, calls: [] };
    }
    if (k === 7) {
      const b = initiate(callId(), this.caller());
      const mutate = r.int(0, 4);
      if (mutate === 0) delete b.callId;
      else if (mutate === 1) b.eventTime = r.pick(['+200000-01-01T00:00:00Z', 'not a time', '1970-01-01T00:00:00Z']);
      else if (mutate === 2) b.callId = r.int(0, 1e6);
      else if (mutate === 3) b.startTime = '+200000-01-01T00:00:00Z';
      else b.callId = 'c'.repeat(r.int(129, 3000));
      return { ...base, label: 'bw-voice malformed initiate to our line (fail open → forward)', path: '/bandwidth/voice/initiate', headers: { ...auth, ...this.contentType(true) }, body: this.json(b), expected: [200], calls: [] };
    }
    if (k === 8) {
      const b = initiate(callId(), this.caller());
      delete b.to;
      return { ...base, label: 'bw-voice initiate without a dialled number', path: '/bandwidth/voice/initiate', headers: { ...auth, ...this.contentType(true) }, body: this.json(b), expected: [400], calls: [] };
    }
    if (k === 9) {
      const b = event(r.pick(['disconnect', 'transferComplete']), callId(), { cause: r.pick([7, '', null]), eventTime: r.pick(['+200000-01-01T00:00:00Z', 12, '']) });
      return { ...base, label: 'bw-voice malformed verb callback', path: '/bandwidth/voice/status', headers: { ...auth, ...this.contentType(true) }, body: this.json(b), expected: [400], calls: [] };
    }
    if (k === 10) {
      const full = JSON.stringify(event('disconnect', callId(), { cause: 'hangup' }));
      const body = r.chance(0.5) ? Buffer.from(full.slice(0, r.int(0, full.length - 1))) : this.json(r.pick<unknown>([[], 1, 'x', null, [event('disconnect', callId(), { cause: 'hangup' })]]));
      return { ...base, label: 'bw-voice truncated or non-object body', path: '/bandwidth/voice/status', headers: { ...auth, ...this.contentType(true) }, body, expected: [400], calls: [] };
    }
    if (k === 11) return { ...base, label: 'bw-voice bad credentials', path: '/bandwidth/voice/initiate', headers: { ...r.pick<Record<string, string>>([{}, { authorization: 'Basic Og==' }]), ...this.contentType(true) }, body: this.json(initiate(callId(), this.caller())), expected: [401], calls: [] };
    if (k === 12) return { ...base, label: 'bw-voice oversize body', path: '/bandwidth/voice/status', headers: { ...auth, ...this.contentType(true) }, body: this.oversize(), expected: [413], calls: [] };
    const id = callId();
    return { ...base, label: 'bw-voice initiate with invalid UTF-8 in the caller id', path: '/bandwidth/voice/initiate', headers: { ...auth, ...this.contentType(true) }, body: this.withInvalidUtf8(JSON.stringify(initiate(id, 'Caller Name')), '"from":"'), expected: [200], calls: [id] };
  }

  // ---------- Twilio voice ----------

  private twilioVoice(): FuzzCase {
    const r = this.rnd;
    const base = { carrier: 'twilio' as const, channel: 'voice' as const, service: 'telephony-ingest' as const, texts: [] };
    const sign = (path: string, form: string, valid: boolean | 'bad' | 'none' = true) => {
      const body = Buffer.from(form, 'utf8');
      const url = `${this.target.telephonyPublicUrl}${path}`;
      const headers: Record<string, string> = { ...this.contentType(false) };
      if (valid === true) headers['x-twilio-signature'] = getExpectedTwilioSignature(this.target.twilioAuthToken, url, parseFormWebhookBody(body));
      else if (valid === 'bad') headers['x-twilio-signature'] = 'bm9wZQ==';
      return { path, headers, body };
    };
    const callSid = () => `CA${this.runTag}${this.rnd.hex(32 - this.runTag.length)}`;
    const form = (sid: string, extra: Record<string, string> = {}) =>
      new URLSearchParams({ AccountSid: 'ACfuzz', ApiVersion: '2010-04-01', CallSid: sid, CallStatus: 'ringing', Direction: 'inbound', From: this.caller(), To: this.target.mainLine, ...extra }).toString();
    const k = r.int(0, 9);
    if (k <= 3) {
      const sid = callSid();
      const from = r.pick([this.caller(), 'Anonymous', '', `${this.caller()}\u0000`, this.odd('+14155550100')]);
      return { ...base, label: 'tw-voice valid incoming', ...sign('/twilio/voice/incoming', form(sid, { From: from })), expected: [200], calls: [sid] };
    }
    if (k <= 5) {
      const hook = r.pick(['status', 'dial-action', 'recording-status', 'record-action']);
      const extra = { CallStatus: r.pick(['completed', 'no-answer', 'busy', 'in-progress', 'weird']), DialCallStatus: r.pick(['no-answer', 'completed', 'canceled']), DialCallDuration: r.pick(['0', '12']), RecordingSid: `RE${this.rnd.hex(32)}`, RecordingDuration: r.pick(['5', '-1', '0']), RecordingUrl: 'https://api.twilio.com/r', Timestamp: r.pick(['Mon, 30 Nov 2026 01:02:03 +0000', 'garbage', 'Sat, 01 Jan 200000 00:00:00 +0000']), ...(r.chance(0.3) ? { ParentCallSid: callSid() } : {}) };
      const expected = hook === 'status' || hook === 'recording-status' ? [204] : [200];
      return { ...base, label: `tw-voice valid ${hook} (call unknown)`, ...sign(`/twilio/voice/${hook}`, form(callSid(), extra)), expected, calls: [] };
    }
    if (k === 6) {
      const p = new URLSearchParams(form(callSid()));
      p.set('CallSid', r.pick(['', 'XX123', 'CA', `CA${'a'.repeat(200)}`]));
      return { ...base, label: 'tw-voice malformed incoming to our line (fail open → forward)', ...sign('/twilio/voice/incoming', p.toString()), expected: [200], calls: [] };
    }
    if (k === 7) {
      const p = new URLSearchParams(form(callSid()));
      p.delete(r.pick(['CallStatus', 'AccountSid', 'To']));
      return { ...base, label: 'tw-voice status missing a required param', ...sign('/twilio/voice/status', p.toString()), expected: [400], calls: [] };
    }
    if (k === 8) return { ...base, label: 'tw-voice bad or missing signature', ...sign('/twilio/voice/incoming', form(callSid()), r.chance(0.5) ? 'bad' : 'none'), expected: [403], calls: [] };
    return { ...base, label: 'tw-voice oversize body', path: '/twilio/voice/status', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: this.oversize(), expected: [413], calls: [] };
  }
}
