/**
 * The parts of Express's request and response that the webhook controllers use (the project
 * has no @types/express; Nest's default platform is Express).
 */
export interface WebhookHttpRequest {
  headers: Record<string, string | string[] | undefined>;
  /** Path and query as received, e.g. `/twilio/voice/incoming?x=1`. */
  originalUrl: string;
  body: unknown;
}

export interface WebhookHttpResponse {
  status(code: number): WebhookHttpResponse;
  setHeader(name: string, value: string): void;
  type(contentType: string): WebhookHttpResponse;
  send(body: string): void;
  end(): void;
}

/** Sends a carrier reply: a body with its content type, or an empty 204. */
export function sendReply(res: WebhookHttpResponse, reply: { status: number; contentType?: string; body?: string }): void {
  res.status(reply.status);
  if (reply.body !== undefined && reply.contentType) res.type(reply.contentType).send(reply.body);
  else res.end();
}
