import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { BandwidthStandIn } from '../bandwidth-stand-in/bandwidth-stand-in';
import { BandwidthCaller } from './bandwidth-caller';
import { InvalidBxmlException, parseBxml } from './bxml-document.mapper';

const REFERENCE = join(__dirname, 'fixtures');
const reference = (name: string) => readFileSync(join(REFERENCE, name), 'utf8');
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

/** The BXML telephony-ingest returns (bandwidth-sdk output), with relative verb URLs and verb credentials. */
const TRANSFER = `<?xml version="1.0" encoding="UTF-8"?><Response><Transfer callTimeout="25" transferCompleteUrl="/voice/transfer-complete" transferCompleteMethod="POST" tag="textback-forward" username="verb" password="verb-pass"><PhoneNumber transferAnswerUrl="/voice/transfer-answer" transferAnswerMethod="POST" transferDisconnectUrl="/voice/transfer-disconnect" transferDisconnectMethod="POST" username="verb" password="verb-pass">+19195550199</PhoneNumber></Transfer></Response>`;
const VOICEMAIL = `<?xml version="1.0" encoding="UTF-8"?><Response><SpeakSentence voice="julie">Sorry, we cannot take your call.</SpeakSentence><Record recordCompleteUrl="/voice/record-complete" recordCompleteMethod="POST" recordingAvailableUrl="/voice/recording-available" recordingAvailableMethod="POST" maxDuration="60" silenceTimeout="5" fileFormat="mp3" username="verb" password="verb-pass"/><Hangup/></Response>`;
const HANGUP = '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>';
const BRIDGE = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

interface Hit {
  path: string;
  method: string;
  auth: string | undefined;
  body: Record<string, unknown>;
  query: URLSearchParams;
}

/** A fake business webhook server: answers per path, records every request. */
class FakeBusiness {
  readonly hits: Hit[] = [];
  readonly answers = new Map<string, { status: number; body?: string; contentType?: string }>();
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://x');
        const raw = Buffer.concat(chunks).toString('utf8');
        this.hits.push({ path: url.pathname, method: req.method ?? '', auth: req.headers.authorization, body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {}, query: url.searchParams });
        const answer = this.answers.get(url.pathname) ?? { status: 204 };
        res.writeHead(answer.status, answer.body === undefined ? {} : { 'content-type': answer.contentType ?? 'application/xml' });
        res.end(answer.body ?? '');
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  reset(answers: Record<string, { status: number; body?: string; contentType?: string }>): void {
    this.hits.length = 0;
    this.answers.clear();
    for (const [path, answer] of Object.entries(answers)) this.answers.set(path, answer);
  }

  /** `eventType@path` of every hit, in order. */
  get trail(): string[] {
    return this.hits.map((h) => `${String(h.body.eventType ?? h.query.get('eventType'))}@${h.path}`);
  }

  of(eventType: string): Hit {
    const hit = this.hits.find((h) => h.body.eventType === eventType);
    if (!hit) throw new Error(`no ${eventType} in ${this.trail.join(', ')}`);
    return hit;
  }
}

const START = new Date('2026-11-30T15:00:00.000Z');
const at = (s: number) => new Date(START.getTime() + s * 1000).toISOString();

