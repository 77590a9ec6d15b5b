/** Why an action on a conversation was refused before reaching lead-crm. */
export enum ConversationActionExceptionCode {
  NotFound = 'not_found',
  NoLead = 'no_lead',
  NoPage = 'no_page',
}

/** A refused conversation action (404 / 409, see {@link conversationActionHttpStatus}). */
export class ConversationActionException extends Error {
  constructor(
    readonly code: ConversationActionExceptionCode,
    message: string,
  ) {
    super(message);
    this.name = 'ConversationActionException';
  }
}

/** HTTP status of a {@link ConversationActionExceptionCode} (exhaustive). */
export function conversationActionHttpStatus(code: ConversationActionExceptionCode): number {
  switch (code) {
    case ConversationActionExceptionCode.NotFound:
      return 404;
    case ConversationActionExceptionCode.NoLead:
    case ConversationActionExceptionCode.NoPage:
      return 409;
  }
}
