/**
 * English words that never name what a caller needs on their own: the Snowball English stop-word list
 * (snowballstem.org/algorithms/english/stop.txt, BSD licence), apostrophes as `tokenize` keeps them, plus the modal
 * verbs the list leaves out because they are also nouns (can, will, may, might, must, shall) and the short replies
 * callers send to a question (ok, yes, thanks, wait, please...). Lower case. Used by the service matcher: a match made
 * only of these words is not a service ("no, it can wait" is not the Spanish "caño", "I will call" is not a will).
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  // Snowball English stop list
  'i', 'me', 'my', 'myself', 'we', 'our', 'ours', 'ourselves', 'you', 'your', 'yours', 'yourself', 'yourselves', 'he', 'him',
  'his', 'himself', 'she', 'her', 'hers', 'herself', 'it', 'its', 'itself', 'they', 'them', 'their', 'theirs', 'themselves',
  'what', 'which', 'who', 'whom', 'this', 'that', 'these', 'those', 'am', 'is', 'are', 'was', 'were', 'be', 'been', 'being',
  'have', 'has', 'had', 'having', 'do', 'does', 'did', 'doing', 'would', 'should', 'could', 'ought', "i'm", "you're", "he's",
  "she's", "it's", "we're", "they're", "i've", "you've", "we've", "they've", "i'd", "you'd", "he'd", "she'd", "we'd", "they'd",
  "i'll", "you'll", "he'll", "she'll", "we'll", "they'll", "isn't", "aren't", "wasn't", "weren't", "hasn't", "haven't", "hadn't",
  "doesn't", "don't", "didn't", "won't", "wouldn't", "shan't", "shouldn't", "can't", 'cannot', "couldn't", "mustn't", "let's",
  "that's", "who's", "what's", "here's", "there's", "when's", "where's", "why's", "how's", 'a', 'an', 'the', 'and', 'but', 'if',
  'or', 'because', 'as', 'until', 'while', 'of', 'at', 'by', 'for', 'with', 'about', 'against', 'between', 'into', 'through',
  'during', 'before', 'after', 'above', 'below', 'to', 'from', 'up', 'down', 'in', 'out', 'on', 'off', 'over', 'under', 'again',
  'further', 'then', 'once', 'here', 'there', 'when', 'where', 'why', 'how', 'all', 'any', 'both', 'each', 'few', 'more', 'most',
  'other', 'some', 'such', 'no', 'nor', 'not', 'only', 'own', 'same', 'so', 'than', 'too', 'very',
  // modal verbs (also nouns, so the Snowball list leaves them out) and apostrophe-less spellings callers type
  'can', 'will', 'may', 'might', 'must', 'shall', 'im', 'ive', 'dont', 'cant', 'wont', 'isnt', 'didnt', 'doesnt', 'thats', 'whats',
  // short replies
  'ok', 'okay', 'k', 'yes', 'yeah', 'yep', 'yup', 'nope', 'nah', 'thanks', 'thank', 'thx', 'please', 'pls', 'wait', 'sure', 'hi', 'hello', 'hey',
  'just', 'now', 'later', 'fine', 'good', 'great', 'cool',
]);

/**
 * Words before a stop word that make it a noun ("a will", "my will", "the living will"): a catalogue phrase that is a
 * stop word ("will" of a law firm's "Wills and estates") matches only after one of these.
 */
export const NOUN_MARKERS: ReadonlySet<string> = new Set(['a', 'an', 'the', 'my', 'our', 'your', 'his', 'her', 'their', 'this', 'that', 'new', 'living', 'last', 'old']);