describe(parseBxml.name, () => {
  it('reads the reference transfer BXML into verbs with attributes and nested PhoneNumber', () => {
    const [transfer] = parseBxml(reference('bxml-initiate-transfer.xml'));
    expect(transfer).toMatchObject({ name: 'Transfer', attributes: { callTimeout: '20', transferCompleteUrl: '/bw/voice/transfer-complete', tag: 'missed-call-flow' } });
    expect(transfer?.children).toEqual([
      expect.objectContaining({ name: 'PhoneNumber', text: '+15558675309', attributes: expect.objectContaining({ transferAnswerUrl: '/bw/voice/transfer-answer', transferDisconnectUrl: '/bw/voice/transfer-disconnect' }) }),
    ]);
  });

  it('keeps document order of mixed verbs (docs voicemail example) and reads an empty Response as no verbs', () => {
    expect(parseBxml(reference('bxml-docs-voicemail-record.xml')).map((v) => v.name)).toEqual(['SpeakSentence', 'PlayAudio', 'Record']);
    expect(parseBxml(reference('bxml-missed-voicemail.xml')).map((v) => v.name)).toEqual(['SpeakSentence', 'Record', 'Hangup']);
    expect(parseBxml(BRIDGE)).toEqual([]);
  });

  it('rejects a document that is not BXML', () => {
    expect(() => parseBxml('<Hello/>')).toThrow(InvalidBxmlException);
    expect(() => parseBxml('not xml')).toThrow(InvalidBxmlException);
    expect(() => parseBxml('')).toThrow(InvalidBxmlException);
  });
});

