import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Calls `probe` until it returns a value other than undefined/false, then returns it.
 * @throws Error naming `description` after `timeoutMs` (default 20 s).
 */
export async function pollUntil<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, description: string, timeoutMs = 20_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}${lastError ? `: ${String(lastError)}` : ''}`);
    await sleep(intervalMs);
  }
}

/**
 * Retries `assertion` (which throws, e.g. Jest `expect`) until it passes.
 * @throws the assertion's last error after `timeoutMs` (default 20 s).
 */
export async function expectEventually(assertion: () => Promise<void> | void, timeoutMs = 20_000, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(intervalMs);
    }
  }
}
