import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SINGLE_PROCESS_NODE_FLAGS } from './embedded-pipeline';

describe('SINGLE_PROCESS_NODE_FLAGS', () => {
  const scripts = (JSON.parse(readFileSync(resolve(__dirname, '../../../package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

  it.each(['start', 'start:built'])('are the flags npm run %s starts the single process with', (name) => {
    const command = scripts[name] ?? '';
    const match = /\bnode((?:\s+--\S+)*)\s+dist\/hosts\/single-process\/src\/main\.js/.exec(command);
    expect(match).not.toBeNull();
    expect(match![1]!.trim().split(/\s+/)).toEqual([...SINGLE_PROCESS_NODE_FLAGS]);
  });
});
