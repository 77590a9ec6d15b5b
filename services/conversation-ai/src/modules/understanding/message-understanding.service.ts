import { Inject, Injectable, Optional } from '@nestjs/common';
import { ROOT_LOGGER } from '@textback/platform';
import { type Logger } from 'pino';
import { type LlmUnderstanding } from './llm-understanding.service';
import { understandMessage } from './message-understanding.util';
import { type Understanding, type UnderstandingContext } from './understanding.types';

/** Injection token of the optional {@link LlmUnderstanding} (absent when no OPENAI_API_KEY). */
export const LLM_UNDERSTANDING = Symbol('LlmUnderstanding');

/**
 * Understands a caller's text: with the LLM when one is configured, else (and on any LLM failure:
 * timeout, transport error, malformed or schema-violating answer) with the deterministic rules.
 * The rules' emergency verdict is always kept: if either path sees an emergency, it is one
 * (recall first), and so is its urgency question. The intent `opt_out` is the shared recogniser's (@textback/opt-out) alone: when the model and the
 * rules disagree about it, the rules' understanding is used.
 */
@Injectable()
export class MessageUnderstandingService {
  constructor(
    @Inject(ROOT_LOGGER) private readonly log: Logger,
    @Optional() @Inject(LLM_UNDERSTANDING) private readonly llm: LlmUnderstanding | null = null,
  ) {}

  async understand(text: string, context: UnderstandingContext, now: Date): Promise<Understanding> {
    const rules = understandMessage(text, context, now);
    if (!this.llm) return rules;
    try {
      const llm = await this.llm.understand(text, context, now);
      // Opt-out is decided by the shared recogniser alone (the rules' verdict), never by the model: messaging records
      // exactly those texts in the consent ledger, so the bot's idea of an opt-out cannot drift from the ledger's.
      if ((llm.intent === 'opt_out') !== (rules.intent === 'opt_out')) return rules;
      if (rules.intent === 'emergency' && llm.intent !== 'emergency') {
        return { ...llm, intent: 'emergency', urgency: 'emergency', hazard: rules.hazard, emergencyCue: rules.emergencyCue, safetyLine: rules.safetyLine, urgencyQuestion: null };
      }
      // The rules' urgency question is kept unless the model saw an emergency (recall first).
      return llm.intent === 'emergency' ? llm : { ...llm, urgencyQuestion: rules.urgencyQuestion, urgencyAnswer: rules.urgencyAnswer };
    } catch (err) {
      this.log.warn({ err, fallback: 'rules' }, 'LLM understanding failed; using the deterministic rules');
      return rules;
    }
  }
}
