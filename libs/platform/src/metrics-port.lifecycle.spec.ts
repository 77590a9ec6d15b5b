import { type BaseServiceEnv, baseServiceEnvSchema, docsEnabled } from '@textback/config';
import { createMetricsRegistry, HealthController, MetricsController, MetricsListener } from '@textback/observability';
import { ServicePlatformModule } from './service-platform.module';

const env = (extra: Record<string, string> = {}): BaseServiceEnv => baseServiceEnvSchema.parse({ DATABASE_URL: 'postgres://u@h/db', KAFKA_BROKERS: 'k:1', LOG_LEVEL: 'silent', ...extra });
const definition = { name: 'metrics-spec', schema: 'metrics_spec', migrations: [], consumes: [], produces: [] };

describe('metrics and docs exposure', () => {
  it('serves /metrics on the public HTTP port only when METRICS_PORT is unset', () => {
    expect(ServicePlatformModule.forService(definition, env()).controllers).toEqual([HealthController, MetricsController]);
    expect(ServicePlatformModule.forService(definition, env({ METRICS_PORT: '9464' })).controllers).toEqual([HealthController]);
  });

  it('MetricsListener answers GET /metrics with the registry and nothing else', async () => {
    const listener = new MetricsListener(createMetricsRegistry('metrics-spec'));
    const port = await listener.listen(0, '127.0.0.1');
    try {
      const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toContain('text/plain; version=0.0.4');
      expect(await metrics.text()).toContain('service="metrics-spec"');
      expect((await fetch(`http://127.0.0.1:${port}/docs`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${port}/metrics`, { method: 'POST' })).status).toBe(405);
    } finally {
      await listener.close();
    }
  });

  it('turns /docs off in production unless DOCS_ENABLED says otherwise', () => {
    expect(docsEnabled(env())).toBe(true);
    expect(docsEnabled(env({ NODE_ENV: 'production' }))).toBe(false);
    expect(docsEnabled(env({ NODE_ENV: 'production', DOCS_ENABLED: 'true' }))).toBe(true);
    expect(docsEnabled(env({ DOCS_ENABLED: 'false' }))).toBe(false);
  });
});
