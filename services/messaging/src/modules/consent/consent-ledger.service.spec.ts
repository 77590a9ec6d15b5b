import { consentOptedOutV1 } from '@textback/contracts';
import { type TransactionContext } from '@textback/persistence';
import { strictMock } from '@textback/testing';
import { ConsentLedger } from './consent-ledger.service';
import { type ConsentEntry, type ConsentRepository } from './consent.repository';

describe(ConsentLedger.name, () => {
  const appended: ConsentEntry[] = [];
  const published: { type: string; data: Record<string, unknown> }[] = [];
  const repository = strictMock<ConsentRepository>({ append: (_tx, e) => Promise.resolve(void appended.push(e)) });
  const tx = strictMock<TransactionContext>({
    handle: {} as TransactionContext['handle'],
    publish: (_c, e) => Promise.resolve(void published.push(e as never)),
  });
  const ledger = new ConsentLedger(repository, 'location');

  beforeEach(() => {
    appended.length = 0;
    published.length = 0;
  });

  it.each([
    [undefined, 'location'],
    ['brand', 'tenant'],
    ['location', 'location'],
    ['sending_number', 'sending_number'],
  ] as const)("a tenant's optOutScope %s reaches %s (absent: the deployment default)", (optOutScope, expected) => {
    expect(ledger.scopeFor(optOutScope ? { optOutScope } : {})).toBe(expected);
  });

  it('records the original text, the rule, its version, the language and the scope, in the ledger and the event', async () => {
    const at = new Date('2026-12-01T18:00:00Z');
    await ledger.optOut(tx, {
      tenantId: '7f1d4b8e-3c44-4a0e-9d37-0f5f1a6b2c01',
      locationId: '0b7a1c2d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
      phoneE164: '+13125550101',
      sendingNumberE164: '+13125550199',
      method: 'fuzzy',
      channel: 'sms',
      correlationId: '3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a',
      at,
      scope: 'tenant',
      originalText: 'Please stop texting me',
      rule: 'phrase.en.stop-texting',
      rulesVersion: '2026-12-04.1',
      language: 'en',
    });
    expect(appended).toEqual([
      expect.objectContaining({
        action: 'opt_out',
        scope: 'tenant',
        originalText: 'Please stop texting me',
        rule: 'phrase.en.stop-texting',
        rulesVersion: '2026-12-04.1',
        language: 'en',
        reviewId: null,
        resolvedBy: null,
      }),
    ]);
    expect(published).toEqual([
      expect.objectContaining({
        type: consentOptedOutV1.type,
        data: expect.objectContaining({
          scope: 'tenant',
          originalText: 'Please stop texting me',
          rule: 'phrase.en.stop-texting',
        }) as unknown,
      }),
    ]);
    expect(consentOptedOutV1.data.safeParse(published[0]?.data).success).toBe(true);
  });
});
