import { parseWebhooksArgs } from './webhooks-replay.command';

describe(parseWebhooksArgs.name, () => {
  const now = new Date('2026-12-04T00:00:00Z');

  it('reads replay with a relative or absolute --since (default 7 days) and --wait', () => {
    expect(parseWebhooksArgs(['replay', '--service', 'messaging'], now)).toEqual({ action: 'replay', service: 'messaging', since: new Date('2026-11-27T00:00:00Z'), olderThanDays: 30, waitSeconds: 120 });
    expect(parseWebhooksArgs(['replay', '--service', 'telephony-ingest', '--since', '12h', '--wait', '0'], now)).toMatchObject({ since: new Date('2026-12-03T12:00:00Z'), waitSeconds: 0 });
    expect(parseWebhooksArgs(['replay', '--service', 'messaging', '--since', '2026-12-01T10:00:00Z'], now).since).toEqual(new Date('2026-12-01T10:00:00Z'));
  });

  it('reads purge, which needs --older-than-days', () => {
    expect(parseWebhooksArgs(['purge', '--service', 'messaging', '--older-than-days', '30'], now)).toMatchObject({ action: 'purge', olderThanDays: 30 });
    expect(() => parseWebhooksArgs(['purge', '--service', 'messaging'], now)).toThrow('--older-than-days');
  });

  it('refuses an unknown action, service or value with one clear line', () => {
    expect(() => parseWebhooksArgs(['resend', '--service', 'messaging'], now)).toThrow('usage');
    expect(() => parseWebhooksArgs(['replay', '--service', 'lead-crm'], now)).toThrow('--service must be one of messaging, telephony-ingest');
    expect(() => parseWebhooksArgs(['replay', '--service', 'messaging', '--since', 'last week'], now)).toThrow('--since');
    expect(() => parseWebhooksArgs(['replay', '--service'], now)).toThrow('--service needs a value');
  });
});
