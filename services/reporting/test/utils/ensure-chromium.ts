import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

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

/** Flags of every browser test: headless, no sandbox (root in CI), nothing fetched or synced in the background. */
export const CHROMIUM_TEST_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Launches Debian's Chromium ({@link ensureChromium}) through playwright-core with {@link CHROMIUM_TEST_ARGS}. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_TEST_ARGS });
}
