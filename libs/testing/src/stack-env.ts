import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Connection settings of the local stack that `deploy/local/stack.sh up` started. */
export interface StackEnv {
  KAFKA_BROKERS: string;
  DATABASE_URL: string;
  CLICKHOUSE_URL: string;
  CLICKHOUSE_DATABASE: string;
}

/**
 * Reads the stack's connection settings: process.env wins, then
 * `$TEXTBACK_STACK_HOME/stack.env` (written by `stack.sh up`), then the script's defaults.
 */
export function loadStackEnv(env: Record<string, string | undefined> = process.env): StackEnv {
  const file = join(env.TEXTBACK_STACK_HOME ?? join(homedir(), '.textback-stack'), 'stack.env');
  const fromFile: Record<string, string> = {};
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const m = /^(?:export\s+)?([A-Z_]+)=(.*)$/.exec(line.trim());
      if (m?.[1] && m[2] !== undefined) fromFile[m[1]] = m[2].replace(/^['"]|['"]$/g, '');
    }
  }
  const pick = (k: keyof StackEnv, fallback: string) => env[k] ?? fromFile[k] ?? fallback;
  return {
    KAFKA_BROKERS: pick('KAFKA_BROKERS', '127.0.0.1:9092'),
    DATABASE_URL: pick('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/textback'),
    CLICKHOUSE_URL: pick('CLICKHOUSE_URL', 'http://127.0.0.1:18123'),
    CLICKHOUSE_DATABASE: pick('CLICKHOUSE_DATABASE', 'textback'),
  };
}