describe(BandwidthCaller.name, () => {
  const business = new FakeBusiness();
  let caller: BandwidthCaller;
  const APP = { username: 'app', password: 'app-pass' };

  beforeAll(async () => {
    await business.start();
    caller = new BandwidthCaller({
      application: { callInitiatedCallbackUrl: `${business.url}/voice/initiate`, callStatusCallbackUrl: `${business.url}/voice/status`, ...APP, accountId: '55555555' },
    });
  });
  afterAll(async () => {
    await business.stop();
  });

  const forwarding = (transferComplete = VOICEMAIL) =>
    business.reset({
      '/voice/initiate': { status: 200, body: TRANSFER },
      '/voice/transfer-answer': { status: 200, body: BRIDGE },
      '/voice/transfer-complete': { status: 200, body: transferComplete },
      '/voice/record-complete': { status: 200, body: HANGUP },
    });

  it('ring timeout: transferDisconnect and transferComplete (cause timeout) at the BXML callTimeout, then hangs up at the voicemail prompt', async () => {
    forwarding();
    const call = await caller.placeCall({ from: '+19195550123', to: '+19195550100', outcome: 'no-answer', startAt: START });
    expect(business.trail).toEqual(['initiate@/voice/initiate', 'transferDisconnect@/voice/transfer-disconnect', 'transferComplete@/voice/transfer-complete', 'disconnect@/voice/status']);
    const initiate = business.of('initiate');
    expect(initiate.auth).toBe(basic(APP.username, APP.password));
    expect(initiate.body).toEqual({
      eventType: 'initiate',
      eventTime: at(0),
      accountId: '55555555',
      applicationId: expect.any(String),
      from: '+19195550123',
      to: '+19195550100',
      direction: 'inbound',
      callId: call.callId,
      callUrl: `https://voice.bandwidth.com/api/v2/accounts/55555555/calls/${call.callId}`,
      startTime: at(0),
    });
    expect(call.callId).toMatch(/^c-[0-9a-f]{8}-[0-9a-f-]{36}$/);
    const complete = business.of('transferComplete');
    expect(complete.auth).toBe(basic('verb', 'verb-pass'));
    expect(complete.body).toMatchObject({ callId: call.callId, direction: 'inbound', eventTime: at(25), startTime: at(0), answerTime: at(0), cause: 'timeout', errorMessage: 'Call timed out', transferTo: '+19195550199', transferCallerId: '+19195550123', tag: 'textback-forward' });
    const bLeg = business.of('transferDisconnect');
    expect(bLeg.body).toMatchObject({ parentCallId: call.callId, direction: 'outbound', cause: 'timeout', endTime: at(25) });
    expect(bLeg.body.callId).not.toBe(call.callId);
    expect(String(bLeg.body.callId).slice(0, 11)).toBe(call.callId.slice(0, 11));
    expect(business.of('disconnect').body).toMatchObject({ cause: 'hangup', callId: call.callId, endTime: expect.any(String), tag: 'textback-forward' });
    expect(call).toMatchObject({ route: 'forward', playedOutcome: 'no-answer', endCause: 'hangup', done: true });
    expect(call.exchanges.map((e) => [e.eventType, e.status, e.verbs])).toEqual([
      ['initiate', 200, ['Transfer']],
      ['transferDisconnect', 204, undefined],
      ['transferComplete', 200, ['SpeakSentence', 'Record', 'Hangup']],
      ['disconnect', 204, undefined],
    ]);
  });

  it('answered: transferAnswer at ringSeconds, then the business hangs up → transferDisconnect, transferComplete cause hangup, disconnect', async () => {
    forwarding(HANGUP);
    const call = await caller.placeCall({ from: '+19195550123', to: '+19195550100', outcome: 'answered', ringSeconds: 7, talkSeconds: 60, startAt: START });
    expect(business.trail).toEqual(['initiate@/voice/initiate', 'transferAnswer@/voice/transfer-answer', 'transferDisconnect@/voice/transfer-disconnect', 'transferComplete@/voice/transfer-complete', 'disconnect@/voice/status']);
    expect(business.of('transferAnswer').body).toMatchObject({ parentCallId: call.callId, eventTime: at(7), answerTime: at(7), transferTo: '+19195550199' });
    expect(business.of('transferDisconnect').body).toMatchObject({ cause: 'hangup', answerTime: at(7), endTime: at(67) });
    expect(business.of('transferComplete').body).toMatchObject({ cause: 'hangup', eventTime: at(67) });
    expect(business.of('transferComplete').body).not.toHaveProperty('errorMessage');
    expect(business.of('disconnect').body).toMatchObject({ cause: 'hangup', endTime: at(67) });
  });

  describe('a confirmation prompt on the forwarded leg (transferAnswer BXML with a Gather)', () => {
    const GATHER = `<?xml version="1.0" encoding="UTF-8"?><Response><Gather gatherUrl="/voice/transfer-gather" gatherMethod="POST" maxDigits="1" firstDigitTimeout="5" repeatCount="1" username="verb" password="verb-pass"><SpeakSentence voice="julie">Press 1 to take this call.</SpeakSentence></Gather></Response>`;
    const confirming = () =>
      business.reset({
        '/voice/initiate': { status: 200, body: TRANSFER },
        '/voice/transfer-answer': { status: 200, body: GATHER },
        '/voice/transfer-gather': { status: 200, body: HANGUP },
        '/voice/transfer-complete': { status: 200, body: VOICEMAIL },
      });

    it('a machine presses nothing: gather with empty digits after firstDigitTimeout (B-leg fields), its Hangup ends the forwarded leg unconnected', async () => {
      confirming();
      const call = await caller.placeCall({ from: '+19195550123', to: '+19195550100', outcome: 'answered', answeredBy: 'machine', ringSeconds: 6, startAt: START });
      expect(business.trail).toEqual([
        'initiate@/voice/initiate',
        'transferAnswer@/voice/transfer-answer',
        'gather@/voice/transfer-gather',
        'transferDisconnect@/voice/transfer-disconnect',
        'transferComplete@/voice/transfer-complete',
        'disconnect@/voice/status',
      ]);
      const gather = business.of('gather');
      expect(gather.auth).toBe(basic('verb', 'verb-pass'));
      // 6 s ring + 2.4 s prompt (6 words at 0.4 s) + 5 s first-digit timeout.
      expect(gather.body).toMatchObject({ eventType: 'gather', parentCallId: call.callId, direction: 'outbound', digits: '', terminatingDigit: '', answerTime: at(6), eventTime: at(13.4), transferTo: '+19195550199' });
      expect(business.of('transferComplete').body).toMatchObject({ cause: 'hangup', eventTime: at(13.4) });
      expect(call.forwardedLeg).toEqual({ answeredBy: 'machine', gathered: [''], bridged: false });
    });

    it('a person presses 1: gather digits 1, an empty answer connects the legs and they talk', async () => {
      confirming();
      business.answers.set('/voice/transfer-gather', { status: 200, body: BRIDGE });
      const call = await caller.placeCall({ from: '+19195550123', to: '+19195550100', outcome: 'answered', ringSeconds: 6, talkSeconds: 30, startAt: START });
      expect(business.of('gather').body).toMatchObject({ digits: '1', eventTime: at(9.4) });
      expect(business.of('transferComplete').body).toMatchObject({ cause: 'hangup', eventTime: at(39.4) });
      expect(call.forwardedLeg).toEqual({ answeredBy: 'person', gathered: ['1'], bridged: true });
    });
  });

  it('answered, caller hangs up first: no transferComplete (the caller leg is gone)', async () => {
    forwarding();
    await caller.placeCall({ from: '+19195550123', to: '+19195550100', outcome: 'answered', hangsUpFirst: 'caller', startAt: START });
    expect(business.trail).toEqual(['initiate@/voice/initiate', 'transferAnswer@/voice/transfer-answer', 'disconnect@/voice/status', 'transferDisconnect@/voice/transfer-disconnect']);
  });

  it('caller hangs up while it rings: A-leg disconnect after N s, transferDisconnect cause cancel, no transferComplete', async () => {
    forwarding();
    const call = await caller.placeCall({ from: '+19195550123', to: '+19195550100', outcome: 'caller-hangs-up', ringSeconds: 4, startAt: START });
    expect(business.trail).toEqual(['initiate@/voice/initiate', 'disconnect@/voice/status', 'transferDisconnect@/voice/transfer-disconnect']);
    expect(business.of('disconnect').body).toMatchObject({ cause: 'hangup', endTime: at(4), callId: call.callId });
    expect(business.of('transferDisconnect').body).toMatchObject({ cause: 'cancel', parentCallId: call.callId });
  });

  it('busy: cause busy with the documented errorMessage', async () => {
    forwarding();
    await caller.placeCall({ from: '+19195550123', to: '+19195550100', outcome: 'busy', startAt: START });
    expect(business.of('transferComplete').body).toMatchObject({ cause: 'busy', errorMessage: 'Callee is busy', errorId: expect.any(String), eventTime: at(1) });
    expect(business.of('transferDisconnect').body).toMatchObject({ cause: 'busy' });
  });

  it('an answer ringing past callTimeout is played as a ring timeout, as Bandwidth would', async () => {
    forwarding();
    const call = await caller.placeCall({ from: '+19195550123', to: '+19195550100', outcome: 'answered', ringSeconds: 40, startAt: START });
    expect(call.playedOutcome).toBe('no-answer');
    expect(business.trail).not.toContain('transferAnswer@/voice/transfer-answer');
    expect(business.of('transferComplete').body).toMatchObject({ cause: 'timeout', eventTime: at(25) });
  });

  it('after a ring timeout the caller leaves a voicemail and hangs up: disconnect, then recordingAvailable, no recordComplete', async () => {
    forwarding();
    const call = await caller.placeCall({ from: '+19195550123', to: '+19195550100', atVoicemail: 'leave-voicemail', voicemailSeconds: 14.2, startAt: START });
    expect(business.trail).toEqual([
      'initiate@/voice/initiate',
      'transferDisconnect@/voice/transfer-disconnect',
      'transferComplete@/voice/transfer-complete',
      'disconnect@/voice/status',
      'recordingAvailable@/voice/recording-available',
    ]);
    const available = business.of('recordingAvailable');
    expect(available.auth).toBe(basic('verb', 'verb-pass'));
    expect(available.body).toMatchObject({ recordingId: call.recordingId, duration: 'PT14.2S', fileFormat: 'mp3', status: 'complete', channels: 1, mediaUrl: `https://voice.bandwidth.com/api/v2/accounts/55555555/calls/${call.callId}/recordings/${call.recordingId}/media` });
    // The prompt (6 words, 0.4 s each) follows the 25 s ring; the recording starts after it.
    expect(available.body).toMatchObject({ startTime: at(27.4), endTime: at(41.6) });
  });

  it('after hours, a voicemail ended by silence: recordComplete (its BXML hangs up), disconnect, recordingAvailable', async () => {
    business.reset({ '/voice/initiate': { status: 200, body: VOICEMAIL }, '/voice/record-complete': { status: 200, body: HANGUP } });
    const call = await caller.placeCall({ from: '+19195550123', to: '+19195550200', atVoicemail: 'leave-voicemail', voicemailEnd: 'silence', voicemailSeconds: 10, startAt: START });
    expect(call.route).toBe('voicemail');
    expect(business.trail).toEqual(['initiate@/voice/initiate', 'recordComplete@/voice/record-complete', 'disconnect@/voice/status', 'recordingAvailable@/voice/recording-available']);
    expect(business.of('recordComplete').body).toMatchObject({ duration: 'PT15S', startTime: at(2.4), endTime: at(17.4) });
  });

  it('after hours, hang-up at the prompt: only initiate and disconnect', async () => {
    business.reset({ '/voice/initiate': { status: 200, body: VOICEMAIL } });
    const call = await caller.placeCall({ from: '+19195550123', to: '+19195550200', startAt: START });
    expect(business.trail).toEqual(['initiate@/voice/initiate', 'disconnect@/voice/status']);
    expect(call).toMatchObject({ route: 'voicemail', endCause: 'hangup', endTime: at(2.4) });
  });

  it('a failing BXML callback is tried at its fallback URL, else the call ends with callback-error; non-BXML ends it with invalid-bxml', async () => {
    business.reset({ '/voice/initiate': { status: 503 }, '/voice/initiate-fallback': { status: 200, body: HANGUP } });
    const withFallback = new BandwidthCaller({ application: { callInitiatedCallbackUrl: `${business.url}/voice/initiate`, callInitiatedFallbackUrl: `${business.url}/voice/initiate-fallback`, callStatusCallbackUrl: `${business.url}/voice/status` } });
    const rescued = await withFallback.placeCall({ from: '+19195550123', to: '+19195550100' });
    expect(business.trail).toEqual(['initiate@/voice/initiate', 'initiate@/voice/initiate-fallback', 'disconnect@/voice/status']);
    expect(rescued).toMatchObject({ route: 'rejected', endCause: 'hangup' });

    business.reset({ '/voice/initiate': { status: 500 } });
    expect(await caller.placeCall({ from: '+19195550123', to: '+19195550100' })).toMatchObject({ route: 'failed', endCause: 'callback-error' });
    expect(business.of('disconnect').body).toMatchObject({ cause: 'callback-error', errorId: expect.any(String) });

    business.reset({ '/voice/initiate': { status: 200, body: '{"not":"bxml"}', contentType: 'application/json' } });
    expect(await caller.placeCall({ from: '+19195550123', to: '+19195550100' })).toMatchObject({ endCause: 'invalid-bxml' });
  });

  it('follows absolute BXML URLs through prefix rewrites and sends GET callbacks as query parameters', async () => {
    const publicBase = 'https://hooks.textback.test/ingest';
    const absolute = TRANSFER.replaceAll('"/voice/', `"${publicBase}/voice/`).replace('transferCompleteMethod="POST"', 'transferCompleteMethod="GET"');
    business.reset({ '/voice/initiate': { status: 200, body: absolute }, '/voice/transfer-complete': { status: 200, body: HANGUP } });
    const proxied = new BandwidthCaller({ application: { callInitiatedCallbackUrl: `${business.url}/voice/initiate`, callStatusCallbackUrl: `${business.url}/voice/status` }, urlRewrites: [{ from: publicBase, to: business.url }] });
    const call = await proxied.placeCall({ from: '+19195550123', to: '+19195550100', outcome: 'busy' });
    const complete = business.hits.find((h) => h.path === '/voice/transfer-complete');
    expect(complete).toMatchObject({ method: 'GET' });
    expect(complete?.query.get('cause')).toBe('busy');
    expect(call.exchanges.find((e) => e.eventType === 'transferComplete')).toMatchObject({ url: `${publicBase}/voice/transfer-complete`, method: 'GET' });
  });

  it('records calls per number and without a Voice application refuses to place one', () => {
    expect(caller.callsPlaced({ to: '+19195550200' }).length).toBeGreaterThanOrEqual(2);
    expect(caller.callsPlaced({ to: '+19195550200' }).every((c) => c.to === '+19195550200' && c.done)).toBe(true);
    expect(() => new BandwidthCaller().startCall({ from: '+1', to: '+2' })).toThrow(/no Voice application/);
  });
});

