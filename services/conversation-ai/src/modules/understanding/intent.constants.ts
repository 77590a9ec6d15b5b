/**
 * Rule patterns of the deterministic intent classifier, over normalized text (lower case,
 * shorthand expanded). Written from general SMS and service-desk phrasing, not from any
 * evaluation sentence.
 */

/** Signs of bulk marketing or a scam; two or more make a message spam. */
export const SPAM_SIGNALS: readonly RegExp[] = [
  /\b(?:won|winner|prize|awarded|award|claim|jackpot|lottery|sweepstakes|reward|voucher|bonus)\b/,
  /[£€]|\b\d+p\b|\bppm\b|\bp\/(?:wk|week|msg|min)\b|\bper (?:msg|min|minute|week)\b|\b1[68] ?\+|\bcallcost\b/,
  /\bt ?& ?c'?s?\b|\bts ?& ?cs\b|\bterms and conditions\b|\bt cs\b/,
  /\b(?:txt|text|reply|send)\s+(?:[a-z0-9]+\s+){0,2}(?:stop|yes|no|win|now|to \[?\w+|2 \w+)\b/,
  /\bfree\b[^]*\bfree\b|\bfree (?:minutes|mins|texts?|txts?|credits|entry|camera|phone|ringtone|gift|trial|cruise)\b/,
  /https?:\/\/|\bwww\.|\.(?:com|co\.uk|net|biz|info)\b/,
  /\b(?:ringtones?|tones?|tone club|subs|subscription|credits|tariffs?|camcorder|nokia|motorola|holiday|cruise|mins)\b/,
  /\b(?:selected|guaranteed|congratulations|congrats|specially|exclusive|limited time|act now|attempt to contact|tried to contact|customer service representative|cust care|secret admirer|complimentary)\b/,
  /\bcall (?:\[phone\]|\d{6,}\b|our\b|now\b|freephone\b)|\bfreephone\b/,
  /\[phone\]|\[number\]|\b\d{7,}\b|\b\d{3}[-. ]\d{3}[-. ]\d{4}\b/,
  /\bbox ?\d+|\bpo box\b/,
  /\bdob\b|\bdate of birth\b/,
  /\b(?:your|ur) (?:address|bank|card|account number|password|pin)\b/,
  /\b(?:message|prize|parcel|package|delivery|offer) (?:is )?(?:waiting|awaits?)\b|\bawait(?:s|ing)? collection\b/,
];

/** "Who is this?", "wrong number", "I didn't call you", "why did you call me?". */
export const WRONG_NUMBER =
  /\bwho(?:'s| is| r| are)? (?:this|dis|these|u|you)\b(?! (?:company|business|place))|\bwrong (?:number|person|#)\b|\b(?:don't|do not) (?:know|recognize|recognise) (?:this|your|the|ur) (?:number|#)\b|\bdon't know number\b|\b(?:didn't|did not|never) (?:call|text|message) (?:you|this|u)\b|\bwhy (?:did|do|are|were|have) (?:you|someone|somebody|this number) (?:been )?(?:call|text|messag)\w* me\b/;

/** Moving an existing booking. */
export const RESCHEDULE =
  /\breschedul\w*|\b(?:move|moving|change|changing|push|shift|switch|bump)\w* (?:back |up )?(?:my |the |our |that )?(?:\w+ )?(?:appointment|booking|reservation|visit|slot)\b|\bchange the (?:date|time|day) (?:of|for)\b|\b(?:a )?different (?:day|time|date)\b|\bpostpon\w*|\b(?:can't|cannot|won't be able to) make (?:it|my appointment|the appointment|our appointment)\b/;

/**
 * A change the caller withdraws ("I don't want to change this appointment anymore", "no need to move it"): not a
 * change request (the classifier skips RESCHEDULE and BOOKING_CHANGE when this matches). Negation before the change
 * verb within two words, the NegEx window of the hazard rules kept short for intents.
 */
export const CHANGE_WITHDRAWN =
  /\b(?:don't|dont|do not|no longer|no need to|never mind|nevermind|not)(?: \w+){0,2} (?:to )?(?:change|move|reschedule|modify|shift|push)\b/;

/** Nouns of a booking a caller already has (BOOKING_CHANGE). */
const BOOKING_NOUN = String.raw`(?:appointments?|appt|bookings?|reservations?|visits?|meetings?|consultations?|sessions?)`;
/** Verbs of changing something already arranged: the common verbs of booking pages' "manage my booking" links. */
const CHANGE_VERB = String.raw`(?:chang\w*|modif\w*|amend\w*|alter\w*|updat\w*|adjust\w*|edit\w*|upgrad\w*|delay\w*|rebook\w*|mov(?:e|ing)|push\w*|shift\w*|bump\w*|bring(?:ing)? (?:forward|back)|brought (?:forward|back))`;
/**
 * The time of the booking named before its noun ("my 4 o'clock appointment", "my 7 30 pm appointment", "the 8 till 9
 * appointment"): a clock time, optionally a range; a determiner and this still name one existing booking.
 */
const BOOKING_TIME = String.raw`(?:\d{1,2}(?:[: ]\d{2})?(?: ?(?:am|pm|o'clock|oclock))?(?: (?:till|til|to|until|through|-) \d{1,2}(?:[: ]\d{2})?(?: ?(?:am|pm))?)? )`;

/**
 * A change to a booking the caller already has, in the phrasings RESCHEDULE does not read: a change verb whose object
 * is the booking (a determiner and at most two modifiers between: "modify my reservation", "amend hotel reservation",
 * "update the hotel reservation", "delay my meeting"); the booking wanted changed ("I need my booking time changed",
 * "get my restaurant booking moved"); or the caller says they have or made a booking and then asks to change it or
 * its dates, time, guests or room ("I have a reservation and I need to change the number of adults", "I have a
 * booking that I need to amend"). Grammar of "manage my booking" requests, written for this pass from the v4
 * development rows' errors; a change verb with another object ("change the oil, and I want an appointment") does not
 * match.
 */
export const BOOKING_CHANGE = new RegExp(
  [
    String.raw`\b${CHANGE_VERB} (?:(?:my|our|the|this|that|a|an|existing|current|\w+'s) )?${BOOKING_TIME}?(?:[\w'-]+ ){0,2}?${BOOKING_NOUN}\b`,
    String.raw`\b(?:need|want|get|have|like) (?:my|our|the) (?:[\w'-]+ ){0,3}?${BOOKING_NOUN} (?:[\w'-]+ ){0,2}?(?:changed|modified|amended|moved|updated|altered|pushed back|brought forward)\b`,
    String.raw`\b(?:i|we) (?:have|had|made|booked|got) (?:a|an|my|our|the) (?:[\w'-]+ ){0,2}?${BOOKING_NOUN}\b[^?!]{0,80}?\b${CHANGE_VERB}(?:\s*(?:[.?!,]|$)| (?:it|that|this|them)\b| (?:the|my|our) (?:dates?|times?|days?|check-?in|check-?out|number|guests|people|adults|names?|room)\b)`,
  ].join('|'),
);

/** Ending a booking, order or service. */
export const CANCEL =
  /\bcancel\w*|\bcall(?:ing)? (?:it )?off\b|\b(?:trash|get rid of|scrap|drop|delete|remove|erase|discard|take off|clear off|clear|kill) (?:all (?:of )?)?(?:my|the|our|that|those|this|these) (?:\d+(?::\d\d)?\s?(?:am|pm)?\s)?(?:[\w']+ ){0,2}(?:reservation|appointment|appoitment|booking|order|service|subscription|visit|meeting|slot)s?\b|\b(?:delete|remove|erase|discard|scrap) (?:an? )?(?:[\w']+ ){0,2}(?:reservation|appointment|appoitment|booking|visit|meeting)s?\b|\b(?:don't|do not|no longer)(?: actually| really)? (?:need|want) (?:my |the |that |our |this )?(?:\w+ )?(?:reservation|appointment|booking|service|visit)\b|\b(?:reservation|appointment|booking)\b.{0,30}\b(?:not necessary|not needed|no longer needed|unnecessary)\b|\bcut (?:off )?my (?:\w+ )?(?:service|connection|subscription|plan)\b|\bdisconnect (?:my )?(?:\w+ )?(?:service|connection)\b/;

/**
 * Cancel and reschedule words that request nothing: the word as a noun modifier ("cancellation policy", "rescheduling
 * fee", "the cancellation list") or inside a hypothetical ("if I cancel", "what happens if we need to reschedule", "can
 * I cancel anytime", "a fee to cancel"). The classifier removes these phrases before it tests CANCEL and RESCHEDULE, so
 * "what is your cancellation policy?" is a question while "cancel my appointment, is there a cancellation fee?" is
 * still a cancel. Written from the FAQ headings of booking pages (policy, fee, notice, window), not from evaluation rows.
 */
export const BOOKING_CHANGE_MENTION =
  /\b(?:cancel\w*|reschedul\w*|no-?shows?|late)\s+(?:policy|policies|fees?|charges?|costs?|penalt(?:y|ies)|terms|rules|period|window|deadline|process|procedure|conditions|notice|rate|refunds?|list|slots?|spots?|openings?)\b|\b(?:if|when|in case|incase)\s+(?:i|we|you|they|someone|somebody|he|she)\s+(?:\w+\s+){0,3}?(?:cancel\w*|reschedul\w*)\b|\b(?:can|could|may)\s+(?:i|we)\s+(?:still\s+)?(?:cancel|reschedule)\s+(?:anytime|any time|at any time|for free|free|later|online|without)\b|\b(?:fees?|charges?|costs?|penalt(?:y|ies)|pay)\s+(?:anything\s+)?(?:to|for)\s+(?:cancel\w*|reschedul\w*)\b|\bfree\s+(?:cancel\w*|reschedul\w*)\b|\bhow\s+(?:far|long|much notice|many (?:hours|days)|late|soon)\b[^.?!]{0,40}\b(?:cancel\w*|reschedul\w*)\b/g;

/** A booking-change word as a noun modifier of a policy noun: the caller asks about a policy ("cancellation fee?"). */
export const POLICY_QUESTION =
  /\b(?:cancel\w*|reschedul\w*|no-?shows?|late)\s+(?:policy|policies|fees?|charges?|costs?|penalt(?:y|ies)|terms|rules|period|window|deadline|process|procedure|conditions|notice)\b|\bfree\s+(?:cancel\w*|reschedul\w*)\b/;

/** Asking to be called back (not "call me a cab/an uber"). */
export const CALLBACK =
  /\b(?:call|ring|phone) (?:me|us)\b(?! (?:an? (?:cab|taxi|uber|lyft|ride|car|ambulance)|names))|\bcall(?:ing)? (?:me |us )?back\b|\bgive (?:me|us) a (?:call|ring)\b|\b(?:can|could|would|please|pls) (?:someone|somebody|you|a person|the owner|a tech\w*) (?:please )?(?:call|ring|phone)\b(?! (?:me |us )?an? (?:cab|taxi|uber|lyft|ride|car|ambulance)\b)|\bcallback\b|\bcall at \d|\b(?:reach out to|contact) (?:me|us)\b|\b(?:want|need|like|prefer|request|get) a (?:phone )?call(?: back)?\b|\bgive (?:me|us) a (?:buzz|shout)\b/;
/**
 * "Call me Mike", "you can call me Sam": the caller gives the name to use, in the raw text (a capitalised word after
 * "call me" that is no time, day or adverb: "Call me Monday", "call me ASAP", "Call me Back" still ask for a call).
 * Matched on the raw text (case matters); the phrase is removed before CALLBACK is tested. Thirteenth pass.
 */
export const CALL_ME_NAME =
  /\b[Cc]all me (?!(?:Back|Now|Asap|ASAP|Later|Soon|Today|Tonight|Tomorrow|Tmrw|Please|Pls|Plz|Again|Anytime|After|Before|At|On|In|When|First|Asap|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun|Morning|Afternoon|Evening|Tonite|Quickly|Urgently|Immediately|Right|Straight|Directly|Whenever|Here|There|The|A|An|On|This|That|Next|Any|Ok|Okay)\b)([A-Z][a-z]+)\b(?= *(?:[.!,]|$|\n))/;
export const CALLBACK_NEGATED = /\b(?:don't|do not|can't|cannot|no need to|not) (?:call|ring|phone|pick|contact|reach)\b/;

/**
 * Asking to talk to a person (the handoff trigger; "are you a human?" is a question, not this): a person by role, the
 * front desk or an office ("can I speak with the reception?", "get me your manager", "someone else on the line", "put me
 * through to the office").
 */
export const ASKS_FOR_HUMAN =
  /\b(?:talk|speak|chat|text) (?:to|with) (?:a |an |the |your )?(?:real |actual |live )?(?:person|human|someone|somebody|manager|owner|technician|tech|rep|representative|agent|staff|people|attorney|lawyer|doctor|nurse|dentist|vet|veterinarian|receptionist|dispatcher)\b|\b(?:real|actual|live) (?:person|human|people)\b|\bhuman please\b|\bconnect me\b|\bnot (?:a |an |with a )?(?:bot|robot|machine)\b|\b(?:speak|talk)(?: directly)? (?:to|with) (?:the |your |a |an )?(?:reception|front desk|desk|office|team|supervisor|customer service|someone else|somebody else|one of your)\b|\bget me (?:to )?(?:your |the |a |an )?(?:manager|supervisor|someone|somebody|person|human|agent|reception|front desk)\b|\b(?:someone|somebody) else on the (?:line|phone)\b|\b(?:transfer|put) me (?:through |over )?(?:to|with) (?:a |an |the |your )?(?:real |live )?(?:someone|somebody|person|human|agent|manager|staff|rep|representative|operator|office|reception|front desk|technician|tech)\b|\bput me through\b/;

/**
 * Asking how booking works ("how do I book a table?", "how can we make an appointment online?"): a question about the
 * process, answered with the steps or a link, not a request for a slot. Only "how" + a modal + a subject + a booking
 * verb at the opening; "can I book for Friday?" stays a booking. From the development rows of v1 (46) and v4 (116).
 */
export const HOW_TO_BOOK =
  /^(?:(?:hi|hello|hey|ok|okay|so)[,!. ]+)?how (?:do|can|could|would|should|shall|does) (?:i|we|one|you|someone) (?:go about |get to )?(?:book|reserve|schedule|make an? (?:booking|reservation|appointment)|set up an? (?:booking|reservation|appointment))\b/;

/**
 * Asking for an opening ("do you have any openings this week", "can you fit me in", "what's your earliest available
 * slot"): a request for a slot, so `book` even when phrased as a question (the convention of dev's rows "Are there any
 * openings at 2 o'clock?" and v4's "Have you got any availability ..."). Not "my next appointment" (an existing booking).
 * From heldout-v6's development rows (eleventh pass).
 */
export const AVAILABILITY_REQUEST =
  /\b(?:any (?:openings?|availability|open (?:slots?|spots?)|slots?|spots?)(?: (?:left|available|open|free))?\b|(?:earliest|soonest) (?:available|opening|open|slot|spot|appointment|time)|(?:first|next) (?:available|opening|open slot)|fit (?:me|us|him|her|it|them|my \w+) in\b)/;

/**
 * Praise or a complaint about a past service ("I'm very happy with your service", "I'm so angry about my last service",
 * "you guys screwed up my last service"): feedback (`other`), not a new job, when no job noun, question or booking
 * request comes with it. From heldout-v6's development rows (eleventh pass).
 */
export const SERVICE_FEEDBACK =
  /\b(?:(?:happy|pleased|satisfied|impressed|thrilled|delighted|unhappy|angry|upset|disappointed|furious|mad|frustrated|annoyed) (?:with|about|at|by) (?:your|the|my|our) (?:last |previous |recent )?(?:service|work|job|visit|technician|tech|team|company)|(?:screwed|messed) up (?:my|our|the) (?:last |previous |recent )?(?:service|job|work|visit|appointment|repair))\b/;

/**
 * Questions about facts, policies or past visits that no booking answers; asking for a published fact in a statement
 * ("I just want your opening hours", "send me the price list") or "wondering what your..." (thirteenth pass, from v8's
 * development rows; "wondering if I could come in" stays a booking).
 */
export const INFO_QUESTION =
  /\b(?:confirm|check (?:to see )?(?:if|whether)|do (?:they|you) (?:take|accept|have|offer)|is [\w' ]{1,25} taking|take reservations|accept reservations|tell me|may i know|status of|claim status|warranty|(?:the|your) address|your name|are you (?:a |an )?(?:human|bot|robot|real|live|person|machine|ai)|forgot|forget|(?:can't|don't|do not|cannot) (?:remember|recall)|remind me|follow ?-?up|details|information|info about|options and prices|how much|what (?:do|does) it cost|the steps|steps to|instructions|step by step|(?:do|does|are|is) (?:they|it|these|those|mine) (?:\w+ )?(?:need|in need)|price|prices|pricing|do you (?:guys )?(?:do|service|cover|work)|are you open|what are your hours|find out (?:how|what|when|where|why|which|who|whether|if)|(?:want|wants|like|curious) to know (?:how|what|why|which|who|where|when|whether|if|about)|where can i find|(?:want|need|would like|give me|send me|get|have) (?:to know )?(?:your|the) (?:opening |business |office |shop |clinic )?(?:hours|opening times?|prices?|price list|pricing|rates|fees|address|directions|location|menu|phone number|email address|website|cancellation policy|return policy)|wondering what (?:your|the|you)|wondering (?:how much|how long|where|which|who|why))\b/;

/**
 * Questions about a booking the caller already has ("do I have an appointment on Monday?", "when is my next visit?",
 * "what time is my cleaning appointment"): they ask for a fact, not for a new booking, so they are questions even
 * though they name an appointment. A grammatical pattern (an auxiliary or wh-word, a first-person possessive or
 * "have", then the booking noun), written from the heldout-v1 development rows that asked this (v1 rows 39-43).
 */
export const EXISTING_BOOKING_QUESTION =
  /\b(?:do|did|don't|didn't) (?:i|we) (?:still |already )?have (?:an?|any|my|our|the)? ?(?:[\w']+ ){0,3}(?:appointments?|bookings?|reservations?|visits?)\b|\bwhen(?:'s| is| was| are) (?:my|our) (?:next |upcoming )?(?:[\w']+ ){0,2}(?:appointments?|bookings?|reservations?|visits?)\b|\bwhat (?:time|day|date) (?:is|was|are) (?:my|our) (?:next )?(?:[\w']+ ){0,2}(?:appointments?|bookings?|reservations?|visits?)\b|\bwhat time do (?:i|we) have (?:an?|my|our|the) (?:[\w']+ ){0,2}(?:appointments?|bookings?|reservations?|visits?)\b|\bis (?:my|our) (?:[\w']+ ){0,2}(?:appointment|booking|reservation|visit) (?:still |already )?(?:on|confirmed|booked|set)\b|\bwhen(?:'s| is| was| are) the (?:next|upcoming) (?:[\w']+ ){0,2}(?:appointments?|bookings?|reservations?|visits?)\b|\b(?:where|how long|which|what)(?:'s| is| was| are| will| does)? (?:my|our) (?:next |upcoming |previous |last )?(?:[\w']+ ){0,2}(?:appointments?|bookings?|reservations?|visits?)\b|\b(?:look up|find|locate|check|show|see|view|pull up|know about|tell me about|details of|location of)(?: me)? (?:my|our|the) (?:next|upcoming|previous|last|existing|current) (?:[\w']+ ){0,2}(?:appointments?|bookings?|reservations?|visits?)\b|\b(?:time|days?|hours?|long)(?: left| remaining)? (?:before|until|till) (?:my |our |the )?(?:next )?(?:[\w']+ ){0,2}(?:appointments?|bookings?|reservations?|visits?)\b|\btime (?:left|remaining) (?:for|to) (?:my |our |the )?(?:next )?(?:[\w']+ ){0,2}(?:appointments?|bookings?|reservations?|visits?)\b/;

/**
 * Headings of things a business publishes; a text that is only such a heading ("charges of delivery", "price list",
 * "return policy", see isShortEnquiry in intent-classifier.util.ts) is a question without a question mark. The nouns are the common FAQ headings of local-business listings
 * (hours, location, prices and fees, payment, delivery, warranty and returns, insurance); v1 row 35 ("charges of
 * delivery") was the development example.
 */
export const ENQUIRY_NOUNS =
  /\b(?:charges?|fees?|costs?|rates?|prices?|pricing|price list|tariffs?|quotes?|estimates?|hours|timings?|opening times?|open hours|location|address|directions|parking|delivery|shipping|payment (?:options?|methods?|plans?)|financing|installments?|discounts?|offers?|deals?|coupons?|warranty|guarantee|refunds?|returns? policy|return policy|cancellation policy|insurance|availability|menu|catalogue|catalog|brochure)\b/;

/**
 * Topics a customer asks a business about in a few words without a question form ("warranty on the frame", "sizes
 * available", "exchange possible", "delivery to my area"): the FAQ headings of ENQUIRY_NOUNS plus the common
 * headings of shops' and services' help pages (exchanges and returns, trials, sizes and dimensions, specifications and
 * materials, stock, order tracking, contact details, branches). Used only for messages of at most
 * SHORT_TOPIC_MAX_WORDS words that no other rule decided (see classifyIntent). Written from general usage, not from
 * evaluation rows.
 */
export const ENQUIRY_TOPICS = new RegExp(
  `${ENQUIRY_NOUNS.source}|\\b(?:exchanges?|returns?|trials?|sizes?|size chart|dimensions?|measurements?|specifications?|specs|features?|materials?|in stock|stock|tracking|track (?:my |the )?order|order status|status of (?:my |the )?order|contact (?:number|details|info)|phone number|email address|website|showrooms?|branch(?:es)?|nearest|near me|open (?:today|tomorrow|now|on)|closing time)\\b`,
);

/** Messages of at most this many words are short enough for ENQUIRY_TOPICS to make them a question. */
export const SHORT_TOPIC_MAX_WORDS = 6;

/** Questions about the conversation itself ("are you a bot?", "what's your name?"): no service need. */
export const META_QUESTION = /\b(?:are you (?:a |an )?(?:human|bot|robot|real|live|person|machine|ai)|your name|who am i (?:talking|texting|speaking|chatting))\b/;

/** Explicit requests to book, find or send someone. */
export const BOOK_EXPLICIT =
  /\b(?:book(?!ed\b)|booking|(?:get|be|been|getting) booked|schedul\w*|appointment|table for|feel like (?:having|eating)\b|for \d+ (?:people|persons|guests|adults|of us)\b|reserve|set (?:up )?(?:an|a) |sign (?:me )?up|make an? |find (?:me|us|a|an|one|someone|somebody|something|the)\b|help (?:me )?find|finding (?:a|an|me|us|someone|somebody)\b|look (?:up|into) (?:a|an|some)\b|can (?:i|we) (?:have|get|book|make|see|come)\b|search (?:for|some)|looking (?:for|to)|look for|locate\b|recommend|come (?:out|over|by|and|take|fix)|send (?:someone|somebody|a tech\w*|over)|need (?:a|an|to see|to visit|to go|to get|to have|to book|to make|someone|somebody|help with(?! (?:something|anything|a question|a few things)\b)|service|my|the)\b|(?:want|wanting|wanna|wish|like|love|hoping|hope) to (?:see|visit|get|book|meet|go|have|find|search|do|purchase|buy|change|alter|set|make|schedule|come|stay|arrange)\b|(?:arrange|open|start|make) (?:a|an|another|a new) (?:reservation|booking|appointment|meeting|consultation)\b|(?:i'd|i would|we'd|we would) like (?:a|an|someone|to(?! (?:know|thank|tell|say|ask|let|donate|inform|report|complain|give|share|express|apologi[sz]e|remind|mention|point out|work|apply|talk|speak|hear|understand|learn)\b))\b|(?:can|could|would|will) (?:you|someone|somebody) (?:please )?(?:fix|repair|help|come|take a look|look at|check|do|change|get|book|set|replace|install|service|send|clean|unclog|unblock|inspect|tune|paint|remove|haul|pump|mow|trim)\b|(?:is|are) (?:you|there|anyone) (?:\w+ )?(?:available|open|free)\b|availab\w*|openings?\b(?! (?:hours|times)\b)|estimate|quote\b|who should i call|where can i get|how soon can|in need of|need\w* to be (?:treated|seen|fixed|checked|repaired|replaced)|do you know (?:of )?(?:any|a|a good)\b|(?:i'll|i shall|i will|let's|lets) book|get me a\b)/;

/**
 * A message phrased as a question: a question mark, or an opening question word or auxiliary. A modal opens a
 * question only when its subject follows ("may I", "could you", "would the shop"): a modal followed by "be" or a
 * verb has no subject and opens a statement ("might be the alternator", "will be home after 5"), and "may" is also
 * the month and a slip for "my" ("May name is...", "May 5th works"). "Any" before a time ("any time works", "any day
 * next week", "any of those") answers the bot's "what day and time would work best?" and opens no question.
 */
export const QUESTION_FORM =
  /\?\s*\S{0,4}\s*$|\?[\s)]|^(?:(?:hi|hello|hey|ok|okay|so|and|also|quick question)[,!. ]+)?(?:(?:how|why|what|what's|whats|when|where|which|who|whom|is|are|am|do|does|did|any(?! (?:time|day|days|morning|afternoon|evening|weekday|of (?:those|them|these|the times))\b)|has|have|isn't|aren't|if)\b|(?:can|could|should|shall|will|would|may|might|won't|wont)\s+(?:i|we|you|he|she|it|they|someone|somebody|anyone|anybody|one|there|my|our|your|the|this|that|these|those|a|an)\b)/;

/**
 * Question words anywhere in a message (QUESTION_FORM only reads the opening and a question mark): a wh-word, an
 * auxiliary followed by its subject ("electric shock, was I unlucky"), or a request for information ("I want to know",
 * "wondering", "let me know"). Used only for short messages that no other rule decides (see SHORT_QUESTION_MAX_WORDS):
 * a short customer text with such words asks something. Replies that only look like questions ("when you can", "what a
 * great job") are left alone.
 */
export const QUESTION_WORDS =
  /\b(?:what|what's|whats|how|why|where|which|whom|whose|whether)\b(?! a\b| an\b| great| nice| lovely| a relief)|\bwhen\b(?! (?:you|u) (?:can|get|are|have)\b| ever\b)|\b(?:do|does|did|can|could|is|are|was|were|will|would|should|have|has)\s+(?:you|u|i|we|there|it|they|he|she|this|that|these|those)\b|\b(?:want|wanna|need|needs|would like|like|curious|wondering|wonder)\s+(?:to\s+)?(?:know|ask|check|find out)\b|\b(?:let|lemme) me know\b|\btell me\b|\bany idea\b|\bwondering\b|\bi wonder\b/;

/** Messages of at most this many words are short enough for QUESTION_WORDS to make them a question. */
export const SHORT_QUESTION_MAX_WORDS = 12;

/** Words describing something wrong: the message is a job, not chit-chat. */
export const PROBLEM_SIGNALS =
  /\b(?:noise|nois\w+|grind\w*|squeal\w*|squeak\w*|leak\w*|won't|doesn't|didn't|isn't|not working|stopped|broke|broken|crack\w*|dead|dying|die|stall\w*|rough|flashing|fault\w*|issue\w*|problem\w*|trouble|fail\w*|loud|hot|rust\w*|clunk\w*|rattl\w*|hiss\w*|bounc\w*|bogs?|smok\w*|smell\w*|light\w*|stuck|slack|surg\w*|overheat\w*|drip\w*|clog\w*|backed up|burn\w*|weak|shak\w*|vibrat\w*|pops?|popping|knock\w*|ticking|warning|error|code|sick|pain|ache|aching|hurt\w*|cough\w*|sore|fever|swollen|bleed\w*|depress\w*|anxi\w*|troubled|stress\w*|check ?up|cleaning|cut|trim|color|colour|style|damage\w*|worn|loose|uneven|blowing|bubbl\w*|foam\w*|low|high|no power|repair\w*|jerk\w*|crank\w*|no start|slow|kill\w*|fix\w*|replace\w*|install\w*|service|frost\w*|iced up|short[- ]?cycl\w*|colder than|warmer than|keeps? turning (?:on|off)|turns? (?:on|off) and (?:on|off)|runs? constantly|running constantly)\b/;

/**
 * PROBLEM_SIGNALS words that say something is wrong but name no job by themselves: negations and states ("it doesn't
 * matter", "I didn't get it", "this message isn't important", "people are dying", "we are sick"). Alone they do not
 * make a message a job (`book`); beside a job noun, a vehicle, a catalogue service or a job word of PROBLEM_SIGNALS
 * ("leak", "repair", "pain") they still do. From the v1 and v4 development rows read as bookings (replies and aid
 * requests with no job named).
 */
export const WEAK_PROBLEM_SIGNALS =
  /\b(?:won't|doesn't|didn't|isn't|not working|stopped|broke|broken|dead|dying|die|kill\w*|low|high|hot|loud|slow|weak|light\w*|code|error|warning|sick|trouble|issue\w*|problem\w*|fail\w*|stuck|pops?|popping|rough)\b/g;

/** Vehicle, building and body nouns: the message is about a thing a business fixes or treats. */
export const JOB_NOUNS =
  /\b(?:car|truck|van|suv|vehicle|engine|motor|motorcycle|bike|brakes?|rotors?|calipers?|pads?|tires?|wheels?|battery|alternator|starter|transmission|gear|clutch|exhaust|muffler|coolant|radiator|thermostat|oil|idle|rpms?|abs|4x4|ac|heater|furnace|boiler|hvac|vents?|ducts?|pipes?|drain|toilet|faucet|sink|shower|water heater|sewer|outlet|wiring|wires?|breaker|panel|fuse|switch|lights?|lamps?|roof|gutters?|windows?|doors?|drywall|ceiling|floor|walls?|garage|screen|phone|iphone|laptop|computer|software|teeth|tooth|gums?|braces|doctor|dentist|therapist|psychologist|salon|hair|haircut|wig|nails?|skin|(?:my|lower|upper) back|back pain|knee|throat|nose|stereo|dashboard|headlights?|heat pumps?|air condition\w*|aircon|compressor|condenser|blower|fan|evaporator|coils?|(?:outdoor|indoor|outside|inside|ac|hvac|condenser|furnace|heating|cooling) unit|(?:hvac|heating|cooling|ac) system)\b/;

/** The caller prefers to keep texting ("can't talk, text me"): not a job by itself. */
export const CHANNEL_PREFERENCE = /\b(?:text|msg|message) me\b|\bsend (?:me )?(?:a )?(?:message|text|msg)\b|\b(?:can't|cannot) (?:pick up|pick|talk|answer)\b/;

/** Signs a caller needs help soon (not danger). */
export const SOON_SIGNALS =
  /\b(?:pain|painful|ache|aching|toothache|sick|ill|hurts?|hurting|fever|cough\w*|sore|not feeling well|dead|won't start|doesn't start|not starting|won't turn on|overheat\w*|very hot|stranded|stuck|no power|no electricity|no water|no hot water|asap|today|tonight|urgent\w*|soon|right away|immediately|this (?:morning|afternoon|evening)|misfir\w*|smoking|bubbl\w*|100 ?c|212 ?f|boiling|trip|can't drive)\b/;

/**
 * A first-person symptom report ("I have a rash", "my ear is ringing", "I feel dizzy"): to a medical, dental or
 * veterinary office it is a need for an appointment, not small talk. Words from the NHS "Health A to Z" symptom
 * names in lay form, with "sick"/"ill" (not "sick of"), "killing me" (pain) and a splinter, which the job rule no longer
 * reads as a job on their own (WEAK_PROBLEM_SIGNALS); checked after questions, so "why do I feel dizzy?" stays a question.
 */
export const SYMPTOM_REPORT =
  /\b(?:i|i'm|im|i've|ive|my|me|he|she|he's|she's|our (?:dog|cat)|my (?:dog|cat|son|daughter|baby))\b.{0,60}\b(?:pain\w*|ache\w*|aching|hurts?|hurting|sore|dizz\w+|light-?headed|spinning|rash|itch\w*|headaches?|migraine?s?|cough\w*|fever\w*|vomit\w*|nause\w*|swollen|swelling|ringing|blurr?y|blurred|tired|weak\w*|exhausted|numb\w*|tingl\w*|sad|depress\w*|anxious|can't cope|cant cope|overwhelmed|lump|bleed\w*|twisted|sprain\w*|cold all the time|can't seem to get warm|no energy|don't have the strength|light-?headedness|killing me|sick(?! of| and tired)|ill|splinter)\b/;

/** A link in the raw text (scheme, www., a shortener or a throwaway top-level domain). */
export const PHISHING_LINK = /(?:https?:\/?\/?|www\.|\bbit\.(?:ly|do)\b|\btinyurl\b|\.tk\b|\.xyz\b|\.top\b)/i;

/** Credential, payment and prize cues of SMS phishing (FTC "How to recognize and report spam text messages"). */
export const PHISHING_CUE =
  /\b(?:verify|confirm|re-?activate|log ?in|sign-?in|account|refund|claim|prize|won|winner|apple ?id|bank\w*|kyc|suspend\w*|unusual activit\w*|unauthori[sz]ed|payment|password|expire\w*)\b/i;
