export * from './consent-reply.types';
export * from './consent-reply.recognizer';
export {
  normalizeConsentText,
  foldConsentText,
  MAX_RECOGNISED_CHARS,
  type NormalizedConsentText,
} from './text-normalizer.util';
export {
  OPT_OUT_RULES_VERSION,
  CONSENT_VOCABULARY,
  type ConsentVocabularyEntry,
  type ConsentLanguage,
  type ConsentRuleScope,
} from './vocabulary/opt-out-vocabulary.constants';
export { CONSENT_SOURCES, type ConsentSourceId } from './vocabulary/consent-sources.constants';
export * from './consent-score.util';
export {
  compileTokenPattern,
  matchTokenPattern,
  stemWord,
  ClauseWords,
  type CompiledTokenPattern,
  type TokenPatternMatch,
} from './token-pattern.util';
