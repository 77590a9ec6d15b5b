import { type Provider } from '@textback/contracts';
import { type CallInstruction } from '../call-instruction.types';
import { type InboundCallWebhook } from '../call-webhook.types';

/** An HTTP answer to a carrier webhook: a body with its content type, or an empty 204. */
export interface VoiceProviderReply {
  status: 200 | 204;
  contentType?: string;
  body?: string;
}

/**
 * The interface every voice carrier sits behind: it validates and translates the carrier's
 * webhooks into provider-neutral {@link InboundCallWebhook}s (facts + reply kind) and renders
 * provider-neutral {@link CallInstruction}s in the carrier's markup. Everything between —
 * storage, idempotency, the missed-call decision, events — is shared (CallLifecycleService).
 */
export interface VoiceProviderAdapter<Hook extends string, Auth = void> {
  readonly provider: Provider;
  /** Webhook names served under `/<provider>/voice/<hook>`. */
  isHook(hook: string): hook is Hook;
  /**
   * @param receivedAt ISO-8601 receipt time (stands in for carriers that send no event time).
   * @throws MalformedWebhookException when the body is not the documented shape.
   */
  parse(hook: Hook, body: unknown, receivedAt: string): InboundCallWebhook;
  render(instruction: CallInstruction, auth: Auth): VoiceProviderReply;
}
