import { Controller, Get, Logger as NestLogger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createRootLogger } from '@textback/observability';
import { Logger, LoggerModule } from 'nestjs-pino';
import { requestLoggingParams } from './request-logging';

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

describe(requestLoggingParams.name, () => {
  it('mounts pino-http only when its info lines can be written', () => {
    expect(requestLoggingParams(createRootLogger('spec', 'info', { write: () => undefined })).useExisting).toBeUndefined();
    expect(requestLoggingParams(createRootLogger('spec', 'debug', { write: () => undefined })).useExisting).toBeUndefined();
    expect(requestLoggingParams(createRootLogger('spec', 'warn', { write: () => undefined })).useExisting).toBe(true);
  });

  it('above info, logs made inside a request and request failures still reach the root logger; no request lines', async () => {
    const lines: Record<string, unknown>[] = [];
    const root = createRootLogger('request-logging-spec', 'warn', { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    @Module({ imports: [LoggerModule.forRoot(requestLoggingParams(root))], controllers: [ProbeController] })
    class ProbeModule {}
    const app = await NestFactory.create(ProbeModule, { bufferLogs: true });
    app.useLogger(app.get(Logger));
    await app.listen(0, '127.0.0.1');
    try {
      const base = await app.getUrl();
      expect((await fetch(`${base}/probe`)).status).toBe(200);
      expect((await fetch(`${base}/fail`)).status).toBe(500);
    } finally {
      await app.close();
    }
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'warn', service: 'request-logging-spec', msg: 'inside a request' }),
        expect.objectContaining({ level: 'error', service: 'request-logging-spec', err: expect.objectContaining({ message: 'boom' }) as unknown }),
      ]),
    );
    expect(lines.filter((l) => l.msg === 'request completed' || l.msg === 'request errored')).toEqual([]);
  });
});
