import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONVERSATION_SCENARIOS, KNOWN_GAPS } from '../scenarios';
import { quietHoursAround } from '../src/e2e-pipeline';
import { locationIdOf } from '../src/e2e-probes';
import { type E2eMode, type E2eTarget, startE2eTarget } from '../src/e2e-target';
import { addScenarioLocations, type ScenarioLine } from '../src/scenario-franchise';
import { playScenario, type ScenarioResult, type ScenarioStage } from '../src/scenario-player';
import { type ConversationScenario, type ScenarioLocation } from '../src/scenario.types';

/**
 * Issue 15, item 4: scripted caller conversations across the verticals, played through the Bandwidth stand-in against
 * Textback in either mode (issue #18: the six services as processes from dist/, or the single process on a temporary
 * data directory), on one start. The demo franchise gets one location per
 * vertical (`scenario-franchise.ts`); every scenario is a fresh caller with a missed call, then its texts
 * (`tools/e2e/scenarios/*.scenarios.ts`). Scenarios run a few at a time; each one's expectations (outcome, the page
 * within one message, no question about a known detail, the emergency number) are checked by the player, and this
 * spec asserts the list of broken ones is empty, or, for a known gap, still not empty.
 * Quiet hours cover the run so no follow-up is texted mid-scenario; messaging's auto-responder window is narrowed
 * to 3 s because scripted callers answer within a second.
 */

/** Scenarios played at once (each is sequential inside); sized for a 2-core machine running the whole stack. */
const CONCURRENCY = 8;

/** Ports of one run: the distributed services' first port (six in a row) and the stand-in's. */
export interface ScenarioPorts {
  basePort: number;
  carrierPort: number;
}

/** Declares the scenario suite (every scenario) against Textback in `mode`. */
export function describeScenarios(mode: E2eMode, ports: ScenarioPorts): void {
  describe(`conversation scenarios (${mode === 'distributed' ? 'six services as processes' : 'one process on embedded stores'}, Bandwidth stand-in as the carrier)`, () => {
    let e2e: E2eTarget | undefined;
    const results = new Map<string, ScenarioResult>();

    beforeAll(async () => {
      let lines: Record<ScenarioLocation, ScenarioLine> | undefined;
      e2e = await startE2eTarget(mode, {
        ...ports,
        serviceEnv: { messaging: { LOOP_WINDOW_SECONDS: '3' } },
        editManifest: (manifest, now) => {
          lines = addScenarioLocations(manifest);
          for (const l of manifest.locations) {
            l.quietHours = quietHoursAround(now, String(l.timeZone));
            l.onCall.escalationTimeoutSeconds = 600;
          }
        },
      });
      if (!lines) throw new Error('the scenario locations were not added');
      const locationIds = {} as Record<ScenarioLocation, string>;
      for (const [key, line] of Object.entries(lines) as Array<[ScenarioLocation, ScenarioLine]>) locationIds[key] = await locationIdOf(e2e.db, e2e.tenantId, line.slug);
      const stage: ScenarioStage = { e2e, lines, locationIds };
      // Interleaved by location, so the scenarios played at once spread over the verticals' numbers instead of eleven
      // callers texting one location at the same moment (in CI the first batch, all at one location, timed out).
      const byLocation = new Map<string, ConversationScenario[]>();
      for (const s of CONVERSATION_SCENARIOS) byLocation.set(s.location, [...(byLocation.get(s.location) ?? []), s]);
      const queue: ConversationScenario[] = [];
      for (let round = 0; queue.length < CONVERSATION_SCENARIOS.length; round++) for (const list of byLocation.values()) if (list[round]) queue.push(list[round]!);
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          for (let s = queue.shift(); s; s = queue.shift()) results.set(s.id, await playScenario(stage, s));
        }),
      );
      const passed = [...results.values()].filter((r) => r.failures.length === 0).length;
      const report = join(e2e.logDir, 'scenarios.json');
      writeFileSync(report, JSON.stringify([...results.values()], null, 2));
      process.stdout.write(`conversation scenarios: ${passed}/${results.size} passed; transcripts in ${report}\n`);
    }, 900_000);

    afterAll(async () => {
      await e2e?.stop();
    }, 60_000);

    it('holds at least 40 scenarios with unique ids across all nine verticals, and every known gap names a scenario', () => {
      const ids = CONVERSATION_SCENARIOS.map((s) => s.id);
      expect(ids.length).toBeGreaterThanOrEqual(40);
      expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(CONVERSATION_SCENARIOS.map((s) => s.location)).size).toBe(9);
      for (const [id, reason] of Object.entries(KNOWN_GAPS)) {
        expect(ids).toContain(id);
        expect(reason.length).toBeGreaterThan(10);
      }
    });

    const passing = CONVERSATION_SCENARIOS.filter((s) => !(s.id in KNOWN_GAPS));
    it.each(passing.map((s) => [s.id, s.about]))('%s (%s)', (id) => {
      const result = results.get(id);
      expect(result).toBeDefined();
      expect({ id, failures: result!.failures }).toEqual({ id, failures: [] });
    });

    describe('known gaps: still failing (a fix makes its test fail until the gap is removed from known-gaps.ts)', () => {
      const gaps = CONVERSATION_SCENARIOS.filter((s) => s.id in KNOWN_GAPS);
      if (gaps.length === 0) it('lists none', () => expect(Object.keys(KNOWN_GAPS)).toEqual([]));
      else it.each(gaps.map((s) => [s.id, KNOWN_GAPS[s.id]!]))('%s: %s', (id) => {
        const result = results.get(id);
        expect(result).toBeDefined();
        expect(result!.failures.length).toBeGreaterThan(0);
      });
    });
  });
}
