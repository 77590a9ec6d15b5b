/** Why conversation-ai refused an event. */
export enum ConversationExceptionCode {
  /** The event names a location this service has no config for (it cannot word a reply). */
  LOCATION_NOT_FOUND = 'LOCATION_NOT_FOUND',
}

/** Domain error of conversation-ai; consumers map LOCATION_NOT_FOUND to the dead-letter topic. */
export class ConversationException extends Error {
  constructor(
    readonly code: ConversationExceptionCode,
    message: string,
  ) {
    super(message);
    this.name = 'ConversationException';
  }
}
