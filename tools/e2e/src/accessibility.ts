import axe from 'axe-core';
import { type Locator, type Page } from 'playwright-core';

/** What axe-core found wrong on a page: the rule, its impact and (up to five of) the elements, by CSS selector. */
export interface AccessibilityViolation {
  rule: string;
  impact: string | null;
  targets: string[];
  help: string;
}

/** The axe-core rule tags checked: WCAG 2.0 and 2.1, levels A and AA (contrast, names, labels, roles...), and axe's best practices. */
export const CHECKED_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] as const;

/**
 * Runs axe-core (Deque's engine, from npm; evaluated in the page through the browser's debugging protocol, so the
 * console's Content-Security-Policy does not need to allow it) on the page as it is now.
 * @returns the violations of {@link CHECKED_TAGS}, empty when there are none.
 */
export async function accessibilityViolations(page: Page): Promise<AccessibilityViolation[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axe.source);
  const result = await page.evaluate(async (tags) => {
    const engine = (globalThis as unknown as { axe: typeof axe }).axe;
    return engine.run('html', { runOnly: { type: 'tag', values: tags } });
  }, [...CHECKED_TAGS]);
  return result.violations.map((v) => ({ rule: v.id, impact: v.impact ?? null, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')), help: v.help }));
}

/** How many CSS pixels the page is wider than the viewport (0: no horizontal scrolling). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
    return Math.max(0, root.scrollWidth - root.clientWidth);
  });
}

/**
 * Presses Tab until `target` has the keyboard focus.
 * @returns how many presses it took.
 * @throws Error when `target` is not focused within `maxPresses` (it is not reachable by keyboard).
 */
export async function tabTo(page: Page, target: Locator, maxPresses = 60): Promise<number> {
  for (let presses = 1; presses <= maxPresses; presses++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement)) return presses;
  }
  throw new Error(`${String(target)} did not get the keyboard focus within ${maxPresses} presses of Tab`);
}
