import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Path of Debian's Chromium, installing it when missing (fresh CI machine, root):
 * `apt-get install -y --no-install-recommends chromium` (after `apt-get update`).
 * @throws Error when it is missing and cannot be installed.
 */
export function ensureChromium(path = '/usr/bin/chromium'): string {
  if (existsSync(path)) return path;
  execFileSync('bash', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium'], { stdio: 'inherit', timeout: 600_000 });
  if (!existsSync(path)) throw new Error(`chromium not found at ${path} after apt-get install`);
  return path;
}
