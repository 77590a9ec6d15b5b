import { type BandwidthStandIn, pollUntil } from '@textback/testing';
import { type Locator, type Page } from 'playwright-core';
import { newCallerNumber } from './e2e-pipeline';

/**
 * Browser steps of the staff console shared by its specs in both modes (tools/e2e/console.integration-spec.ts against
 * the services as processes, console-embedded.integration-spec.ts against the single process): only what the browser
 * and the carrier stand-in see, so they run the same whether the data is in PostgreSQL or in the process's PGlite.
 */

/** What the shared steps drive: a signed-in page on the inbox, the carrier stand-in, and the location's main line. */
export interface ConsoleLiveContext {
  page: Page;
  carrier: BandwidthStandIn;
  /** The location's main line (E.164): callers dial and text it, the console's replies come from it. */
  line: string;
  /**
   * How long to wait for a row to show up live, ms: a behavioural bound (it arrives without a reload), not the
   * issue's 2 s target, which the steps measure and return instead (tests never assert wall-clock times).
   */
  liveWaitMs: number;
}

/** The outcome of {@link missedCallThenUrgentTextLive}. */
export interface LiveUrgentCaller {
  caller: string;
  /** The caller's number as the console shows it, `(303) 555-0100`. */
  shown: string;
  /** The caller's inbox row once marked urgent. */
  urgentRow: Locator;
  /** From the caller's urgent text at the stand-in to its row showing urgent in the open inbox, ms. */
  latencyMs: number;
}

/**
 * A new caller's missed call shows up in the open inbox, the caller gets the first text, then texts something urgent
 * and the row turns urgent, all in the same document (no reload: a marker set on the page before survives).
 * @throws Error (a Playwright timeout) when a row does not show up within `liveWaitMs` (30 s for the first one).
 */
export async function missedCallThenUrgentTextLive(ctx: ConsoleLiveContext, area = '303'): Promise<LiveUrgentCaller> {
  const { page, carrier, line } = ctx;
  const caller = newCallerNumber(area);
  const shown = formatPhone(caller);
  await page.evaluate(() => ((globalThis as unknown as { sameDocument: boolean }).sameDocument = true));
  await carrier.placeCall({ from: caller, to: line, outcome: 'no-answer', ringSeconds: 25 });
  const row = page.getByRole('link', { name: new RegExp(`^Conversation with ${escapeRegExp(shown)} at `) });
  await row.waitFor({ timeout: 30_000 });
  // The first text reached the caller before the caller answers (as a person would).
  await pollUntil(() => carrier.sentMessages({ to: caller }).length > 0, `first text to ${caller}`, 30_000, 100);
  const urgentRow = page.getByRole('link', { name: new RegExp(`^Conversation with ${escapeRegExp(shown)} at .*, urgent$`) });
  const sentAt = Date.now();
  await carrier.sendText({ from: caller, to: line, text: 'URGENT the basement is flooding fast, water everywhere' });
  await urgentRow.waitFor({ timeout: ctx.liveWaitMs });
  const latencyMs = Date.now() - sentAt;
  if (!(await page.evaluate(() => (globalThis as unknown as { sameDocument?: boolean }).sameDocument))) throw new Error('the inbox was reloaded while waiting for the urgent row');
  return { caller, shown, urgentRow, latencyMs };
}

/**
 * On an open conversation: take over, reply `reply` (the caller receives it from the location's line through the
 * carrier stand-in; the timeline shows it sent, by `staffName`), run `beforeRelease` (a screenshot...), release to
 * the bot.
 * @returns the caller (from the conversation's heading).
 */
export async function takeOverReplyRelease(ctx: ConsoleLiveContext, staffName: string, reply: string, beforeRelease?: () => Promise<void>): Promise<string> {
  const { page, carrier, line } = ctx;
  const caller = parsePhone(await page.getByRole('heading', { level: 2 }).innerText());
  await page.getByRole('button', { name: 'Take over' }).click();
  await page.getByRole('button', { name: 'Release to bot' }).waitFor({ timeout: 15_000 });
  await page.getByLabel('Reply to caller').fill(reply);
  await page.getByRole('button', { name: 'Send reply' }).click();
  const received = await pollUntil(() => carrier.sentMessages({ to: caller }).find((m) => m.text === reply), `the reply at the stand-in for ${caller}`, 30_000, 100);
  if (received.from !== line) throw new Error(`the reply came from ${received.from}, not the location's line ${line}`);
  const entry = page.getByTestId('timeline-entry').filter({ hasText: reply });
  await entry.getByText('Sent', { exact: true }).waitFor({ timeout: 15_000 });
  await entry.getByText(staffName, { exact: true }).waitFor();
  await beforeRelease?.();
  await page.getByRole('button', { name: 'Release to bot' }).click();
  await page.getByRole('button', { name: 'Take over' }).waitFor({ timeout: 15_000 });
  return caller;
}

/** A NANP number as the console shows it: `+13035550100` -> `(303) 555-0100` (others unchanged). */
export function formatPhone(e164: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : e164;
}

/** The E.164 number of a NANP number as the console shows it. */
export function parsePhone(shown: string): string {
  return `+1${shown.replace(/\D/g, '')}`;
}

/** `s` as a literal inside a regular expression. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
