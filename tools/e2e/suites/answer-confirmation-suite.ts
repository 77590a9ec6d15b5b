import { expectExactlyAfterMarker, type Marker, type PlacedCall, pollUntil } from '@textback/testing';
import { E2E_CARRIER_CREDENTIALS, newCallerNumber } from '../src/e2e-pipeline';
import { firstTextDecision, leadsOf, redeliverVoiceCallbacks, telephonyCall, withPurpose } from '../src/e2e-probes';
import { type E2eMode, type E2eTarget, startE2eTarget } from '../src/e2e-target';
import { type EndToEndPorts } from './e2e-suite';

/**
 * Issue 16 item 4, "a machine is not a person", end to end, the same test bodies in both modes (issue #18): the six
 * services as processes (`answer-confirmation.integration-spec.ts`) or the single process on a temporary data
 * directory (`answer-confirmation-embedded.integration-spec.ts`); the Bandwidth stand-in as the carrier playing the
 * forwarded leg, the demo franchise applied with `textback tenants apply` (Chicago has `answerConfirmation: true`).
 * When the forwarded leg is picked up, telephony-ingest answers `transferAnswer` with a `<Gather>` prompt; the
 * stand-in's machine presses nothing (empty `digits` after `firstDigitTimeout`), its person presses 1. Counts are
 * checked after a marker: a later missed call from the same caller (or a fresh caller's missed call at the same line),
 * decided and texted through the same path.
 */

const VOICE_AUTH = { username: E2E_CARRIER_CREDENTIALS.voiceCallbackUsername, password: E2E_CARRIER_CREDENTIALS.voiceCallbackPassword };

