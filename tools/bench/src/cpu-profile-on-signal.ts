/**
 * Preloaded into a service process (`node --require dist/tools/bench/src/cpu-profile-on-signal.js`) by
 * `bench-pipeline --cpu-prof DIR`: SIGWINCH (harmless by default; Nest's shutdown hooks take SIGUSR2) starts V8's sampling CPU profiler, the next SIGWINCH stops it and writes
 * `<CPU_PROF_DIR>/<CPU_PROF_NAME or pid>-<n>.cpuprofile` (Chrome DevTools' format; summarise it with
 * `node dist/tools/bench/src/cpu-profile-summary.js FILE`). Unlike `node --cpu-prof`, it covers only the window the
 * bench chooses (a load step, not start-up) and works with Nest's shutdown hooks, which re-raise SIGTERM (a process
 * killed by a signal never writes `--cpu-prof`'s file).
 *
 * Bench tooling only: no service imports it, and without the signal it does nothing.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.CPU_PROF_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  let running = false;
  let n = 0;
  process.on('SIGWINCH', () => {
    if (!running) {
      running = true;
      session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 1000 }, () => session.post('Profiler.start')));
      return;
    }
    running = false;
    session.post('Profiler.stop', (err, res) => {
      if (err) return;
      writeFileSync(join(dir, `${process.env.CPU_PROF_NAME ?? process.pid}-${++n}.cpuprofile`), JSON.stringify(res.profile));
    });
  });
}
