import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type INestApplication } from '@nestjs/common';
import { loadChdb } from '@textback/analytics';
import { type BaseServiceEnv, ConfigValidationException, resolveDataDir, selectDeploymentMode } from '@textback/config';
import { openRelationalStore, type RelationalStore } from '@textback/persistence';
import { createServiceApp, installProcessRelationalStore, type ServiceMainSpec } from '@textback/platform';
import { type Logger } from 'pino';
import { consoleMain } from '../../../services/console/src/console.service-main';
import { conversationAiMain } from '../../../services/conversation-ai/src/conversation-ai.service-main';
import { leadCrmMain } from '../../../services/lead-crm/src/lead-crm.service-main';
import { messagingMain } from '../../../services/messaging/src/messaging.service-main';
import { reportingMain } from '../../../services/reporting/src/reporting.service-main';
import { schedulingMain } from '../../../services/scheduling/src/scheduling.service-main';
import { telephonyIngestMain } from '../../../services/telephony-ingest/src/telephony-ingest.service-main';
import { migrateServices } from '../../../tools/cli/src/migrate.command';
import { type HostEnv, loadHostEnv, serviceEnvironment } from './host-env';
import { type HostedServiceName, routeRequest } from './ingress-routes';

type AnyServiceMain = ServiceMainSpec<BaseServiceEnv & { HTTP_PORT: number }>;

/** The seven services in pipeline order (started in it, stopped in reverse: the console first, telephony last). */
export const HOSTED_SERVICES: readonly AnyServiceMain[] = [
  telephonyIngestMain,
  messagingMain,
  conversationAiMain,
  leadCrmMain,
  schedulingMain,
  reportingMain,
  consoleMain,
] as unknown as readonly AnyServiceMain[];

/** Thrown when the analytics engine of the embedded mode is not installed. */
export class EmbeddedEnginesMissingException extends Error {
  constructor(cause: unknown) {
    super(
      'the embedded mode keeps reporting\'s analytics in chDB (the ClickHouse engine in this process), which `npm ci` does not install: ' +
        'run `npm run engines:embedded` once (an npm install of chdb 3.4.0, about 540 MB, nothing but npm needed), then `npm start` again',
      { cause },
    );
    this.name = 'EmbeddedEnginesMissingException';
  }
}

/** A running single process; {@link stop} shuts it down gracefully. */
export interface RunningHost {
  /** The port it listens on (the one asked for, or the one the system chose for port 0). */
  readonly port: number;
  readonly dataDir: string;
  /** Milliseconds from {@link startSingleProcess} to serving every service. */
  readonly startMs: number;
  /** Stops taking requests, lets in-flight ones finish (SHUTDOWN_TIMEOUT_MS at most), closes every service, then the stores. */
  stop(): Promise<void>;
}

/**
 * Starts Textback as one Node.js process on embedded stores: checks the mode (no DATABASE_URL, KAFKA_BROKERS,
 * CLICKHOUSE_URL; a partial set or the distributed mode is refused), says so loudly with the data directory, opens
 * PGlite on `<TEXTBACK_DATA_DIR>/pglite` for every service (one session, transactions serialised), applies every
 * service's migrations and reporting's chDB migrations, listens on the one port (503 until ready), then boots the seven
 * services' Nest applications (consumers on the in-process bus) and routes paths to them as the Ingress does.
 * @throws ConfigValidationException for bad or partial configuration (exit 78), EmbeddedEnginesMissingException without
 *   chDB, the store's error when another process holds the data directory.
 */
