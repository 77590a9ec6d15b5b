import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { TwilioStandIn } from '@textback/testing';
import { validateRequest } from 'twilio';
import { matchTwilioMessage, TwilioSmsCarrier } from './twilio-sms.carrier';

describe(TwilioSmsCarrier.name, () => {
  const standIn = new TwilioStandIn({ accountSid: 'AC11111111111111111111111111111111', authToken: 'token-1', webhookRetryDelayMs: 5 });
  let carrier: TwilioSmsCarrier;
  let receiver: Server;
  let receiverBase: string;
  const received: { url: string; signature: string | undefined; body: string }[] = [];

  beforeAll(async () => {
    await standIn.start(0);
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ url: req.url ?? '', signature: req.headers['x-twilio-signature'] as string | undefined, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200, { 'content-type': 'text/xml' }).end('<Response/>');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    carrier = new TwilioSmsCarrier({ accountSid: standIn.accountSid, authToken: standIn.authToken, apiBaseUrl: standIn.apiBaseUrl, publicBaseUrl: `${receiverBase}/`, timeoutMs: 2000 });
  });

  afterAll(async () => {
    await standIn.stop();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it("sends Twilio's documented request through the twilio package and returns the Message SID", async () => {
    const result = await carrier.send({ from: '+16175550125', to: '+16175550999', body: 'Hi from Acme', tag: '0d6f3c1e-1111-4222-8333-444455556666', provider: 'twilio', expiresAt: new Date(Date.now() + 600_000) });
    expect(result).toMatchObject({ kind: 'accepted', provider: 'twilio', segments: 1 });
    const [request] = standIn.requestsOf('createMessage');
    expect(request?.path).toBe(`/2010-04-01/Accounts/${standIn.accountSid}/Messages.json`);
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.headers.authorization).toBe(`Basic ${Buffer.from(`${standIn.accountSid}:token-1`).toString('base64')}`);
    expect(request?.form).toMatchObject({ To: '+16175550999', From: '+16175550125', Body: 'Hi from Acme', StatusCallback: `${receiverBase}/webhooks/twilio/messaging/status?commandId=0d6f3c1e-1111-4222-8333-444455556666` });
    expect(Number(request?.form.ValidityPeriod)).toBeGreaterThan(590);
    expect(result.kind === 'accepted' && result.providerMessageId).toBe(standIn.messages[0]?.sid);
    expect(standIn.messages[0]?.sid).toMatch(/^SM[0-9a-f]{32}$/);
  });

  it('turns 429 and 5xx into retryable, 21610 and 21211 into rejections with the Twilio code', async () => {
    standIn.failNextMessagesTo('+16175550998', { status: 429 }, { status: 503 }, { status: 400, code: 21610 }, { status: 400, code: 21211 });
    const send = () => carrier.send({ from: '+16175550125', to: '+16175550998', body: 'x', tag: 't', provider: 'twilio' });
    await expect(send()).resolves.toMatchObject({ kind: 'retryable', status: 429 });
    await expect(send()).resolves.toMatchObject({ kind: 'retryable', status: 503 });
    await expect(send()).resolves.toMatchObject({ kind: 'rejected', status: 400, errorCode: '21610', detail: 'Attempt to send to unsubscribed recipient' });
    await expect(send()).resolves.toMatchObject({ kind: 'rejected', status: 400, errorCode: '21211' });
  });

  it('a wrong auth token is a rejection (401, code 20003), a closed port is retryable', async () => {
    const wrong = new TwilioSmsCarrier({ accountSid: standIn.accountSid, authToken: 'nope', apiBaseUrl: standIn.apiBaseUrl, publicBaseUrl: receiverBase, timeoutMs: 2000 });
    await expect(wrong.send({ from: '+16175550125', to: '+16175550997', body: 'x', tag: 't' })).resolves.toMatchObject({ kind: 'rejected', status: 401, errorCode: '20003' });
    const closed = new TwilioSmsCarrier({ accountSid: standIn.accountSid, authToken: 'token-1', apiBaseUrl: 'http://127.0.0.1:9', publicBaseUrl: receiverBase, timeoutMs: 2000 });
    await expect(closed.send({ from: '+16175550125', to: '+16175550997', body: 'x', tag: 't' })).resolves.toMatchObject({ kind: 'retryable', status: 0 });
  });

  it('the stand-in posts signed status callbacks to the StatusCallback URL that validateRequest accepts', async () => {
    const result = await carrier.send({ from: '+16175550125', to: '+16175550996', body: 'status please', tag: 'cmd-42', provider: 'twilio' });
    const sid = result.kind === 'accepted' ? result.providerMessageId : '';
    const delivery = await standIn.sendStatus(sid, 'undelivered', 30006);
    expect(delivery.status).toBe(200);
    const hit = received.at(-1);
    expect(hit?.url).toBe('/webhooks/twilio/messaging/status?commandId=cmd-42');
    const params = Object.fromEntries(new URLSearchParams(hit?.body ?? ''));
    expect(params).toMatchObject({ MessageSid: sid, MessageStatus: 'undelivered', ErrorCode: '30006', To: '+16175550996' });
    expect(validateRequest('token-1', hit?.signature ?? '', `${receiverBase}${hit?.url ?? ''}`, params)).toBe(true);
    expect(validateRequest('other-token', hit?.signature ?? '', `${receiverBase}${hit?.url ?? ''}`, params)).toBe(false);
  });

  it('finds a text Twilio accepted in its Messages list, and answers not_found or unknown otherwise', async () => {
    const sentAfter = new Date(Date.now() - 1000);
    const sent = await carrier.send({ from: '+16175550125', to: '+16175550777', body: 'Sorry we missed you', tag: '0d6f3c1e-1111-4222-8333-444455557777', provider: 'twilio' });
    expect(sent.kind).toBe('accepted');
    const lookup = { provider: 'twilio' as const, from: '+16175550125', to: '+16175550777', body: 'Sorry we missed you', segments: 1, tag: '0d6f3c1e-1111-4222-8333-444455557777', sentAfter };
    expect(await carrier.findSent(lookup)).toEqual({ kind: 'found', provider: 'twilio', providerMessageId: sent.kind === 'accepted' ? sent.providerMessageId : '', segments: 1 });
    const [list] = standIn.requestsOf('listMessages');
    expect(list?.method).toBe('GET');
    expect(list?.path).toBe(`/2010-04-01/Accounts/${standIn.accountSid}/Messages.json`);
    expect(await carrier.findSent({ ...lookup, body: 'another text' })).toEqual({ kind: 'not_found' });
    standIn.failNextListMessages(429);
    expect(await carrier.findSent(lookup)).toMatchObject({ kind: 'unknown' });
  });
});

describe(matchTwilioMessage.name, () => {
  const listed = { sid: 'SM11111111111111111111111111111111', body: 'Hi', to: '+16175550999', from: '+16175550125', direction: 'outbound-api', dateCreated: new Date('Mon, 30 Nov 2026 01:02:03 +0000'), numSegments: '1' };
  const request = { from: '+16175550125', to: '+16175550999', body: 'Hi', sentAfter: new Date('2026-11-30T01:02:03.900Z') };

  it('matches on numbers, body and creation since the call started, at second precision', () => {
    expect(matchTwilioMessage([listed], request, false)).toEqual({ kind: 'found', provider: 'twilio', providerMessageId: listed.sid, segments: 1 });
    expect(matchTwilioMessage([{ ...listed, dateCreated: new Date('Mon, 30 Nov 2026 01:02:02 +0000') }], request, false)).toEqual({ kind: 'not_found' });
    expect(matchTwilioMessage([{ ...listed, direction: 'inbound' }], request, false)).toEqual({ kind: 'not_found' });
    expect(matchTwilioMessage([{ ...listed, body: 'Other' }], request, true)).toMatchObject({ kind: 'unknown' });
  });
});
