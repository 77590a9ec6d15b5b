import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { CallsApi, Configuration, MessagesApi, PhoneNumberLookupApi } from 'bandwidth-sdk';
import { BandwidthStandIn } from './bandwidth-stand-in';

describe(BandwidthStandIn.name, () => {
  const standIn = new BandwidthStandIn({ username: 'user', password: 'pass', callbackRetryDelayMs: 5 });
  let receiver: Server;
  let receiverUrl: string;
  const received: { auth: string | undefined; body: unknown }[] = [];
  let failFirst = 0;

  beforeAll(async () => {
    await standIn.start(0);
    receiver = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ auth: req.headers.authorization, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
        if (failFirst > 0) {
          failFirst -= 1;
          res.writeHead(503).end();
        } else res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/bandwidth/messaging`;
    standIn.setMessagingCallback({ url: receiverUrl, username: 'cb', password: 'secret' });
  });

  afterAll(async () => {
    await standIn.stop();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it('answers bandwidth-sdk createMessage with 202 and the message, recording the request', async () => {
    const api = new MessagesApi(new Configuration({ username: 'user', password: 'pass', basePath: standIn.messagingBaseUrl }));
    const res = await api.createMessage('9900000', { applicationId: 'app-1', to: new Set(['+15551230001']), from: '+15559870000', text: 'Hi there', tag: 'cmd-1' });
    expect(res.status).toBe(202);
    expect(res.data).toMatchObject({ owner: '+15559870000', direction: 'out', to: ['+15551230001'], text: 'Hi there', tag: 'cmd-1', segmentCount: 1 });
    const [request] = standIn.requestsOf('createMessage');
    expect(request).toMatchObject({ method: 'POST', path: '/api/v2/users/9900000/messages', accountId: '9900000', status: 202 });
    expect(standIn.messagesTo('+15551230001')).toHaveLength(1);
  });

  it('rejects wrong credentials with the documented 401 body', async () => {
    const api = new MessagesApi(new Configuration({ username: 'user', password: 'wrong', basePath: standIn.messagingBaseUrl }));
    await expect(api.createMessage('9900000', { applicationId: 'a', to: new Set(['+15551230001']), from: '+15559870000', text: 'x' })).rejects.toMatchObject({
      response: { status: 401, data: { type: 'unauthorized' } },
    });
  });

  it('plays scripted 429 and 5xx failures in order, then accepts', async () => {
    standIn.failNextMessages({ status: 429 }, { status: 503 });
    const api = new MessagesApi(new Configuration({ username: 'user', password: 'pass', basePath: standIn.messagingBaseUrl }));
    const body = { applicationId: 'a', to: new Set(['+15551230002']), from: '+15559870000', text: 'x' };
    await expect(api.createMessage('9900000', body)).rejects.toMatchObject({ response: { status: 429, data: { type: 'max-message-queue-size-exceeded' } } });
    await expect(api.createMessage('9900000', body)).rejects.toMatchObject({ response: { status: 503 } });
    await expect(api.createMessage('9900000', body)).resolves.toMatchObject({ status: 202 });
  });

  it('answers a sync phone number lookup with scripted line types', async () => {
    standIn.setLineType('+15551230003', 'landline');
    standIn.setLineType('+15551230004', 'no-match');
    const api = new PhoneNumberLookupApi(new Configuration({ username: 'user', password: 'pass', basePath: standIn.lookupBaseUrl }));
    const res = await api.createSyncLookup('9900000', { phoneNumbers: ['+15551230003', '+15551230005', '+15551230004'] });
    expect(res.data.data?.status).toBe('PARTIAL_COMPLETE');
    expect(res.data.data?.results?.map((r) => [r.phoneNumber, r.lineType])).toEqual([
      ['+15551230003', 'FIXED'],
      ['+15551230005', 'MOBILE'],
    ]);
    expect(res.data.errors?.[0]?.code).toBe('NO-MATCH');
  });

  it('answers createCall with 201 and the documented call shape', async () => {
    const api = new CallsApi(new Configuration({ username: 'user', password: 'pass', basePath: standIn.voiceBaseUrl }));
    const res = await api.createCall('9900000', { to: '+15551230006', from: '+15559870000', applicationId: 'app', answerUrl: 'https://x.example/answer', tag: 'page-1' });
    expect(res.status).toBe(201);
    expect(res.data).toMatchObject({ accountId: '9900000', to: '+15551230006', tag: 'page-1', callTimeout: 30 });
    expect(res.data.callId).toMatch(/^c-/);
  });

  it('posts callbacks as a JSON array with Basic auth and retries on non-2xx', async () => {
    const message = standIn.messagesTo('+15551230001')[0];
    if (!message) throw new Error('no message');
    received.length = 0;
    failFirst = 2;
    const delivery = await standIn.sendMessageFailed(message, 4720);
    expect(delivery).toMatchObject({ attempt: 3, status: 204 });
    expect(received).toHaveLength(3);
    expect(received[2]?.auth).toBe(`Basic ${Buffer.from('cb:secret').toString('base64')}`);
    expect(received[2]?.body).toEqual([expect.objectContaining({ type: 'message-failed', errorCode: 4720, to: '+15551230001', message: expect.objectContaining({ id: message.id, direction: 'out', text: '' }) })]);
    const inbound = await standIn.sendMessageReceived({ from: '+15551230001', to: '+15559870000', text: 'STOP' });
    expect(inbound.delivery.status).toBe(204);
    expect(inbound.event.message).toMatchObject({ direction: 'in', text: 'STOP', owner: '+15559870000' });
  });

  it('counts UCS-2 segments for non-GSM text', async () => {
    const api = new MessagesApi(new Configuration({ username: 'user', password: 'pass', basePath: standIn.messagingBaseUrl }));
    const res = await api.createMessage('9900000', { applicationId: 'a', to: new Set(['+15551230007']), from: '+15559870000', text: '👍'.repeat(40) });
    expect(res.data.segmentCount).toBe(2);
  });
});
