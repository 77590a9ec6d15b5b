import { join } from 'node:path';
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

  it('warns (and still validates) for ring timeouts that carrier voicemail can beat: all three of the example\'s locations (boston has the default 25 s)', async () => {
    expect(await tenantsCommand(['apply', '-f', EXAMPLE, '--dry-run'], {})).toBe(0);
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

  it('without DATABASE_URL applies to the embedded data directory, and asks to migrate one that has no database yet', async () => {
    await expect(tenantsCommand(['apply', '-f', EXAMPLE], { TEXTBACK_DATA_DIR: '/nonexistent/textback-data' })).rejects.toThrow(
      'no embedded database in /nonexistent/textback-data (TEXTBACK_DATA_DIR): start Textback once (npm start) or run `textback migrate all` first',
    );
  });
});
