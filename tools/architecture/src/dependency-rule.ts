import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import * as ts from 'typescript';

/**
 * The dependency rule of the folder layout (docs/architecture.md, "Folder layout"): code in a `port/` folder and
 * domain code (everything of a lib or service module that is neither a port, an adapter nor wiring) never imports an
 * infrastructure package or anything inside an `adapters/` folder. Adapters and wiring may import anything.
 *
 * The scan reads import, export-from, `require` and dynamic `import()` specifiers with the TypeScript compiler
 * (`ts.preProcessFile`, plus the named bindings of `@nestjs/microservices` imports), resolves relative specifiers and
 * the `@textback/*` path aliases of tsconfig.json to repository paths, and reports each forbidden edge once per file.
 */

/**
 * Packages that are one technology's client: only an adapter (or wiring) may import them, or a sub-path of them.
 * `@langchain/openai` and its runtime `@langchain/core` are the language-model client (conversation-ai's
 * `TriageModel` port, `adapters/openai/`).
 */
export const INFRASTRUCTURE_PACKAGES: readonly string[] = ['kafkajs', '@clickhouse/client', 'chdb', '@electric-sql/pglite', 'pg', 'bandwidth-sdk', 'twilio', '@langchain/openai', '@langchain/core'];

/**
 * `@nestjs/microservices` is allowed for its transport-neutral decorators (`Payload`, `Ctx`, `EventPattern`); its
 * Kafka transport (`ClientKafka`, `ServerKafka`, `KafkaContext`, `KafkaOptions`, ...) and the `Transport` enum are not.
 */
const MICROSERVICES = '@nestjs/microservices';
const FORBIDDEN_MICROSERVICES_BINDING = /Kafka|^Transport$/;

/** The folders the rule applies to, relative to the repository root: libs with ports and the shared domain libs, and every service. */
export const CHECKED_ROOTS: readonly string[] = [
  'libs/analytics/src',
  'libs/auth/src',
  'libs/booking-preference/src',
  'libs/bus/src',
  'libs/config/src',
  'libs/contracts/src',
  'libs/observability/src',
  'libs/opt-out/src',
  'libs/persistence/src',
  'libs/voice-markup/src',
  'services/*/src',
];

/**
 * Wiring: the files that choose an adapter for a port and so must see both (Nest modules, barrels, process entry
 * points, and the two store pickers). Not domain, not checked.
 */
const WIRING_FILE = /(\.module\.ts|^index\.ts|^main\.ts|\.service-main\.ts)$/;
const WIRING_PATHS: readonly string[] = ['libs/analytics/src/analytics-store.factory.ts', 'libs/persistence/src/relational-store.factory.ts', 'libs/bus/src/connect-bus-consumer.ts'];

/** What a file is in the layout, from its path alone. */
export type LayerOfFile = 'port' | 'adapter' | 'wiring' | 'domain';

/** One forbidden import: `file` (repository-relative, `/`-separated) imports `imported` (a package, or a repository path). */
export interface LayoutViolation {
  file: string;
  layer: 'port' | 'domain';
  imported: string;
  why: string;
}

/** A violation that is known and kept on purpose for now: the scan tolerates it, and fails when it is gone (so the list shrinks). */
export interface KnownException {
  file: string;
  imported: string;
  reason: string;
}

const posix = (p: string): string => p.split(sep).join('/');

/** The layer of a repository-relative path (`/`-separated). */
export function layerOf(file: string): LayerOfFile {
  const parts = file.split('/');
  if (parts.includes('adapters')) return 'adapter';
  const base = parts[parts.length - 1] ?? '';
  if (WIRING_FILE.test(base) || WIRING_PATHS.includes(file)) return 'wiring';
  if (parts.includes('port')) return 'port';
  return 'domain';
}

