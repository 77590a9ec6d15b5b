import { CliUsageError } from './cli-usage.error';
import { parseRollupsArgs } from './rollups.command';

describe(parseRollupsArgs.name, () => {
  it('reads rebuild with or without a data directory, in both spellings', () => {
    expect(parseRollupsArgs(['rebuild'])).toEqual({ help: false });
    expect(parseRollupsArgs(['rebuild', '--data-dir', '/srv/shop'])).toEqual({ help: false, dataDir: '/srv/shop' });
    expect(parseRollupsArgs(['rebuild', '--data-dir=/srv/shop'])).toEqual({ help: false, dataDir: '/srv/shop' });
  });

  it('is help wherever --help or -h appears, so asking for help never rebuilds', () => {
    expect(parseRollupsArgs(['--help'])).toEqual({ help: true });
    expect(parseRollupsArgs(['rebuild', '--help'])).toEqual({ help: true });
    expect(parseRollupsArgs(['rebuild', '--data-dir', '/x', '-h'])).toEqual({ help: true });
  });

  it.each([
    [[], /unknown rollups subcommand ""/],
    [['help'], /unknown rollups subcommand "help"/],
    [['rebuild', '--bogus'], /unknown argument --bogus\n/],
    [['rebuild', '--bogus', '--bogus2'], /unknown argument --bogus\n/],
    [['rebuild', '/tmp/other'], /unknown argument \/tmp\/other\n/],
    [['rebuild', '--data-dir'], /--data-dir needs a directory/],
    [['rebuild', '--data-dir', '--bogus'], /--data-dir needs a directory/],
    [['rebuild', '--data-dir='], /--data-dir needs a directory/],
    [['rebuild', '--data-dir', '/a', '--data-dir', '/b'], /--data-dir given twice/],
  ])('refuses %j as a usage error (exit 2)', (args, message) => {
    expect(() => parseRollupsArgs(args)).toThrow(CliUsageError);
    expect(() => parseRollupsArgs(args)).toThrow(message);
  });
});
