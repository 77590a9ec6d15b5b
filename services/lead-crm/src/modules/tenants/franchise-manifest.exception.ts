/** Why a franchise manifest was refused. */
export enum FranchiseManifestExceptionCode {
  Unreadable = 'unreadable',
  Invalid = 'invalid',
}

/**
 * A franchise manifest cannot be applied. `problems` lists every problem, each naming the
 * location (or user, region) and the field, e.g.
 * `locations[1] (denver-south).timeZone: must be an IANA time zone such as America/Chicago`.
 * Nothing was written.
 */
export class FranchiseManifestException extends Error {
  constructor(
    readonly code: FranchiseManifestExceptionCode,
    readonly problems: string[],
  ) {
    super(`franchise manifest refused (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'FranchiseManifestException';
  }
}
