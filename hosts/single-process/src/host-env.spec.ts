import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostSecrets, loadHostEnv, serviceEnvironment } from './host-env';

describe(serviceEnvironment.name, () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'textback-host-env-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('points every service at the one port and public URL, drops METRICS_PORT, keeps the spool in the data directory', () => {
    const env = serviceEnvironment({ METRICS_PORT: '9464', OPENAI_MODEL: 'm' }, loadHostEnv({ TEXTBACK_PUBLIC_URL: 'https://shop.example' }), dir, 3000);
    expect(env).toMatchObject({
      HTTP_PORT: '3000',
      TEXTBACK_DATA_DIR: dir,
      TELEPHONY_PUBLIC_BASE_URL: 'https://shop.example',
      MESSAGING_PUBLIC_BASE_URL: 'https://shop.example',
      SCHEDULING_PUBLIC_BASE_URL: 'https://shop.example',
      CONSOLE_PUBLIC_URL: 'https://shop.example',
      LEAD_CRM_URL: 'http://127.0.0.1:3000/_services/lead-crm',
      SCHEDULING_URL: 'http://127.0.0.1:3000/_services/scheduling',
      REPORTING_URL: 'http://127.0.0.1:3000/_services/reporting',
      CALLBACK_SPOOL_DIR: join(dir, 'callback-spool'),
      JWT_ISSUER: 'textback',
      JWT_AUDIENCE: 'textback-api',
      OPENAI_MODEL: 'm',
    });
    expect(env.METRICS_PORT).toBeUndefined();
  });

  it('generates the staff-token secret once into the data directory (0600) and keeps it; JWT_SECRET set wins', () => {
    const first = serviceEnvironment({}, loadHostEnv({}), dir, 3000).JWT_SECRET;
    expect(first).toHaveLength(64);
    expect(serviceEnvironment({}, loadHostEnv({}), dir, 3000).JWT_SECRET).toBe(first);
    expect(hostSecrets(dir).JWT_SECRET).toBe(first);
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8'))).toEqual({ JWT_SECRET: first });
    expect(serviceEnvironment({ JWT_SECRET: 'x'.repeat(40) }, loadHostEnv({}), dir, 3000).JWT_SECRET).toBe('x'.repeat(40));
  });
});
