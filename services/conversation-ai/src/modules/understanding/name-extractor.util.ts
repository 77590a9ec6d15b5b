const NAME_LEAD = /\b(?:my name is|my name's|name is|this is|i am|i'm|it's)\s+/gi;
const NAME = /^(\[NAME\]|[A-Z][a-zA-Z'-]+(?:\s+[A-Z][a-zA-Z'-]+)?)/;
const NOT_NAMES = new Set([
  'Dr', 'Doctor', 'Not', 'So', 'Very', 'The', 'In', 'Looking', 'New', 'Here', 'Just', 'Sick', 'Going', 'Having', 'Trying', 'Calling', 'Texting', 'Sorry', 'Still',
  'Ok', 'Okay', 'Fine', 'Good', 'Home', 'Out', 'At', 'On', 'A', 'An', 'It', 'I', 'Interested', 'Available', 'Free', 'Busy', 'Outside', 'Stuck', 'Afraid', 'Worried',
]);

/**
 * The caller's name when they give it ("my name is Ana Diaz", "this is Sam", "I'm Lee"),
 * capitalised as written; dataset placeholders such as "[NAME]" are returned as is. Null otherwise.
 */
export function extractName(raw: string): string | null {
  const text = raw.replace(/[\u2018\u2019]/g, "'");
  const leads = new RegExp(NAME_LEAD.source, 'gi');
  for (let lead = leads.exec(text); lead !== null; lead = leads.exec(text)) {
    const name = NAME.exec(text.slice(lead.index + lead[0].length))?.[1];
    const found = name ? acceptName(name) : null;
    if (found) return found;
  }
  return null;
}

function acceptName(name: string): string | null {
  const first = name.split(/\s+/)[0] ?? '';
  if (NOT_NAMES.has(first)) return null;
  const second = name.split(/\s+/)[1];
  if (second && NOT_NAMES.has(second)) return first;
  return name;
}
