import { stemEnglish } from './text-normalizer.util';

/**
 * Optimal-string-alignment (restricted Damerau-Levenshtein) distance between `a` and `b`,
 * stopping early once it exceeds `max` (then returns `max + 1`). Counts insertions, deletions,
 * substitutions and adjacent transpositions ("braeks" -> "brakes" is 1).
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const prevPrev = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1).fill(0);
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (prevPrev[j - 2] ?? 0) + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    for (let j = 0; j <= b.length; j++) prevPrev[j] = prev[j] ?? 0;
    prev = cur;
  }
  return prev[b.length] ?? max + 1;
}

/** Typos tolerated for a word of this length: none up to 3 letters, 1 up to 7, else 2. */
export function allowedTypos(length: number): number {
  if (length <= 3) return 0;
  if (length <= 7) return 1;
  return 2;
}

/** True when `word` equals `target` up to its Snowball stem and the typos its length allows. */
export function wordsMatch(word: string, target: string): boolean {
  if (word === target) return true;
  const a = stemEnglish(word);
  const b = stemEnglish(target);
  if (a === b) return true;
  return editDistance(a, b, allowedTypos(b.length)) <= allowedTypos(b.length);
}
