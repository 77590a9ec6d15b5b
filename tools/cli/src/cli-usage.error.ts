/**
 * A command was called wrongly (a missing or unknown argument): `textback` prints its message and exits 2, as for
 * every usage error; runtime failures (a directory in use, a database down) exit 1.
 */
export class CliUsageError extends Error {}
