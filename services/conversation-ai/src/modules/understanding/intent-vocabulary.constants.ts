import { type Intent } from '@textback/contracts';
import { type ConsentLanguage } from '@textback/opt-out';

/** Where the phrases of INTENT_VOCABULARY come from. */
export const INTENT_VOCABULARY_SOURCES = {
  'textback-es-requests': {
    title: 'Spanish service-request phrasing written for Textback',
    note:
      'Everyday ways of asking a local business for an appointment, a visit, a price, a call back, a change or a ' +
      'cancellation in Spanish (Latin American and peninsular usage). Written from general usage, not taken from any ' +
      'evaluation row; measured with `npm run eval:triage` and the unit specs.',
  },
} as const;
export type IntentVocabularySourceId = keyof typeof INTENT_VOCABULARY_SOURCES;

/**
 * One phrase that signals an intent. `phrase` uses the token-pattern syntax of `@textback/opt-out`
 * (compileTokenPattern) over folded text (lower case, accents removed): `a|b` alternatives, a leading `~` on a
 * token compares all its alternatives by their Snowball stems in the language, a trailing `?` makes a token optional, `*N` skips up to N words.
 */
export interface IntentVocabularyEntry {
  intent: Extract<Intent, 'book' | 'reschedule' | 'cancel' | 'question' | 'callback' | 'wrong_number'>;
  language: ConsentLanguage;
  phrase: string;
  /** The phrase counts only in a clause of at most this many words ("¿quién es?", not "¿quién es el técnico?"). */
  maxClauseWords?: number;
  source: IntentVocabularySourceId;
}

/** Order in which intents are tried: the more specific request first (moving a booking before making one). */
export const INTENT_VOCABULARY_PRIORITY: readonly IntentVocabularyEntry['intent'][] = [
  'wrong_number',
  'reschedule',
  'cancel',
  'callback',
  'book',
  'question',
];

const es = (intent: IntentVocabularyEntry['intent'], phrase: string, maxClauseWords?: number): IntentVocabularyEntry => ({
  intent,
  language: 'es',
  phrase,
  source: 'textback-es-requests',
  ...(maxClauseWords ? { maxClauseWords } : {}),
});

/**
 * Intent phrases in languages the English rules do not read (Spanish today). English intents stay
 * in intent.constants.ts; opt-outs are never here (they are @textback/opt-out's alone).
 */
export const INTENT_VOCABULARY: readonly IntentVocabularyEntry[] = [
  // Who is texting, or a number the caller does not know.
  es('wrong_number', 'quien|quienes es|eres|son|habla', 4),
  es('wrong_number', 'numero ~equivocado|incorrecto'),
  es('wrong_number', 'no lo|la|los|te|le ~conozco'),
  es('wrong_number', 'yo? no te|le|les? llame|marque|escribi'),
  es('wrong_number', 'por que me ~llamaron|llamo|llamaste|escribieron|escribio'),
  // Moving a booking.
  es('reschedule', '~cambiar|mover|pasar|reprogramar|posponer|aplazar mi|la|el *1 cita|reserva|turno|fecha|hora|visita'),
  es('reschedule', '~reprogramar|reagendar|posponer|aplazar'),
  es('reschedule', 'otro|otra dia|fecha|hora|horario'),
  es('reschedule', 'no ~podre|puedo|podemos ir|llegar|asistir'),
  // Ending a booking.
  es('cancel', '~cancelar|anular|cancela|cancelo|cancele'),
  es('cancel', 'ya no ~necesito|necesitamos|quiero|queremos *2 cita|reserva|turno|servicio|visita'),
  // Asking to be called.
  es('callback', 'llamenme|llamame|llameme|marquenme|marcame'),
  es('callback', 'me ~pueden|puede|podrian|podria|podrias ~llamar|marcar'),
  es('callback', 'llamarme|marcarme|contactarme|comuniquense|comunicarse|hablarme'),
  es('callback', '~devolver|regresar la|mi ~llamada'),
  es('callback', '~quiero|prefiero|necesito|quisiera|espero una ~llamada'),
  // Asking for an appointment, a visit or a repair.
  es('book', '~quiero|quisiera|necesito|necesitamos|busco|buscamos|queria|querria|ocupo *3 cita|turno|reserva|reservacion|consulta|servicio|limpieza|revision|reparacion|arreglo|tecnico|plomero|electricista|mecanico|cerrajero|dentista|doctor|doctora|medico|veterinario|abogado|abogada|corte|visita|presupuesto|cotizacion'),
  es('book', '~hacer|agendar|programar|reservar|sacar|pedir una|un *1 cita|turno|reserva|consulta|visita'),
  es('book', '~agendar|reservar|agendarme|reservarme'),
  es('book', '~pueden|puede|podrian|podria|podrias|vengan|venga ~venir|pasar|arreglar|reparar|revisar|ayudar|atender|verme|ver'),
  es('book', 'no ~funciona|sirve|prende|enciende|arranca|calienta|enfria|abre|cierra|jala'),
  es('book', 'se ~rompio|descompuso|dano|tapo|atoro|quemo'),
  es('book', '~tienen|tiene|hay *1 ~disponibilidad|espacio|lugar|citas|horarios? *1 disponible|disponibles|libre|libres'),
  es('book', 'esta|estan ~tapado|tapada|atorado|roto|rota|descompuesto'),
  // Questions a business answers.
  es('question', 'cuanto|cuanta ~cuesta|cobran|cobra|sale|vale|tarda|demora'),
  es('question', '~precio|precios|costo|costos|tarifa|tarifas'),
  es('question', 'que|cual|cuales es|son su|el|los ~horario|horarios'),
  es('question', 'a que hora ~abren|cierran'),
  es('question', '~estan|esta ~abierto|abiertos|abierta'),
  es('question', '~aceptan|trabajan|ofrecen|hacen|atienden|hablan|cubren'),
  es('question', 'donde ~estan|queda|quedan|esta'),
];
