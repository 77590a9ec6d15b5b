import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type IEntryNestModule } from '@nestjs/core/nest-factory';
import { type BaseServiceEnv, ConfigValidationException } from '@textback/config';
import { type Logger } from 'pino';
import { connectContractConsumer } from './connect-contract-consumer';
import { hardenHttp } from './http-hardening';
import { EmbeddedStoreMissingException } from './process-relational-store';
import { RequestValidationPipe } from './request-validation.pipe';
import { ROOT_LOGGER } from './platform.tokens';
import { ServiceNestLogger } from './request-logging';
import { type ServiceDefinition } from './service-definition';

/**
 * Boots a service: pino as Nest's logger and the request log (both on the service's own root logger, see
 * {@link ServiceNestLogger}), the validation pipe (whitelist + transform), anti-framing
 * headers ({@link hardenHttp}), the
 * contract-checking Kafka consumer when the service consumes topics, shutdown hooks, then HTTP.
 * `beforeInit` runs before `app.init()`: the place for OpenAPI (`SwaggerModule.setup`) or
 * other HTTP set-up that must precede initialization.
 * @returns the running application (close it to shut down gracefully).
 */
export async function bootstrapService(
  appModule: IEntryNestModule,
  definition: ServiceDefinition,
  env: BaseServiceEnv & { HTTP_PORT: number },
  beforeInit?: (app: INestApplication) => void | Promise<void>,
): Promise<INestApplication> {
  const app = await createServiceApp(appModule, definition, { shutdownHooks: true, ...(beforeInit ? { beforeInit } : {}) });
  // Nest types listen(port, host, callback); Express and Node take the backlog third (Node's own default is 511).
  await (app.listen as unknown as (port: number, host: string, backlog: number) => Promise<unknown>).call(app, env.HTTP_PORT, env.HTTP_HOST, HTTP_LISTEN_BACKLOG);
  keepConnectionsAlive(app.getHttpServer() as KeepAliveServer);
  return app;
}

/**
 * How long an idle keep-alive connection stays open on a service's HTTP port, ms: longer than the idle timeout of the
 * proxies and clients in front of it (nginx's upstream `keepalive_timeout` and cloud load balancers: 60 s; undici
 * keeps a connection for the server's `Keep-Alive: timeout` hint minus a second or two), so the server is never the
 * side that closes a connection the client is about to reuse. Node's default is 5 s, and its keep-alive timer runs in
 * the event loop's timers phase, BEFORE the poll phase that reads the sockets: after an event-loop stall of 5 s or more
 * (seen in telephony-ingest at 200 missed calls/s), the server closed connections whose next request was already in
 * the kernel's buffer, and the carrier's callback failed with `other side closed` (undici `UND_ERR_SOCKET`) or
 * `ECONNRESET` although the service was up.
 */
export const HTTP_KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** The parts of Node's `http.Server` that {@link keepConnectionsAlive} sets. */
interface KeepAliveServer {
  keepAliveTimeout: number;
  headersTimeout: number;
}

/**
 * Sets {@link HTTP_KEEP_ALIVE_TIMEOUT_MS} on a listening Node HTTP server, and `headersTimeout` a second above it (Node
 * requires headersTimeout > keepAliveTimeout, else a request arriving just before the keep-alive end can be cut).
 */
export function keepConnectionsAlive(server: KeepAliveServer): void {
  server.keepAliveTimeout = HTTP_KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = HTTP_KEEP_ALIVE_TIMEOUT_MS + 1_000;
}

/**
 * Connections the kernel keeps waiting for `accept` on the HTTP port (the kernel caps it at `net.core.somaxconn`).
 * Node's default, 511, overflows when a carrier opens hundreds of callback connections while the event loop is busy:
 * the kernel then drops the SYNs and the carrier's connection succeeds only on a retransmission 1, 3 or 7 s later —
 * a voice callback answered seconds late although the service answered it in milliseconds once accepted (seen in the
 * bench at 50-200 missed calls/s as `TcpExtListenOverflows` and undici connect timeouts).
 */
export const HTTP_LISTEN_BACKLOG = 4096;

/**
 * Everything {@link bootstrapService} does but listen: the application initialised, its consumer started, its HTTP
 * routes ready on `app.getHttpAdapter().getInstance()` (an Express handler). The single-process host mounts several
 * of these behind its one port and closes them itself (`shutdownHooks: false`: one set of signal handlers per process).
 */
export async function createServiceApp(
  appModule: IEntryNestModule,
  definition: ServiceDefinition,
  options: { shutdownHooks: boolean; beforeInit?: (app: INestApplication) => void | Promise<void> },
): Promise<INestApplication> {
  const app = await NestFactory.create(appModule, { bufferLogs: true });
  app.useLogger(new ServiceNestLogger(app.get<Logger>(ROOT_LOGGER)));
  app.useGlobalPipes(new RequestValidationPipe());
  if (options.shutdownHooks) app.enableShutdownHooks();
  hardenHttp(app);
  await options.beforeInit?.(app);
  if (definition.consumes.length > 0) connectContractConsumer(app);
  await app.init();
  await app.startAllMicroservices();
  return app;
}

/**
 * How to run one service, whichever process hosts it: its definition, how it reads its environment, its root module
 * and the HTTP set-up before `init` (raw webhook bodies, OpenAPI, cookies, the web app). A service's `main.ts` runs
 * it alone ({@link runServiceMain}); the single-process host runs all of them behind one port.
 */
export interface ServiceMainSpec<E extends BaseServiceEnv & { HTTP_PORT: number }> {
  definition: ServiceDefinition;
  loadEnv: (env?: Record<string, string | undefined>) => E;
  appModule: (env: E) => IEntryNestModule;
  beforeInit?: (app: INestApplication, env: E) => void | Promise<void>;
}

/**
 * The whole of a service's `main.ts`: validate the environment (exit 78, EX_CONFIG, listing
 * every bad variable, or when it asks for the embedded mode, which runs every service in one
 * process: `npm start`), then boot. Any other start-up failure exits 1.
 */
export function runServiceMain<E extends BaseServiceEnv & { HTTP_PORT: number }>(spec: ServiceMainSpec<E>): void {
  startServiceProcess(spec.definition.name, spec.loadEnv, (env) => bootstrapService(spec.appModule(env), spec.definition, env, spec.beforeInit ? (app) => spec.beforeInit?.(app, env) : undefined));
}

/**
 * A service process's start, for a `main.ts` whose boot is its own (reporting's): `loadEnv()` (a bad environment exits
 * 78, EX_CONFIG, listing every bad variable; so does one asking for the embedded mode, which runs every service in one
 * process: `npm start`), then `boot(env)`; a boot that fails exits 1, naming service `name`.
 */
export function startServiceProcess<E extends BaseServiceEnv>(name: string, loadEnv: () => E, boot: (env: E) => Promise<unknown>): void {
  let env: E;
  try {
    env = loadEnv();
  } catch (err) {
    if (err instanceof ConfigValidationException) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  if (env.DATABASE_URL === undefined) {
    console.error(new EmbeddedStoreMissingException(name).message);
    process.exit(78);
  }
  boot(env).catch((err: unknown) => {
    console.error(`${name} failed to start`, err);
    process.exit(1);
  });
}
