import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliUsageError } from './cli-usage.error';
import { tenantsCommand } from './tenants-apply.command';

const EXAMPLE = join(__dirname, '../../../deploy/examples/franchise.yaml');

describe(tenantsCommand.name, () => {
  let warn: jest.SpyInstance;
  let error: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('validates the committed example with --dry-run, without a database', async () => {
    expect(await tenantsCommand(['apply', '-f', EXAMPLE, '--dry-run'], {})).toBe(0);
    expect(warn).toHaveBeenCalledWith(`${EXAMPLE}: valid`);
  });

  it('warns (and still validates) for ring timeouts that carrier voicemail can beat; the committed example has none', async () => {
    expect(await tenantsCommand(['apply', '-f', EXAMPLE, '--dry-run'], {})).toBe(0);
    expect(warn.mock.calls.map((c) => String(c[0])).filter((m) => m.startsWith('warning: '))).toEqual([]);
    warn.mockClear();
    // The example with longer rings: denver 25 s, chicago 20 s (with answerConfirmation), boston the default 25 s.
    const rings = ['25', '20'];
    const longer = readFileSync(EXAMPLE, 'utf8')
      .replace(/^ {4}ringTimeoutSeconds: 18\n/gm, () => (rings.length > 0 ? `    ringTimeoutSeconds: ${rings.shift()}\n` : ''))
      .replace(/^ {4}# Under the 20 s after which.*\n/m, '');
    const dir = mkdtempSync(join(tmpdir(), 'textback-franchise-'));
    try {
      writeFileSync(join(dir, 'franchise.yaml'), longer);
      expect(await tenantsCommand(['apply', '-f', join(dir, 'franchise.yaml'), '--dry-run'], {})).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const warnings = warn.mock.calls.map((c) => String(c[0])).filter((m) => m.startsWith('warning: '));
    expect(warnings).toEqual([
      expect.stringMatching(/^warning: locations\[0\] \(denver\)\.ringTimeoutSeconds: 25 s is long enough .*3GPP TS 27\.007.*set answerConfirmation: true$/),
      expect.stringMatching(/^warning: locations\[1\] \(chicago\)\.ringTimeoutSeconds: 20 s .*answerConfirmation is on/),
      expect.stringMatching(/^warning: locations\[2\] \(boston\)\.ringTimeoutSeconds: 25 s /),
    ]);
  });

  it('prints usage (exit 2) without a file or with an unknown subcommand', async () => {
    expect(await tenantsCommand(['apply'], {})).toBe(2);
    expect(await tenantsCommand(['delete', '-f', EXAMPLE], {})).toBe(2);
    expect(error).toHaveBeenCalledWith(expect.stringContaining('usage: textback tenants apply -f'));
  });

  it('without DATABASE_URL applies to the embedded data directory, and asks to migrate one that has no database yet (a usage error: exit 2)', async () => {
    const applied = tenantsCommand(['apply', '-f', EXAMPLE], { TEXTBACK_DATA_DIR: '/nonexistent/textback-data' });
    await expect(applied).rejects.toThrow(
      'no embedded database in /nonexistent/textback-data (the data directory: --data-dir, else TEXTBACK_DATA_DIR, default ./data): start Textback once (npm start) or run `npx textback migrate all` first',
    );
    await expect(applied).rejects.toBeInstanceOf(CliUsageError);
  });
});
