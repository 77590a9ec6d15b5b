#!/usr/bin/env node
/**
 * Summarises V8 `.cpuprofile` files (from `bench-pipeline --cpu-prof DIR` or `node --cpu-prof`): where a process's CPU
 * went, by package (self time) and by function (self and inclusive time), in ms and % of the profile's busy time
 * (idle excluded).
 *
 * Usage: `node dist/tools/bench/src/cpu-profile-summary.js [--top 30] [--calls N] FILE...` (several files of one
 * service are added up). With `--calls N` every figure is also printed per call (ms / N).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The package a script URL belongs to: `pg`, `@nestjs/core`, `libs/bus`, `services/messaging`, `node:internal`, or the V8 pseudo-frame. */
export function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + '/node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (url.startsWith('node:')) return url.split('/')[0]!.startsWith('node:internal') ? 'node:internal' : url;
  const m = /\/dist\/((?:libs|services|tools)\/[^/]+)\//.exec(url);
  return m ? m[1]! : url;
}

function main(): void {
  const { values, positionals } = parseArgs({ options: { top: { type: 'string', default: '30' }, calls: { type: 'string' } }, allowPositionals: true });
  const top = Number(values.top);
  const calls = values.calls ? Number(values.calls) : undefined;
  const selfByPkg = new Map<string, number>();
  const selfByFn = new Map<string, number>();
  const inclByFn = new Map<string, number>();
  const inclByPkg = new Map<string, number>();
  let busy = 0;
  for (const file of positionals) {
    const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const self = new Map<number, number>();
    p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000));
    const parent = new Map<number, number>();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const key = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(node_modules|dist)\//, '')}:${n.callFrame.lineNumber + 1}`;
    for (const [id, ms] of self) {
      const n = byId.get(id)!;
      if (n.callFrame.functionName === '(idle)') continue;
      busy += ms;
      const pkg = packageOf(n.callFrame.url, n.callFrame.functionName);
      selfByPkg.set(pkg, (selfByPkg.get(pkg) ?? 0) + ms);
      selfByFn.set(key(n), (selfByFn.get(key(n)) ?? 0) + ms);
      // Inclusive: credit every distinct function and package on the stack once.
      const seenFn = new Set<string>();
      const seenPkg = new Set<string>();
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const a = byId.get(cur)!;
        const k = key(a);
        if (!seenFn.has(k)) {
          seenFn.add(k);
          inclByFn.set(k, (inclByFn.get(k) ?? 0) + ms);
        }
        const pk = packageOf(a.callFrame.url, a.callFrame.functionName);
        if (!seenPkg.has(pk)) {
          seenPkg.add(pk);
          inclByPkg.set(pk, (inclByPkg.get(pk) ?? 0) + ms);
        }
      }
    }
  }
  const fmt = (ms: number) => `${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / busy).toFixed(1).padStart(5)} %${calls ? ` ${(ms / calls).toFixed(2).padStart(6)} ms/call` : ''}`;
  const print = (title: string, m: Map<string, number>) => {
    process.stdout.write(`\n${title}\n`);
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${fmt(v)}  ${k}\n`);
  };
  process.stdout.write(`busy (idle excluded): ${fmt(busy)}\n`);
  print('self time by package', selfByPkg);
  print('inclusive time by package', inclByPkg);
  print('self time by function', selfByFn);
  print('inclusive time by function', inclByFn);
}

if (require.main === module) main();
