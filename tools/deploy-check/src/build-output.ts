import { posix, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * The JavaScript files `npm run build` (tsc -p tsconfig.build.json) emits, computed from the
 * tsconfig's include/exclude/rootDir/outDir without compiling: repo-relative paths such as
 * `dist/services/messaging/src/main.js`.
 * @throws Error when the tsconfig cannot be read or parsed.
 */
export function expectedBuildOutput(root: string, tsconfigFile = 'tsconfig.build.json'): Set<string> {
  const configPath = resolve(root, tsconfigFile);
  const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  if (read.error) throw new Error(`${tsconfigFile}: ${ts.flattenDiagnosticMessageText(read.error.messageText, '\n')}`);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, configPath);
  if (parsed.errors.length > 0) throw new Error(`${tsconfigFile}: ${parsed.errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('; ')}`);
  const rootDir = parsed.options.rootDir ?? root;
  const outDir = parsed.options.outDir ?? root;
  const out = new Set<string>();
  for (const file of parsed.fileNames) {
    if (file.endsWith('.d.ts') || !/\.tsx?$/.test(file)) continue;
    const emitted = resolve(outDir, relative(rootDir, file)).replace(/\.tsx?$/, '.js');
    out.add(relative(root, emitted).split('\\').join(posix.sep));
  }
  return out;
}
