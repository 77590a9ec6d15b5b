import { Controller, Get, type INestApplication, Logger as NestLogger, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createRootLogger } from '@textback/observability';
import { requestLoggingMiddleware, ServiceNestLogger } from './request-logging';

@Controller()
class ProbeController {
  private readonly log = new NestLogger('Probe');

  @Get('probe')
  probe(): { ok: boolean } {
    this.log.warn('inside a request');
    return { ok: true };
  }

  @Get('fail')
  fail(): never {
    throw new Error('boom');
  }
}

type Line = Record<string, unknown>;

/**
 * A Nest application logging as a service does (ServicePlatformModule's request middleware, createServiceApp's
 * ServiceNestLogger), on a root logger named `service` that writes into `lines`.
 */
async function serviceApp(service: string, level: string, lines: Line[]): Promise<INestApplication> {
  const root = createRootLogger(service, level, { write: (line: string) => void lines.push(JSON.parse(line) as Line) });
  @Module({ controllers: [ProbeController] })
  class ProbeModule implements NestModule {
    configure(consumer: MiddlewareConsumer): void {
      consumer.apply(requestLoggingMiddleware(root)).forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
    }
  }
  const app = await NestFactory.create(ProbeModule, { bufferLogs: true });
  app.useLogger(new ServiceNestLogger(root));
  await app.listen(0, '127.0.0.1');
  return app;
}

describe(requestLoggingMiddleware.name, () => {
  it('above info, logs made inside a request and request failures still reach the root logger; no request lines', async () => {
    const lines: Line[] = [];
    const app = await serviceApp('request-logging-spec', 'warn', lines);
    try {
      const base = await app.getUrl();
      expect((await fetch(`${base}/probe`)).status).toBe(200);
      expect((await fetch(`${base}/fail`)).status).toBe(500);
    } finally {
      await app.close();
    }
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'warn', service: 'request-logging-spec', msg: 'inside a request', context: 'Probe' }),
        expect.objectContaining({ level: 'error', service: 'request-logging-spec', err: expect.objectContaining({ message: 'boom' }) as unknown }),
      ]),
    );
    expect(lines.filter((l) => l.msg === 'request completed' || l.msg === 'request errored')).toEqual([]);
  });

  it('at info, writes one line per request with its correlation id, and none for health probes', async () => {
    const lines: Line[] = [];
    const app = await serviceApp('request-logging-spec', 'info', lines);
    try {
      const base = await app.getUrl();
      await fetch(`${base}/probe`, { headers: { 'x-correlation-id': 'corr-1' } });
      await fetch(`${base}/health/live`);
    } finally {
      await app.close();
    }
    const requests = lines.filter((l) => l.msg === 'request completed');
    expect(requests.map((l) => [(l.req as { url: string }).url, l.correlationId])).toEqual([
      ['/probe', 'corr-1'],
    ]);
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'inside a request', correlationId: 'corr-1' }));
  });

  it('names each service in its own lines when several run in one process (the single process)', async () => {
    const lines: Line[] = [];
    const apps: { service: string; app: INestApplication }[] = [];
    for (const service of ['svc-first', 'svc-second', 'svc-last']) apps.push({ service, app: await serviceApp(service, 'info', lines) });
    try {
      for (const { app } of apps) {
        const base = await app.getUrl();
        expect((await fetch(`${base}/probe`, { headers: { 'x-correlation-id': `${base}` } })).status).toBe(200);
        expect((await fetch(`${base}/fail`, { headers: { 'x-correlation-id': `${base}` } })).status).toBe(500);
      }
      const byService: Record<string, string[]> = {};
      for (const { service, app } of apps) {
        const base = await app.getUrl();
        byService[service] = lines.filter((l) => l.correlationId === base).map((l) => `${String(l.service)} ${String(l.level)} ${String(l.msg)}`);
      }
      for (const { service } of apps)
        expect(byService[service]).toEqual([
          `${service} warn inside a request`,
          `${service} info request completed`,
          `${service} error boom`,
          `${service} info request errored`,
        ]);
    } finally {
      for (const { app } of apps) await app.close();
    }
  });
});
