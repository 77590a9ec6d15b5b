/** Types for snowball-stemmers 0.6.0 (ships none): Snowball stemmers ported to JS (snowballstem.org). */
declare module 'snowball-stemmers' {
  export interface SnowballStemmer {
    /** Stem of one lower-case word. */
    stem(word: string): string;
  }
  /** A stemmer for one of {@link algorithms}, e.g. 'english', 'spanish', 'french'. */
  export function newStemmer(language: string): SnowballStemmer;
  export function algorithms(): string[];
}