export async function startSingleProcess(env: Record<string, string | undefined>, log: Logger): Promise<RunningHost> {
  const started = Date.now();
  if (selectDeploymentMode('textback', env) === 'distributed') {
    throw new ConfigValidationException('textback', [
      { variable: 'DATABASE_URL', message: 'the distributed mode runs each service as its own process (docker compose, k8s/); unset DATABASE_URL, KAFKA_BROKERS and CLICKHOUSE_URL for one process' },
    ]);
  }
  const host: HostEnv = loadHostEnv(env);
  const dataDir = resolveDataDir(host);
  try {
    loadChdb();
  } catch (err) {
    throw new EmbeddedEnginesMissingException(err);
  }
  const summary = `Textback in EMBEDDED mode: one process, all seven services; data directory ${dataDir} (PGlite in pglite/, chDB in chdb/); no Kafka, PostgreSQL or ClickHouse configured`;
  log.warn({ mode: 'embedded', dataDir }, summary);
  if (host.TEXTBACK_BANNER) process.stderr.write(`\n  ${summary}\n\n`);

  const store = await openRelationalStore({ TEXTBACK_DATA_DIR: dataDir }, log.child({ component: 'relational-store' }));
  const apps: { name: HostedServiceName; app: INestApplication }[] = [];
  const handlers = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();
  let server: Server | null = null;
  try {
    installProcessRelationalStore(store, HOSTED_SERVICES.map((s) => s.definition.schema));
    server = await listen(host, handlers);
    const port = (server.address() as AddressInfo).port;
    const serviceEnv = serviceEnvironment(env, host, dataDir, port);
    await migrateServices(store, HOSTED_SERVICES.map((s) => s.definition), 0, serviceEnv, (line, level) => (level === 'warn' ? log.warn({ component: 'migrate' }, line) : log.info({ component: 'migrate' }, line)));
    for (const spec of HOSTED_SERVICES) {
      const serviceConfig = spec.loadEnv(serviceEnv);
      const app = await createServiceApp(spec.appModule(serviceConfig), spec.definition, {
        shutdownHooks: false,
        beforeInit: (a) => spec.beforeInit?.(a, serviceConfig),
      });
      apps.push({ name: spec.definition.name as HostedServiceName, app });
      handlers.set(spec.definition.name, app.getHttpAdapter().getInstance() as (req: IncomingMessage, res: ServerResponse) => void);
    }
    const startMs = Date.now() - started;
    log.warn({ mode: 'embedded', dataDir, port, startMs, services: apps.map((a) => a.name) }, `Textback ready on http://${host.HTTP_HOST}:${port} (${startMs} ms)`);
    const running = server;
    return { port, dataDir, startMs, stop: () => stopAll(running, apps, store, host.SHUTDOWN_TIMEOUT_MS, log) };
  } catch (err) {
    await stopAll(server, apps, store, host.SHUTDOWN_TIMEOUT_MS, log).catch((stopErr: unknown) => log.error({ err: stopErr }, 'cleanup after a failed start failed'));
    throw err;
  }
}

/** Listens on the one port; routes each request to its service's Express handler once that service is up, else 503. */
function listen(host: HostEnv, handlers: ReadonlyMap<string, (req: IncomingMessage, res: ServerResponse) => void>): Promise<Server> {
  const hosted = new Set(HOSTED_SERVICES.map((s) => s.definition.name));
  const server = createServer((req, res) => {
    const match = routeRequest(req.url ?? '/', hosted);
    if (!match) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ statusCode: 404, message: 'no such service' }));
      return;
    }
    const handler = handlers.get(match.service);
    if (!handler) {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '2' }).end(JSON.stringify({ statusCode: 503, message: `${match.service} is starting` }));
      return;
    }
    req.url = match.path;
    handler(req, res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(host.HTTP_PORT, host.HTTP_HOST, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/**
 * Graceful stop: no new connections; idle keep-alive ones closed; in-flight requests get `timeoutMs` (then every
 * connection is cut, e.g. the console's live streams); then each service closes in reverse start order (consumers,
 * workers, its data source), and last the embedded store (flushed to disk, the directory unlocked).
 */
async function stopAll(server: Server | null, apps: { name: string; app: INestApplication }[], store: RelationalStore, timeoutMs: number, log: Logger): Promise<void> {
  if (server) {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const cut = setTimeout(() => server.closeAllConnections(), timeoutMs);
    // Long-lived streams (server-sent events) would hold the close until the timeout: they end with their services.
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, Math.min(timeoutMs, 2_000)))]);
    server.closeAllConnections();
    await closed;
    clearTimeout(cut);
  }
  for (const { name, app } of [...apps].reverse()) {
    try {
      await app.close();
    } catch (err) {
      log.error({ err, service: name }, 'service did not close cleanly');
    }
  }
  installProcessRelationalStore(null);
  await store.close();
  log.warn('Textback stopped');
}

