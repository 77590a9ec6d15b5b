/** One environment variable that failed validation. */
export interface ConfigIssue {
  variable: string;
  message: string;
}

/**
 * Thrown at boot when the environment does not satisfy a service's env schema. The message
 * lists every bad variable at once (immich does the same), so an operator fixes all in one go.
 */
export class ConfigValidationException extends Error {
  constructor(
    readonly service: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(`${service}: invalid environment (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${issues.map((i) => `  - ${i.variable}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigValidationException';
  }
}
