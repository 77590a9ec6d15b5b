import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgliteRelationalStore } from '@textback/persistence';
import { type BandwidthStandIn, pollUntil } from '@textback/testing';
import { demoFranchise } from '../../../../tools/demo/src/demo-franchise';
import { startCarrierForHost } from '../utils/carrier-stand-in';
import { cli, type StartedHost, startHost, stopHost } from '../utils/single-process-host';

const CALLS = 20;

/** Runs `read` on the stopped process's data directory (PGlite, any schema: the store holds all of them). */
async function readStopped<T>(dataDir: string, read: (query: <R>(sql: string, params: unknown[]) => Promise<R[]>) => Promise<T>): Promise<T> {
  const store = await PgliteRelationalStore.open({ dataDir: join(dataDir, 'pglite') });
  try {
    const ds = await store.createDataSource({ schema: 'crm', applicationName: 'it-single-process-kill' }).initialize();
    try {
      return await read(async <R>(sql: string, params: unknown[]) => (await ds.query(sql, params)) as R[]);
    } finally {
      await ds.destroy();
    }
  } finally {
    await store.close();
  }
}

/** Leads of `callers` in lead-crm's schema, read from the stopped process's data directory. */
async function leadsOf(dataDir: string, callers: string[]): Promise<number> {
  return readStopped(dataDir, async (query) => (await query<{ n: number }>(`SELECT count(*)::int AS n FROM crm.leads l JOIN crm.contacts c ON c.id = l.contact_id WHERE c.e164 = ANY($1)`, [callers]))[0]?.n ?? 0);
}

/**
 * What messaging still holds for `callers` in the stopped process's data directory, per caller: its first-text rows in
 * the send queue and how many of them are still `queued` (a text a later start would send), and the missed calls still
 * waiting for their first-text decision (first_text_job, the whole directory: the shop is this test's alone). Once the
 * process stopped with none pending, nothing can text a caller again: the carrier's count is final.
 */
async function firstTextsHeld(dataDir: string, callers: string[]): Promise<{ decisionsPending: number; perCaller: Array<{ caller: string; rows: number; queued: number }> }> {
  return readStopped(dataDir, async (query) => {
    const rows = await query<{ to_e164: string; status: string }>(`SELECT to_e164, status FROM messaging.outbound_message WHERE purpose = 'first_text' AND to_e164 = ANY($1)`, [callers]);
    const pending = await query<{ n: number }>(`SELECT count(*)::int AS n FROM messaging.first_text_job`, []);
    return {
      decisionsPending: pending[0]?.n ?? 0,
      perCaller: callers.map((caller) => ({ caller, rows: rows.filter((r) => r.to_e164 === caller).length, queued: rows.filter((r) => r.to_e164 === caller && r.status === 'queued').length })),
    };
  });
}

/** A migrated data directory under `work` with the demo franchise `runId` applied, and a Bandwidth stand-in for the host. */
async function preparedShop(work: string, runId: string) {
  const dataDir = join(work, 'data');
  const franchise = demoFranchise(runId);
  const manifest = join(work, 'franchise.yaml');
  writeFileSync(manifest, franchise.manifestYaml);
  expect((await cli(dataDir, 'migrate', 'all')).code).toBe(0);
  expect((await cli(dataDir, 'tenants', 'apply', '-f', manifest)).code).toBe(0);
  const { carrier, env } = await startCarrierForHost();
  return { dataDir, location: franchise.locations[0]!, carrier, carrierEnv: env };
}

/**
 * Issue #18's kill test in the single process: missed calls reach the process through the Bandwidth stand-in (real
 * voice callback format), the process is killed with SIGKILL right after the last call's callbacks were answered
 * (texts and leads still in flight), and started again on the same data directory: every caller gets exactly one
 * first text and has one lead.
 */
