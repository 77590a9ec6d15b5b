import NodeModule from 'node:module';
import { type Extension, type PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

/** What this adapter uses of `@electric-sql/pglite` and its subpaths. */
export interface PgliteModules {
  PGlite: typeof PGlite;
  /** `@electric-sql/pglite/contrib/btree_gist` (scheduling's exclusion constraints). */
  btreeGist: Extension;
  /**
   * `@electric-sql/pglite/node-postgres`: `createPgConfig(pglite)` gives a `pg` client config whose `connection`
   * speaks the wire protocol to the PGlite instance.
   */
  createPgConfig(pglite: PGlite): pg.ClientConfig;
}

interface NodeLoader {
  _load(request: string, parent: { id: string; filename: string; paths: string[] }, isMain: boolean): unknown;
  _nodeModulePaths(dir: string): string[];
}

let loaded: PgliteModules | null = null;

interface NodeResolver {
  _resolveFilename(request: string, parent: { id: string; filename: string; paths: string[] }): string;
  _nodeModulePaths(dir: string): string[];
}

/** Absolute path of `@electric-sql/pglite`'s CommonJS entry as Node resolves it from here (for a child process to load). */
export function pgliteEntryPath(): string {
  const resolver = NodeModule as unknown as NodeResolver;
  return resolver._resolveFilename('@electric-sql/pglite', { id: __filename, filename: __filename, paths: resolver._nodeModulePaths(__dirname) });
}

/**
 * Loads PGlite through Node's own module loader. Not a static import, for two reasons: the package publishes its
 * node-postgres bridge and extensions only through `exports` subpaths, which this repository's TypeScript resolution
 * (node10) does not read; and its CommonJS build loads Node built-ins and the WebAssembly with dynamic `import()`, which
 * Jest's module sandbox (whose `require` and `createRequire` replace Node's) refuses without --experimental-vm-modules.
 * Outside Jest this is plain `require`.
 */
export function pgliteModules(): PgliteModules {
  if (loaded) return loaded;
  const loader = NodeModule as unknown as NodeLoader;
  const parent = { id: __filename, filename: __filename, paths: loader._nodeModulePaths(__dirname) };
  const load = <T>(id: string): T => loader._load(id, parent, false) as T;
  loaded = {
    PGlite: load<{ PGlite: typeof PGlite }>('@electric-sql/pglite').PGlite,
    btreeGist: load<{ btree_gist: Extension }>('@electric-sql/pglite/contrib/btree_gist').btree_gist,
    createPgConfig: load<Pick<PgliteModules, 'createPgConfig'>>('@electric-sql/pglite/node-postgres').createPgConfig,
  };
  return loaded;
}