/** Declares the answer-confirmation suite against Textback in `mode`. */
export function describeAnswerConfirmation(mode: E2eMode, ports: EndToEndPorts): void {
  describe(`answer confirmation end to end (${mode === 'distributed' ? 'six services as processes' : 'one process on embedded stores'}, Bandwidth stand-in playing the forwarded leg)`, () => {
    let e2e: E2eTarget;
    let chicagoLine: string;
    let denverLine: string;

    beforeAll(async () => {
      e2e = await startE2eTarget(mode, ports);
      const chicago = e2e.manifest.locations.find((l) => l.slug === 'chicago')!;
      expect(chicago.answerConfirmation).toBe(true);
      chicagoLine = e2e.franchise.locations.find((l) => l.slug === 'chicago')!.mainLine;
      denverLine = e2e.franchise.locations.find((l) => l.slug === 'denver')!.mainLine;
      expect(e2e.manifest.locations.find((l) => l.slug === 'denver')!.answerConfirmation).toBeUndefined();
    }, 600_000);

    afterAll(async () => {
      await e2e?.stop();
    }, 60_000);

    const firstTexts = async (to: string) => (await withPurpose(e2e.db, e2e.standIn.sentMessages({ to, from: chicagoLine }))).filter((m) => m.purpose === 'first_text');
    const waitForFirstText = (to: string) => pollUntil(async () => (await firstTexts(to)).length >= 1, `a first text to ${to}`, 30_000, 200);
    const decisionOf = (call: PlacedCall) => pollUntil(async () => (await telephonyCall(e2e.db, call.callId))?.decision ?? undefined, `telephony-ingest's decision of ${call.callId}`, 30_000, 200);
    const gatherWebhooks = async (call: PlacedCall) =>
      Number((await e2e.db.query<{ n: string }>(`SELECT count(*) AS n FROM telephony.call_webhook WHERE caller_leg_id = $1 AND event_type = 'gather'`, [call.callId])).rows[0]?.n);
    /** A missed (rung-out) call at Chicago from `caller`, seen once messaging decided it. */
    const missedCallMarker = (caller: string, decision: { outcome: string; reason: string | null }): Marker => {
      let call: PlacedCall | undefined;
      return {
        description: `a later missed call from ${caller} at Chicago`,
        send: async () => {
          call = await e2e.standIn.placeCall({ from: caller, to: chicagoLine, outcome: 'no-answer' });
        },
        seen: async () => {
          const decided = call && (await firstTextDecision(e2e.db, call.callId));
          if (!decided) return false;
          expect(decided).toEqual(decision);
          return true;
        },
        timeoutMs: 30_000,
        intervalMs: 200,
      };
    };

    it('a machine picks up the forwarded leg: no key, the leg is hung up, the call is missed (machine_or_unaccepted) and the caller texted exactly once; the gather delivered again changes nothing', async () => {
      const caller = newCallerNumber('773');
      const call = await e2e.standIn.placeCall({ from: caller, to: chicagoLine, outcome: 'answered', answeredBy: 'machine', ringSeconds: 6 });
      expect(call.forwardedLeg).toEqual({ answeredBy: 'machine', gathered: [''], bridged: false });
      expect(call.exchanges.map((x) => [x.eventType, x.status, x.verbs])).toEqual([
        ['initiate', 200, ['Transfer']],
        ['transferAnswer', 200, ['Gather']],
        ['gather', 200, ['Hangup']],
        ['transferDisconnect', 204, undefined],
        ['transferComplete', 200, ['SpeakSentence', 'Record', 'Hangup']],
        ['disconnect', 204, undefined],
      ]);
      expect(await decisionOf(call)).toBe('machine_or_unaccepted');
      await waitForFirstText(caller);

      // Bandwidth redelivers every callback of the call (it got no answer in time): same answers, nothing new.
      const gather = call.exchanges.find((x) => x.eventType === 'gather')!;
      const statuses = await redeliverVoiceCallbacks(call, VOICE_AUTH);
      expect(statuses.every((s) => s >= 200 && s < 300)).toBe(true);
      const again = await fetch(gather.requestedUrl, { method: 'POST', headers: { authorization: `Basic ${Buffer.from(`${VOICE_AUTH.username}:${VOICE_AUTH.password}`).toString('base64')}`, 'content-type': 'application/json' }, body: JSON.stringify(gather.body) });
      expect(await again.text()).toBe(gather.responseBody);

      await expectExactlyAfterMarker(
        missedCallMarker(caller, { outcome: 'suppressed', reason: 'cooldown' }),
        async () => ({ firstTexts: (await firstTexts(caller)).length, decision: (await telephonyCall(e2e.db, call.callId))?.decision, gatherWebhooks: await gatherWebhooks(call), leads: (await leadsOf(e2e.db, e2e.tenantId, caller)).length }),
        { firstTexts: 1, decision: 'machine_or_unaccepted', gatherWebhooks: 1, leads: 1 },
      );
    });

    it('a person presses 1: the call is connected and answered, and the caller is not texted', async () => {
      const caller = newCallerNumber('773');
      const call = await e2e.standIn.placeCall({ from: caller, to: chicagoLine, outcome: 'answered', answeredBy: 'person', ringSeconds: 5, talkSeconds: 30 });
      expect(call.forwardedLeg).toEqual({ answeredBy: 'person', gathered: ['1'], bridged: true });
      expect(call.exchanges.find((x) => x.eventType === 'gather')?.verbs).toEqual([]);
      expect(await decisionOf(call)).toBe('answered');

      // Marker: a fresh caller's missed call at the same line travels the same path and is texted.
      const other = newCallerNumber('773');
      await expectExactlyAfterMarker(
        {
          description: `a missed call from ${other} at Chicago, texted`,
          send: async () => {
            await e2e.standIn.placeCall({ from: other, to: chicagoLine, outcome: 'no-answer' });
          },
          seen: async () => (await firstTexts(other)).length === 1,
          timeoutMs: 30_000,
          intervalMs: 200,
        },
        async () => ({ texts: e2e.standIn.sentMessages({ to: caller }).length, firstTextDecision: (await firstTextDecision(e2e.db, call.callId)) ?? null, leads: (await leadsOf(e2e.db, e2e.tenantId, caller)).length }),
        { texts: 0, firstTextDecision: null, leads: 0 },
      );
    });

    it('the failure it fixes, in the same run: at Denver (confirmation off) a machine picking up is bridged and counted answered, and the caller is never texted', async () => {
      const caller = newCallerNumber('720');
      const call = await e2e.standIn.placeCall({ from: caller, to: denverLine, outcome: 'answered', answeredBy: 'machine', ringSeconds: 6, talkSeconds: 20 });
      expect(call.forwardedLeg).toEqual({ answeredBy: 'machine', gathered: [], bridged: true });
      expect(await decisionOf(call)).toBe('answered');
      const other = newCallerNumber('773');
      await expectExactlyAfterMarker(
        {
          description: `a missed call from ${other} at Chicago, texted`,
          send: async () => {
            await e2e.standIn.placeCall({ from: other, to: chicagoLine, outcome: 'no-answer' });
          },
          seen: async () => (await firstTexts(other)).length === 1,
          timeoutMs: 30_000,
          intervalMs: 200,
        },
        async () => ({ texts: e2e.standIn.sentMessages({ to: caller }).length, leads: (await leadsOf(e2e.db, e2e.tenantId, caller)).length }),
        { texts: 0, leads: 0 },
      );
    });
  });
}