describe(`${BandwidthStandIn.name} control API`, () => {
  const business = new FakeBusiness();
  const standIn = new BandwidthStandIn({ controlApi: true, callbackRetryDelayMs: 5 });

  beforeAll(async () => {
    await business.start();
    await standIn.start(0);
    standIn.setVoiceApplication({ callInitiatedCallbackUrl: `${business.url}/voice/initiate`, callStatusCallbackUrl: `${business.url}/voice/status` });
    standIn.setMessagingCallback({ url: `${business.url}/messaging`, username: 'cb', password: 'cb-pass' });
  });
  afterAll(async () => {
    await standIn.stop();
    await business.stop();
  });

  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${standIn.url}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };

  it('POST /_standin/calls plays a call and GET /_standin/calls lists it', async () => {
    business.reset({ '/voice/initiate': { status: 200, body: TRANSFER } });
    const placed = await control('POST', '/_standin/calls', { from: '+19195550123', to: '+19195550100', outcome: 'caller-hangs-up', ringSeconds: 5, startAt: START.toISOString() });
    expect(placed).toMatchObject({ status: 200, body: { route: 'forward', playedOutcome: 'caller-hangs-up', endTime: at(5), done: true } });
    const listed = await control('GET', '/_standin/calls?to=%2B19195550100');
    expect(listed.body).toEqual([expect.objectContaining({ callId: (placed.body as { callId: string }).callId })]);
    expect(await control('POST', '/_standin/calls', { from: '+19195550123', outcome: 'maybe' })).toMatchObject({ status: 400, body: { problems: expect.arrayContaining([expect.stringMatching(/^to:/), expect.stringMatching(/^outcome:/)]) } });
  });

  it('POST /_standin/texts delivers message-received (array, Basic auth, retried) and GET /_standin/texts, /_standin/messages list', async () => {
    business.reset({});
    const sent = await control('POST', '/_standin/texts', { from: '+19195550123', to: '+19195550100', text: 'STOP' });
    expect(sent).toMatchObject({ status: 200, body: { status: 204, attempts: 1, text: 'STOP' } });
    const [hit] = business.hits;
    expect(hit?.auth).toBe(basic('cb', 'cb-pass'));
    expect(hit?.body).toEqual([expect.objectContaining({ type: 'message-received', to: '+19195550100', message: expect.objectContaining({ direction: 'in', from: '+19195550123', text: 'STOP', owner: '+19195550100' }) })]);
    expect((await control('GET', '/_standin/texts?from=%2B19195550123')).body).toHaveLength(1);
    expect(await control('GET', '/_standin/messages?to=%2B19195550123')).toEqual({ status: 200, body: [] });
    expect(await control('POST', '/_standin/clear')).toEqual({ status: 204, body: undefined });
    expect((await control('GET', '/_standin/texts')).body).toEqual([]);
  });

  it('is off unless controlApi is set', async () => {
    const plain = new BandwidthStandIn();
    await plain.start(0);
    try {
      expect((await fetch(`${plain.url}/_standin/calls`)).status).toBe(404);
    } finally {
      await plain.stop();
    }
  });
});
