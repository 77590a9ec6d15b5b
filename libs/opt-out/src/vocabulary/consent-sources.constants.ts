/**
 * Where each consent-reply rule comes from. Every vocabulary entry names one of these ids; the README and
 * test/SOURCES.md give the same list. Not legal advice: the law is the rule text, the rest is guidance.
 */
export const CONSENT_SOURCES = {
  'fcc-24-24':
    'FCC Report and Order FCC 24-24, CG Docket No. 02-278 (adopted 2024-02-15), ' +
    'codified at 47 CFR 64.1200(a)(10)-(12), ' +
    'in force 2025-04-11: reply texts "stop", "quit", "end", "revoke", "opt out", "cancel", "unsubscribe" are per se ' +
    'revocations; other wording counts when a reasonable person would read it as a request to stop; any language.',
  'fcc-24-24-reasonable':
    'FCC 24-24 / 47 CFR 64.1200(a)(10): consent may be revoked "in any reasonable manner" that clearly expresses a ' +
    'desire not to receive further messages (natural-language requests, other languages).',
  'ctia-keywords':
    'CTIA Messaging Principles and Best Practices (2023) sect. 5 and CTIA Short Code Monitoring Handbook v1.8: ' +
    'universal opt-out keywords STOP, END, CANCEL, UNSUBSCRIBE, QUIT (STOPALL honoured by platforms); HELP, INFO ' +
    'answered with program help; as quoted in /work/shared/reference/carrier/CARRIER-APIS.md sect. 5.',
  'twilio-advanced-opt-out':
    'Twilio "Advanced Opt-Out" docs (twilio.com/docs/messaging/tutorials/advanced-opt-out) and support article ' +
    '223134027: default opt-out STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPTOUT; opt-in START, YES, ' +
    'UNSTOP; help HELP, INFO; as quoted in CARRIER-APIS.md sect. 4.4.',
  'bandwidth-stop':
    'Bandwidth support 360010785613: toll-free network enforces STOP/UNSTOP/START; 10DLC apps must detect STOP, ' +
    'START, HELP themselves (CARRIER-APIS.md sect. 2.6).',
  'compliancepoint-2025':
    'CompliancePoint, "FCC\'s Consent Revocation Rule: Language Analysis and Compliance Insights" ' +
    '(compliancepoint.com/marketing-compliance/' +
    'fccs-consent-revocation-rule-language-analysis-and-compliance-insights): ' +
    'recognise multi-word phrases, misspellings and other languages (e.g. Spanish "No Mas").',
  'aws-keywords':
    'AWS End User Messaging SMS, "Required opt-out keywords" (docs.aws.amazon.com/sms-voice/latest/userguide/' +
    'keywords-required.html): ARRET, CANCEL, END, OPT-OUT, OPTOUT, QUIT, REMOVE, STOP, TD, UNSUBSCRIBE (US, Canada).',
  'telnyx-keywords':
    'Telnyx Advanced Opt-In/Out (developers.telnyx.com/docs/messaging/messages/advanced-opt-in-out): opt-out STOP, ' +
    'STOPALL, STOP ALL, UNSUBSCRIBE, CANCEL, END, QUIT; opt-in START, UNSTOP.',
  'braze-keywords':
    'Braze SMS opt-in/opt-out keywords (braze.com/docs/user_guide/channels/sms_mms_and_rcs/message_features_and_' +
    'optimization/keyword_processing/optin_optout): opt-in START, YES, UNSTOP; "fuzzy opt-out" for non-keyword intent.',
  'twilio-es-short-code':
    'Twilio, "What are the requirements for a Spanish-language short code?" (twilio.com/help/faq/short-codes/' +
    'what-are-the-requirements-for-a-spanish-language-short-code): ALTO to cancel, AYUDA for help.',
  'es-usage':
    'Spanish imperative and request forms of the FCC per se words (parar/para, cancelar, dar de baja, no me envíes ' +
    'más mensajes), FCC 24-24 "any language"; CompliancePoint 2025 example "No Mas".',
  'fr-usage':
    'French opt-out forms used by Canadian and French SMS programs (ARRÊT / ARRET as in the AWS list, "STOP SMS", ' +
    'se désabonner, se désinscrire, ne m\'envoyez plus), FCC 24-24 "any language".',
  'twilio-canada-keywords':
    'Twilio support 223181928 "Industry standards for mandatory keyword responses required in Canada (HELP, AIDE, ' +
    'INFO, STOP, ARRET)" (STOP also as END, QUIT, CANCEL, UNSUBSCRIBE, UNSUB) and Infobip "Canadian mandatory ' +
    'keyword responses" (support.infobip.com/docs/essentials/usa-and-canada-compliance/canadian-mandatory-keyword-' +
    'responses), after the CWTA Canadian Common Short Code Application Guidelines v3.9.',
  'es-aggregator-keywords':
    'Spanish SMS platform keyword lists: Notifycame "Funciones de SMS" (notifycame.com/page/funciones-de-sms): ' +
    'opt-in START, COMENZAR, SUSCRIBIRME, ALTA; opt-out STOP, PARAR, CANCELAR, BAJA; inteligentes.online ' +
    '"¿Cómo darse de baja de SMS?" (MMA guidance): STOP, QUIT, CANCELAR, END, BAJA.',
  'tcpaworld-2025':
    'TCPAWorld, "No Exit and I Do Not Wish to be Contacted: TCPA class action SMS lawsuits from keyword avoiders ' +
    'pour in" (tcpaworld.com/2025/07/07/...): complaints over texts after "I do not wish to be contacted", "S", ' +
    '"exit", "cease and desist", "remove", "no".',
  'spoke-auto-optout':
    'Spoke (peer-to-peer texting, MIT licence), src/extensions/message-handlers/auto-optout/index.js, default ' +
    'auto-opt-out patterns: stop, remove me, remove my name, take me off th* list, lose my number, ' +
    'don\'t contact me, delete my number, I opt out, stop2quit, stopall, unsubscribe, cancel, end, quit ' +
    '(github.com/StateVoicesNational/Spoke).',
  'court-quotes':
    'Opt-out texts quoted in US federal court opinions (public domain), e.g. Rando v. Edible Arrangements, ' +
    'No. 17-cv-701 (D.N.J. 2018); Ford v. NaturaLawn of America, No. 24-cv-... (D. Md. 2024).',
  'uci-sms-spam':
    'UCI SMS Spam Collection v.1 (Almeida and Gómez Hidalgo 2011, CC BY 4.0; archive.ics.uci.edu/dataset/228): ' +
    'real UK/Singapore texts; marketing footers ("To stop texts, txt STOP to 80062", "2 stop txt stop", "OptOut ' +
    '0871...", "unsubscribe with STOP") quote instructions and are no request; personal texts with per se words ' +
    '("Don\'t text and drive", "Stop calling everyone") are near misses. Rows in test/opt-out-table.jsonl.',
  'rasa-star':
    'RasaHQ/STAR dialogues (Mosig et al. 2020, MIT; github.com/RasaHQ/STAR): user turns asking to end a ' +
    'conversation ("Just end this conversation", "please leave me alone", "Don\'t call me again").',
  'clinc150':
    'CLINC150 (Larson et al. 2019, CC BY 3.0; github.com/clinc/oos-eval), intent "cancel" ("stop talking", ' +
    '"don\'t talk anymore", "no more talking", "cancel that") and near misses naming someone ("don\'t call me ' +
    'bill anymore - call me bob").',
  'unicode-uts39':
    'Unicode Technical Standard #39, confusables.txt (via the npm package unhomoglyph, data v13.0.0) and ' +
    'Unicode Standard Annex #15 (NFKC).',
  'textback-negation':
    'Textback rule: a per se word that is negated ("don\'t stop", "won\'t stop") or used with another subject ' +
    'or object ("the leak won\'t stop", "stop by", "cancel my appointment") is not a request to stop texting ' +
    '(the FCC reasonable-person test, FCC 24-24 para. 15-19, read both ways).',
  'textback-ambiguous':
    'Textback rule: a reply that may mean "stop texting me" but does not say so ("not interested", "no thanks", ' +
    '"wrong number") is sent to a person and pauses automation (FCC 24-24 totality-of-circumstances test).',
} as const;

/** Id of a source in {@link CONSENT_SOURCES}. */
export type ConsentSourceId = keyof typeof CONSENT_SOURCES;
