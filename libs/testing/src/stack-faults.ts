import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root (the folder holding deploy/local/stack.sh), searched upwards from this file. */
function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'deploy', 'local', 'stack.sh'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('deploy/local/stack.sh not found above ' + __dirname);
    dir = up;
  }
  return dir;
}

/**
 * The process id of the local stack's Kafka broker, as `deploy/local/stack.sh status` reports it
 * (`kafka  ready  pid <n>  127.0.0.1:9092 …`).
 * @throws Error when the script reports no running broker.
 */
export function kafkaBrokerPid(): number {
  const status = execFileSync('bash', [join(repoRoot(), 'deploy', 'local', 'stack.sh'), 'status'], { encoding: 'utf8' });
  const m = /^kafka\s+\S+\s+pid\s+(\d+)/m.exec(status);
  if (!m?.[1]) throw new Error(`no running Kafka broker in \`stack.sh status\`:\n${status}`);
  return Number(m[1]);
}

/**
 * Runs `work` with the local Kafka broker frozen (SIGSTOP: connections stay open, nothing answers — what clients see
 * of a hung broker), and resumes it (SIGCONT) in a `finally`, whatever `work` does. Run only under the integration
 * lock (`flock /tmp/textback-it.lock`): every client of the shared broker is frozen too.
 */
export async function withKafkaPaused<T>(work: () => Promise<T>): Promise<T> {
  const pid = kafkaBrokerPid();
  process.kill(pid, 'SIGSTOP');
  try {
    return await work();
  } finally {
    process.kill(pid, 'SIGCONT');
  }
}
