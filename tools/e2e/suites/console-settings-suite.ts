import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pollUntil } from '@textback/testing';
import { DateTime } from 'luxon';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium } from '../../../services/reporting/test/utils/ensure-chromium';
import { accessibilityViolations, horizontalOverflow, tabTo } from '../src/accessibility';
import { newCallerNumber, REPO_ROOT } from '../src/e2e-pipeline';
import { locationIdOf } from '../src/e2e-probes';
import { type E2eMode, type E2eTarget, startE2eTarget } from '../src/e2e-target';
import { signInToConsole } from '../src/console-users';
import { type EndToEndPorts } from './e2e-suite';

/**
 * Issue #17, item 6: a location manager's settings screen in Debian's Chromium (playwright-core drives
 * /usr/bin/chromium), the same test bodies in both modes (issue #18): the services and the console as processes
 * (`console-settings.integration-spec.ts`) or the single process on a temporary data directory
 * (`console-settings-embedded.integration-spec.ts`); the Bandwidth stand-in as the carrier. The Denver manager,
 * created with `textback users create --role location_manager`, sees a template with an unknown {{variable}} refused
 * (on the page and by lead-crm), then closes today's business hours; lead-crm publishes the new configuration and
 * audits the change; the next call to Denver's line is not forwarded but goes to the after-hours greeting and
 * voicemail, and "test my forwarding" shows it as missed after hours. The distributed run's screenshot of the
 * settings screen goes to docs/console/settings.png (the embedded run's to the same name in the system's temporary
 * directory, so one committed picture does not change with the last mode run).
 */