describe('single process: SIGKILL during missed calls loses nothing and texts once', () => {
  const work = mkdtempSync(join(tmpdir(), 'textback-kill-'));
  const dataDir = join(work, 'data');
  let standIn: BandwidthStandIn | undefined;
  let host: StartedHost | undefined;

  afterAll(async () => {
    if (host) await stopHost(host.child, 'SIGKILL');
    await standIn?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('texts every caller of calls in flight at the kill exactly once after restart, and keeps every lead', async () => {
    const { location, carrier, carrierEnv } = await preparedShop(work, '4242');
    standIn = carrier;
    host = await startHost(dataDir, carrierEnv);

    const callers = Array.from({ length: CALLS }, (_, i) => `+1720555${String(2000 + i)}`);
    const textsTo = (caller: string) => carrier.messagesTo(caller).filter((m) => m.from === location.mainLine);
    // All at once, as a burst of missed calls: the process is killed once every call's callbacks were answered.
    await Promise.all(
      callers.map((from) => carrier.placeCall({ from, to: location.mainLine, outcome: 'no-answer', ringSeconds: location.ringTimeoutSeconds, talkSeconds: 0, atVoicemail: 'hang-up', startAt: new Date(Date.now() - 30_000) })),
    );
    expect(await stopHost(host.child, 'SIGKILL')).toBeNull();
    const textedAtKill = callers.filter((c) => textsTo(c).length > 0).length;

    host = await startHost(dataDir, carrierEnv);
    await pollUntil(() => callers.every((c) => textsTo(c).length > 0), 'every caller texted after the restart', 120_000, 250);
    console.warn(`single-process kill: ${textedAtKill} of ${CALLS} callers texted when SIGKILL hit; restart ready in ${host.startMs} ms`);
    // No fixed wait for a duplicate: the process stops (draining what it is doing), and what it left in messaging's
    // queues says whether anything could still text a caller (a text claimed before the kill and queued again, a
    // decision not taken). With nothing left, the carrier's count is final and must be one per caller.
    expect(await stopHost(host.child)).toBe(0);
    host = undefined;
    expect(await firstTextsHeld(dataDir, callers)).toEqual({ decisionsPending: 0, perCaller: callers.map((caller) => ({ caller, rows: 1, queued: 0 })) });
    expect(callers.map((c) => ({ caller: c, texts: textsTo(c).length }))).toEqual(callers.map((c) => ({ caller: c, texts: 1 })));
    expect(await leadsOf(dataDir, callers)).toBe(CALLS);
  }, 420_000);
});

/**
 * A first-text decision the process had leased when it died (the caller's line-type lookup in flight) is decided at
 * the restart, not when its lease ends: the host sets FIRST_TEXT_RELEASE_LEASES_AT_START, since the data directory is
 * locked to one process. The lease is set to 10 minutes here, so without the release this caller waits far past the
 * poll's 2 minutes.
 */
describe('single process: a first text whose decision was under way at SIGKILL is sent at the restart', () => {
  const work = mkdtempSync(join(tmpdir(), 'textback-kill-lease-'));
  const dataDir = join(work, 'data');
  let standIn: BandwidthStandIn | undefined;
  let host: StartedHost | undefined;

  afterAll(async () => {
    if (host) await stopHost(host.child, 'SIGKILL');
    await standIn?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('releases the dead process\'s first-text lease at start and texts the caller once', async () => {
    const { location, carrier, carrierEnv } = await preparedShop(work, '4343');
    standIn = carrier;
    const env = { ...carrierEnv, FIRST_TEXT_LEASE_MS: '600000' };
    host = await startHost(dataDir, env);

    const caller = '+17205553100';
    const textsTo = () => carrier.messagesTo(caller).filter((m) => m.from === location.mainLine);
    // The lookup never answers before the kill: the decision's job is leased, the process is mid-decision.
    let lookupStarted = false;
    carrier.onLookup(async () => {
      lookupStarted = true;
      await new Promise(() => undefined);
    });
    await carrier.placeCall({ from: caller, to: location.mainLine, outcome: 'no-answer', ringSeconds: location.ringTimeoutSeconds, talkSeconds: 0, atVoicemail: 'hang-up', startAt: new Date(Date.now() - 30_000) });
    await pollUntil(() => lookupStarted, 'the first-text decision looking the caller up', 60_000, 100);
    expect(await stopHost(host.child, 'SIGKILL')).toBeNull();
    expect(textsTo()).toHaveLength(0);
    carrier.onLookup(undefined);

    host = await startHost(dataDir, env);
    await pollUntil(() => textsTo().length > 0, 'the caller texted after the restart (lease released)', 120_000, 250);
    // Once stopped with no decision pending and the text not queued again, no second text can follow (no fixed wait).
    expect(await stopHost(host.child)).toBe(0);
    host = undefined;
    expect(await firstTextsHeld(dataDir, [caller])).toEqual({ decisionsPending: 0, perCaller: [{ caller, rows: 1, queued: 0 }] });
    expect(textsTo()).toHaveLength(1);
  }, 300_000);
});
