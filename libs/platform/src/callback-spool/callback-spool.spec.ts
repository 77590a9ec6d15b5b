import { appendFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallbackSpool, type SpooledCallback } from './callback-spool';

const entry = (key: string): SpooledCallback => ({
  key,
  provider: 'bandwidth',
  hook: 'initiate',
  endpoint: '/bandwidth/voice/initiate',
  receivedAt: '2026-12-04T09:00:00.000Z',
  reason: 'late',
  bodyBase64: Buffer.from(`{"callId":"${key}"}`).toString('base64'),
});

describe(CallbackSpool.name, () => {
  const fresh = () => mkdtempSync(join(tmpdir(), 'spool-'));

  it('keeps concurrent appends on disk and replays them once, oldest first, then deletes the segment', async () => {
    const dir = fresh();
    const spool = new CallbackSpool(dir);
    await Promise.all(['a', 'b', 'c'].map((k) => spool.append(entry(k))));
    expect(spool.pending).toBe(3);
    const seen: string[] = [];
    expect(await spool.drain(async (e) => void seen.push(e.key))).toEqual({ replayed: 3, settled: 0, stopped: false });
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(spool.pending).toBe(0);
    expect(await spool.drain(async (e) => void seen.push(e.key))).toEqual({ replayed: 0, settled: 0, stopped: false });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('stops at a failing entry and replays from its segment on the next round (idempotent apply)', async () => {
    const dir = fresh();
    const spool = new CallbackSpool(dir);
    await spool.append(entry('a'));
    await spool.append(entry('b'));
    let failB = true;
    const seen: string[] = [];
    const apply = async (e: SpooledCallback) => {
      if (e.key === 'b' && failB) throw new Error('database down');
      seen.push(e.key);
    };
    expect(await spool.drain(apply)).toEqual({ replayed: 1, settled: 0, stopped: true });
    expect(spool.pending).toBe(2);
    await spool.append(entry('c'));
    failB = false;
    expect(await spool.drain(apply)).toEqual({ replayed: 3, settled: 0, stopped: false });
    expect(seen).toEqual(['a', 'a', 'b', 'c']);
  });

  it('finds what a previous process spooled, skipping a torn last line', async () => {
    const dir = fresh();
    const first = new CallbackSpool(dir);
    await first.append(entry('a'));
    await first.close();
    const [segment] = readdirSync(dir);
    appendFileSync(join(dir, segment ?? ''), '{"key":"tor');
    const second = new CallbackSpool(dir);
    expect(second.pending).toBe(2);
    const seen: string[] = [];
    await second.drain(async (e) => void seen.push(e.key));
    expect(seen).toEqual(['a']);
    expect(second.torn).toBe(1);
    expect(second.pending).toBe(0);
  });

  it('tracks which ordering groups have entries spooled, across a restart, until their segment is replayed', async () => {
    const dir = fresh();
    const spool = new CallbackSpool(dir);
    await spool.append({ ...entry('a'), group: 'call-1' });
    expect(spool.hasPending('call-1')).toBe(true);
    expect(spool.hasPending('call-2')).toBe(false);
    await spool.close();
    const restarted = new CallbackSpool(dir);
    expect(restarted.hasPending('call-1')).toBe(true);
    await restarted.drain(async () => undefined);
    expect(restarted.hasPending('call-1')).toBe(false);
  });

  it('sets the oldest segment aside as .dead, never replayed again', async () => {
    const dir = fresh();
    const spool = new CallbackSpool(dir);
    await spool.append(entry('poison'));
    const dead = await spool.setAsideOldest();
    expect(dead).toMatch(/\.jsonl\.dead$/);
    expect(spool.pending).toBe(0);
    const seen: string[] = [];
    await spool.drain(async (e) => void seen.push(e.key));
    expect(seen).toEqual([]);
  });
  it('settle releases the ordering hold of an entry whose write landed, once; its replay skips it (its effect is in the database)', async () => {
    const spool = new CallbackSpool(fresh());
    const late = { ...entry('bandwidth:c1:initiate'), group: 'bandwidth:c1' };
    const queued = { ...entry('bandwidth:c2:initiate'), group: 'bandwidth:c2' };
    const behind = { ...entry('bandwidth:c2:transferComplete'), group: 'bandwidth:c2', reason: 'queued' as const };
    await spool.append(late);
    await spool.append(queued);
    await spool.append(behind);
    expect(spool.hasPending('bandwidth:c1')).toBe(true);
    spool.settle(late);
    spool.settle(late);
    expect(spool.hasPending('bandwidth:c1')).toBe(false);
    // c2 has two entries: settling its first leaves the one queued behind it holding the group.
    spool.settle(queued);
    expect(spool.hasPending('bandwidth:c2')).toBe(true);
    const seen: string[] = [];
    expect(await spool.drain(async (e) => void seen.push(e.key))).toEqual({ replayed: 1, settled: 2, stopped: false });
    expect(seen).toEqual([behind.key]);
    expect(spool.pending).toBe(0);
    expect(spool.hasPending('bandwidth:c1')).toBe(false);
    expect(spool.hasPending('bandwidth:c2')).toBe(false);
    // After its replay an entry is no longer spooled: settling it changes nothing, and a new entry of the group holds it.
    spool.settle(late);
    await spool.append({ ...late, key: 'bandwidth:c1:disconnect' });
    expect(spool.hasPending('bandwidth:c1')).toBe(true);
  });
  it('leaves a segment younger than minSegmentAgeMs open (still taking appends) for a later round', async () => {
    const spool = new CallbackSpool(fresh());
    await spool.append(entry('bandwidth:c1:initiate'));
    const seen: string[] = [];
    expect(await spool.drain(async (e) => void seen.push(e.key), 1, 60_000)).toEqual({ replayed: 0, settled: 0, stopped: false });
    await spool.append(entry('bandwidth:c1:disconnect'));
    expect(spool.pending).toBe(2);
    expect(await spool.drain(async (e) => void seen.push(e.key), 1, 0)).toEqual({ replayed: 2, settled: 0, stopped: false });
    expect(seen).toEqual(['bandwidth:c1:initiate', 'bandwidth:c1:disconnect']);
  });
  it('a restart forgets what was settled: the entry is replayed (idempotently) by the next process', async () => {
    const dir = fresh();
    const spool = new CallbackSpool(dir);
    const late = { ...entry('bandwidth:c1:initiate'), group: 'bandwidth:c1' };
    await spool.append(late);
    spool.settle(late);
    await spool.close();
    const seen: string[] = [];
    expect(await new CallbackSpool(dir).drain(async (e) => void seen.push(e.key), 3)).toEqual({ replayed: 1, settled: 0, stopped: false });
    expect(seen).toEqual([late.key]);
  });
  it('drains several calls at once, each call in spool order, and stops starting entries after a failure', async () => {
    const spool = new CallbackSpool(fresh());
    const of = (call: string, hook: string) => ({ ...entry(`bandwidth:${call}:${hook}`), group: `bandwidth:${call}` });
    for (const hook of ['initiate', 'transferComplete', 'disconnect']) for (const call of ['c1', 'c2', 'c3']) await spool.append(of(call, hook));
    let running = 0;
    let peak = 0;
    const seen: string[] = [];
    const apply = async (e: SpooledCallback) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      seen.push(e.key);
      running--;
    };
    expect(await spool.drain(apply, 3)).toEqual({ replayed: 9, settled: 0, stopped: false });
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(3);
    for (const call of ['c1', 'c2', 'c3']) expect(seen.filter((k) => k.includes(`:${call}:`))).toEqual(['initiate', 'transferComplete', 'disconnect'].map((h) => `bandwidth:${call}:${h}`));
    expect(spool.pending).toBe(0);

    // c2's first entry fails: nothing of c2 after it is applied, and the segment stays for the next round.
    for (const hook of ['initiate', 'transferComplete']) for (const call of ['c1', 'c2']) await spool.append(of(call, hook));
    const second: string[] = [];
    const failing = async (e: SpooledCallback) => {
      if (e.key === 'bandwidth:c2:initiate') throw new Error('database down');
      await new Promise((r) => setTimeout(r, 1));
      second.push(e.key);
    };
    expect((await spool.drain(failing, 3)).stopped).toBe(true);
    expect(second).not.toContain('bandwidth:c2:transferComplete');
    expect(spool.pending).toBe(4);
    expect(spool.hasPending('bandwidth:c2')).toBe(true);
    expect(await spool.drain(async (e) => void second.push(e.key), 3)).toEqual({ replayed: 4, settled: 0, stopped: false });
    expect(spool.pending).toBe(0);
  });
});