/** Declares the location-settings suite against Textback in `mode`. */
export function describeConsoleSettings(mode: E2eMode, ports: EndToEndPorts): void {
  const SHOTS = mode === 'distributed' ? join(REPO_ROOT, 'docs/console') : join(tmpdir(), 'textback-console-embedded-shots');
  describe(`Location settings in Chromium (${mode === 'distributed' ? 'six services and the console as processes' : 'one process on embedded stores'}; a manager closes today, the next call follows)`, () => {
    let e2e: E2eTarget;
    let browser: Browser;
    let page: Page;
    let consoleUrl: string;
    let denverId: string;
    const email = `manager+${Date.now()}@console.textback.example`;
    const password = 'manager-console-password';

    beforeAll(async () => {
      // The manager is created with `textback users create` once the tenant is applied (in the embedded mode before the
      // process starts: the CLI needs the data directory to itself).
      e2e = await startE2eTarget(mode, { ...ports, consoleUsers: [{ email, name: 'Lee Manager', role: 'location_manager', password, locations: ['denver'] }] });
      consoleUrl = e2e.url('console');
      denverId = await locationIdOf(e2e.db, e2e.tenantId, 'denver');
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      mkdirSync(SHOTS, { recursive: true });
    }, 600_000);

    afterAll(async () => {
      await browser?.close();
      await e2e?.stop();
    }, 60_000);

    it('opens the settings of the manager’s location and refuses a template with an unknown variable', async () => {
      await signInToConsole(page, consoleUrl, email, password);
      await page.getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('heading', { name: 'Location settings' }).waitFor();
      await page.getByRole('heading', { name: 'Business hours' }).waitFor();
      expect(page.url()).toBe(`${consoleUrl}/locations/${denverId}/settings`);

      await page.getByRole('combobox', { name: 'Override a template' }).click();
      await page.getByRole('option', { name: 'First text after a missed call' }).click();
      const template = page.getByRole('textbox', { name: 'Template First text after a missed call' });
      await template.fill('Hi from {{businessName}}! Use code {{couponCode}}. Reply STOP to opt out.');
      // The page checks with the contracts' rule as the manager types, and previews the text.
      await page.getByText(/^unknown variable \{\{couponCode\}\}/).waitFor();
      await expect(page.getByLabel('Preview of First text after a missed call').innerText()).resolves.toMatch(/^Hi from \S.*! Use code \{\{couponCode\}\}\./);
      // lead-crm refuses it too, naming the field, and publishes nothing.
      const revisionBefore = await crmRevision();
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByRole('alert').getByText(/templates\.first_text: unknown variable \{\{couponCode\}\}/).waitFor();
      expect(await crmRevision()).toBe(revisionBefore);
      await page.getByRole('button', { name: 'Remove template First text after a missed call' }).click();
    });

    it('closes today’s business hours; lead-crm publishes and audits it; the next call goes to after-hours voicemail', async () => {
      const today = DateTime.now().setZone('America/Denver').setLocale('en-US').weekdayLong!;
      const revisionBefore = await crmRevision();
      await page.getByRole('button', { name: `Remove Business hours ${today}` }).click();
      await page.getByLabel(`Business hours ${today} closed`).waitFor();
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByRole('status').getByText(`Saved and published (revision ${revisionBefore + 1}).`).waitFor({ timeout: 15_000 });
      await page.getByRole('list', { name: 'Changes' }).getByText(/Lee Manager \(location manager\) changed business hours/).waitFor();

      const audit = await e2e.db.query<{ actor_user_id: string; actor_role: string; changed_fields: string[]; before: { businessHours: Record<string, unknown> }; after: { businessHours: Record<string, unknown> } }>(
        'SELECT actor_user_id, actor_role, changed_fields, before, after FROM crm.location_settings_audit WHERE location_id = $1',
        [denverId],
      );
      const managerId = (await e2e.db.query<{ id: string }>('SELECT id::text FROM console.console_user WHERE email = $1', [email])).rows[0]!.id;
      expect(audit.rows).toHaveLength(1);
      expect(audit.rows[0]).toMatchObject({ actor_user_id: managerId, actor_role: 'location_manager', changed_fields: ['businessHours'] });
      const day = today.slice(0, 3).toLowerCase();
      expect(audit.rows[0]!.before.businessHours[day]).toEqual([{ open: '00:00', close: '24:00' }]);
      expect(audit.rows[0]!.after.businessHours[day]).toBeUndefined();

      // telephony-ingest holds the new revision (from crm.location.config.v1) before the call is placed.
      await pollUntil(
        async () => Number((await e2e.db.query<{ revision: number }>('SELECT revision FROM telephony.location_directory WHERE location_id = $1', [denverId])).rows[0]?.revision) >= revisionBefore + 1,
        'telephony-ingest holding the new Denver configuration',
        30_000,
        100,
      );
      const caller = newCallerNumber();
      const call = await e2e.standIn.placeCall({ from: caller, to: e2e.franchise.locations[0]!.mainLine, outcome: 'answered' });
      expect(call.route).toBe('voicemail');
      expect(call.playedOutcome).toBeUndefined();

      // "Test my forwarding": the last call, as lead-crm recorded telephony-ingest's classification.
      const lastCall = page.getByRole('status', { name: 'Last call' });
      await pollUntil(
        async () => {
          await page.getByRole('button', { name: 'Show the last call' }).click();
          return (await lastCall.count()) > 0 && /Missed because: after hours/.test(await lastCall.innerText());
        },
        'the after-hours call in "test my forwarding"',
        30_000,
        250,
      );
      expect(await lastCall.innerText()).toContain('after hours (greeting and voicemail, not forwarded)');
      // A viewport as tall as the page (a full-page capture repeats the fixed header).
      await page.setViewportSize({ width: 1100, height: await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollHeight: number } } }).document.documentElement.scrollHeight) });
      await page.screenshot({ path: join(SHOTS, 'settings.png') });
      await page.setViewportSize({ width: 1100, height: 900 });
    });

    it('passes axe-core on the settings page (WCAG 2.1 AA) and fits a phone-width screen without horizontal scrolling', async () => {
      await page.goto(`${consoleUrl}/locations/${denverId}/settings`);
      await page.getByRole('heading', { name: 'Business hours' }).waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);
      // The header's Settings link and the page's first control are reachable by keyboard.
      await tabTo(page, page.getByRole('link', { name: 'Settings' }));
      await tabTo(page, page.getByRole('button', { name: 'Save settings' }), 200);
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await horizontalOverflow(page)).toBe(0);
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.setViewportSize({ width: 1100, height: 900 });
    });

    async function crmRevision(): Promise<number> {
      return Number((await e2e.db.query<{ revision: number }>('SELECT revision FROM crm.locations WHERE id = $1', [denverId])).rows[0]?.revision);
    }
  });
}
