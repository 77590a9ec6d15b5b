import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhookSignature } from './webhook-signature.util';

describe(signWebhook.name, () => {
  const body = '{"id":"e1"}';

  it('is v1= hex HMAC-SHA256 of "<timestamp>.<body>"', () => {
    expect(signWebhook('s3cret', 1700000000, body)).toBe(`v1=${createHmac('sha256', 's3cret').update(`1700000000.${body}`).digest('hex')}`);
  });

  it('verifies the right secret, body and a fresh timestamp only', () => {
    const sig = signWebhook('s3cret', 1700000000, body);
    expect(verifyWebhookSignature('s3cret', { timestamp: '1700000000', signature: sig }, body, 1700000100)).toBe(true);
    expect(verifyWebhookSignature('other', { timestamp: '1700000000', signature: sig }, body, 1700000100)).toBe(false);
    expect(verifyWebhookSignature('s3cret', { timestamp: '1700000000', signature: sig }, '{"id":"e2"}', 1700000100)).toBe(false);
    expect(verifyWebhookSignature('s3cret', { timestamp: '1700000001', signature: sig }, body, 1700000100)).toBe(false);
    expect(verifyWebhookSignature('s3cret', { timestamp: '1700000000', signature: sig }, body, 1700001000)).toBe(false);
    expect(verifyWebhookSignature('s3cret', { timestamp: undefined, signature: sig }, body, 1700000100)).toBe(false);
  });
});
