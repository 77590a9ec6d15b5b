/** One entry of a dispatch's escalation list, fixed when the urgent lead arrived. */
export interface EscalationEntry {
  name: string;
  e164: string;
  role: 'on_call' | 'manager';
}

/** A dispatch: paging the on-call people for one urgent conversation until someone acknowledges. */
export interface Dispatch {
  dispatchId: string;
  tenantId: string;
  locationId: string;
  callerE164: string;
  conversationId: string;
  leadId: string | null;
  correlationId: string;
  summary: string;
  detectedAt: Date;
  escalation: EscalationEntry[];
  currentAttempt: number;
  status: 'paging' | 'acknowledged' | 'exhausted';
}

/** A page of one person (text + call) within a dispatch. */
export interface DispatchPage {
  pageId: string;
  dispatchId: string;
  attempt: number;
  onCallName: string;
  onCallE164: string;
  role: EscalationEntry['role'];
  pagedAt: Date;
  ackDeadline: Date;
  /**
   * The phone-call half: null when pages go by text only; `pending` until the call is attempted;
   * `placing` from the committed intent until the carrier's call id is recorded (a crash or a lost
   * answer leaves it here, and the next attempt reconciles with the carrier first); `placed`.
   */
  callState: 'pending' | 'placing' | 'placed' | null;
  /** When the last attempt to place the call was recorded (scheduling clock). */
  callIntentAt: Date | null;
  providerCallId: string | null;
}
