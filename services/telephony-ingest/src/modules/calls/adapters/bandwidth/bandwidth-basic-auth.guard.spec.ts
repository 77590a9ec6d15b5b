import { type ExecutionContext, UnauthorizedException } from '@nestjs/common';
import pino from 'pino';
import { Registry } from 'prom-client';
import { CallDecisionMetrics } from '../../call-decision.metrics';
import { type BandwidthAuthenticatedRequest, BandwidthBasicAuthGuard } from './bandwidth-basic-auth.guard';

const config = {
  publicBaseUrl: 'https://h.example',
  twilioAuthToken: null,
  rawWebhooks: { replayIntervalMs: 5000, replayMaxAttempts: 5, retentionDays: 30 },
  failOpen: { persistBudgetMs: 800, spoolHedgeMs: 100, spoolDir: '/nonexistent', spoolReplayIntervalMs: 2000, spoolReplayConcurrency: 4 },
  batch: { lingerMs: 0, maxBatch: 32, maxInFlight: 4 },
  bandwidthCredentials: [
    { applicationId: 'app-a', username: 'a-user', password: 'a-password' },
    { username: 'shared', password: 'shared-password' },
  ],
};

function attempt(authorization: string | undefined, body: unknown = { applicationId: 'app-a' }) {
  const req: BandwidthAuthenticatedRequest = { headers: authorization ? { authorization } : {}, originalUrl: '/bandwidth/voice/initiate', body };
  const headers: Record<string, string> = {};
  const ctx = { switchToHttp: () => ({ getRequest: () => req, getResponse: () => ({ setHeader: (k: string, v: string) => (headers[k] = v) }) }) } as unknown as ExecutionContext;
  const guard = new BandwidthBasicAuthGuard(config, pino({ level: 'silent' }), new CallDecisionMetrics(new Registry()));
  try {
    return { ok: guard.canActivate(ctx), credential: req.bandwidthCredential, headers };
  } catch (err) {
    return { ok: false, error: err, headers };
  }
}
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

describe(BandwidthBasicAuthGuard.name, () => {
  it('accepts a configured pair and remembers which one', () => {
    expect(attempt(basic('a-user', 'a-password'))).toMatchObject({ ok: true, credential: { username: 'a-user' } });
    expect(attempt(basic('shared', 'shared-password'), { applicationId: 'any' })).toMatchObject({ ok: true, credential: { username: 'shared' } });
  });

  it('accepts a password containing a colon only when it matches exactly', () => {
    expect(attempt(basic('a-user', 'a-password:extra')).ok).toBe(false);
  });

  it.each([
    ['no header', undefined],
    ['a wrong password', basic('a-user', 'nope')],
    ['a wrong user', basic('b-user', 'a-password')],
    ['a bearer token', 'Bearer a-password'],
    ['garbage', 'Basic ###'],
  ])('rejects %s with 401 and WWW-Authenticate', (_n, header) => {
    const r = attempt(header);
    expect(r.ok).toBe(false);
    expect(r.error).toBeInstanceOf(UnauthorizedException);
    expect(r.headers['WWW-Authenticate']).toMatch(/^Basic realm=/);
  });

  it('rejects credentials bound to another application', () => {
    expect(attempt(basic('a-user', 'a-password'), { applicationId: 'app-b' }).ok).toBe(false);
  });
});