/** The `@textback/*` aliases of `<root>/tsconfig.json` as (alias, repository-relative folder) pairs. */
export function loadAliases(root: string): Map<string, string> {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), (p) => readFileSync(p, 'utf8'));
  if (config.error) throw new Error(`tsconfig.json: ${ts.flattenDiagnosticMessageText(config.error.messageText, '\n')}`);
  const paths = (config.config as { compilerOptions?: { paths?: Record<string, string[]> } }).compilerOptions?.paths ?? {};
  return new Map(Object.entries(paths).map(([alias, targets]) => [alias, posix(targets[0] ?? '')]));
}

/** Every non-test `.ts` file under the checked roots of `root`, repository-relative. */
export function checkedFiles(root: string, roots: readonly string[] = CHECKED_ROOTS): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.ts') && !/\.(spec|integration-spec|e2e-spec)\.ts$/.test(name) && !name.endsWith('.d.ts')) out.push(posix(relative(root, full)));
    }
  };
  for (const pattern of roots) {
    const [head, tail] = pattern.split('/*/');
    const dirs = tail === undefined ? [pattern] : readdirSync(join(root, head!)).map((d) => `${head}/${d}/${tail}`);
    for (const d of dirs) {
      const full = join(root, d);
      try {
        if (statSync(full).isDirectory()) walk(full);
      } catch {
        // a service without src/ (none today) or a lib not present in a test fixture
      }
    }
  }
  return out;
}

const packageOf = (spec: string): string => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? spec));

/** The repository path a specifier points at (relative or a `@textback/*` alias), or null for a package. */
function repositoryTarget(file: string, spec: string, aliases: Map<string, string>): string | null {
  if (spec.startsWith('.')) return posix(join(dirname(file), spec));
  return aliases.get(spec) ?? null;
}

/** The violations of one file's source text (`file` repository-relative). */
export function violationsOf(file: string, source: string, aliases: Map<string, string>): LayoutViolation[] {
  const layer = layerOf(file);
  if (layer !== 'port' && layer !== 'domain') return [];
  const found = new Map<string, LayoutViolation>();
  const add = (imported: string, why: string): void => {
    if (!found.has(imported)) found.set(imported, { file, layer, imported, why });
  };
  for (const { fileName: spec } of ts.preProcessFile(source, true, true).importedFiles) {
    const target = repositoryTarget(file, spec, aliases);
    if (target !== null) {
      if (target.split('/').includes('adapters')) add(target, `a ${layer} file imports an adapter folder`);
      continue;
    }
    const pkg = packageOf(spec);
    if (INFRASTRUCTURE_PACKAGES.includes(pkg)) add(pkg, `a ${layer} file imports the infrastructure package ${pkg}`);
  }
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || statement.moduleSpecifier.text !== MICROSERVICES) continue;
    const bindings = statement.importClause?.namedBindings;
    const names = bindings && ts.isNamedImports(bindings) ? bindings.elements.map((e) => (e.propertyName ?? e.name).text) : ['*'];
    for (const name of names.filter((n) => n === '*' || FORBIDDEN_MICROSERVICES_BINDING.test(n))) {
      add(`${MICROSERVICES}#${name}`, `a ${layer} file imports ${name} from ${MICROSERVICES} (the Kafka transport)`);
    }
  }
  return [...found.values()];
}

/** Every violation under `root` (a repository checkout), in file order. */
export function findViolations(root: string, roots: readonly string[] = CHECKED_ROOTS): LayoutViolation[] {
  const aliases = loadAliases(resolve(root));
  return checkedFiles(root, roots).flatMap((file) => violationsOf(file, readFileSync(join(root, file), 'utf8'), aliases));
}

/** Splits violations into those a known exception covers and the new ones; also returns the exceptions nothing matched any more. */
export function applyKnownExceptions(violations: readonly LayoutViolation[], known: readonly KnownException[]): { unexpected: LayoutViolation[]; stale: KnownException[] } {
  const covers = (k: KnownException, v: LayoutViolation): boolean => k.file === v.file && k.imported === v.imported;
  return {
    unexpected: violations.filter((v) => !known.some((k) => covers(k, v))),
    stale: known.filter((k) => !violations.some((v) => covers(k, v))),
  };
}
