import { understandMessage } from './message-understanding.util';
import { INTENT_VOCABULARY, INTENT_VOCABULARY_PRIORITY, INTENT_VOCABULARY_SOURCES } from './intent-vocabulary.constants';
import { findVocabularyIntent } from './intent-vocabulary.util';

const NOW = new Date('2026-03-10T17:00:00Z');

describe('intent vocabulary', () => {
  it('names a known source for every phrase and covers every intent it lists', () => {
    for (const e of INTENT_VOCABULARY) expect(Object.keys(INTENT_VOCABULARY_SOURCES)).toContain(e.source);
    expect(new Set(INTENT_VOCABULARY.map((e) => e.intent))).toEqual(new Set(INTENT_VOCABULARY_PRIORITY));
  });

  it.each([
    ['Quisiera una limpieza dental el martes por la tarde', 'book'],
    ['Hola, mi calentador de agua no funciona. ¿Pueden venir el sábado?', 'book'],
    ['Necesito una cita para mañana', 'book'],
    ['¿Tienen citas disponibles el lunes?', 'book'],
    ['se tapó el baño', 'book'],
    ['¿Cuánto cuesta una limpieza?', 'question'],
    ['¿Aceptan seguro dental?', 'question'],
    ['Llámenme por favor', 'callback'],
    ['¿me pueden llamar después de las 5?', 'callback'],
    ['¿Quién es?', 'wrong_number'],
    ['número equivocado', 'wrong_number'],
    ['Quiero cancelar mi cita', 'cancel'],
    ['ya no necesito la cita, gracias', 'cancel'],
    ['Necesito cambiar mi cita para el viernes', 'reschedule'],
    ['no puedo ir mañana', 'reschedule'],
  ])('reads the Spanish request "%s" as %s', (text, intent) => {
    expect(understandMessage(text, {}, NOW).intent).toBe(intent);
  });

  it('does not read "quién es" inside a longer question as a wrong number, nor "no me llamen" as a callback', () => {
    expect(understandMessage('¿Quién es el técnico que viene mañana?', {}, NOW).intent).not.toBe('wrong_number');
    expect(understandMessage('Por favor no me llamen, mándenme mensaje', {}, NOW).intent).not.toBe('callback');
  });

  it('leaves opt-outs to the shared recogniser and English to the English rules', () => {
    expect(understandMessage('No me envíen más mensajes', {}, NOW).intent).toBe('opt_out');
    expect(findVocabularyIntent('can you come out tomorrow to look at the furnace')).toBeNull();
    expect(findVocabularyIntent('who is this')).toBeNull();
  });

  it('returns the matched words, folded', () => {
    expect(findVocabularyIntent('¿CUÁNTO cuesta?')).toMatchObject({ intent: 'question', cue: 'cuanto cuesta' });
  });
});
