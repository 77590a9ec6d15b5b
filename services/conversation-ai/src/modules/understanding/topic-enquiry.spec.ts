import { understandMessage } from './message-understanding.util';

/** A few words naming something a business publishes are a question (ENQUIRY_TOPICS); sentences written for this spec. */
const intentOf = (text: string) => understandMessage(text, {}, new Date('2026-03-10T17:00:00Z')).intent;

describe('short topic enquiries', () => {
  it.each(['warranty on the frame', 'exchange possible', 'delivery to my area', 'store near me', 'order status', 'contact number pls', 'specs', 'king size dimensions'])(
    '"%s" is a question',
    (text) => {
      expect(intentOf(text)).toBe('question');
    },
  );

  it.each(['ok thanks', 'see you then', 'Hi msg me, in office'])('"%s" stays other', (text) => {
    expect(intentOf(text)).toBe('other');
  });

  it('a longer statement that names a topic in passing is not made a question', () => {
    expect(intentOf('I saw the sizes on a flyer my neighbour gave me last week at the party')).not.toBe('question');
  });
});
