import { EMERGENCY_CUES, NEGATION_BEFORE, NOT_A_NEGATION, RESOLVED_AFTER, SAFETY_LINES } from './emergency.constants';
import { splitClauses } from './text-normalizer.util';
import { type Hazard } from './understanding.types';

/** What the danger cues found in one message. */
export interface EmergencyFinding {
  /** `emergency` when any live emergency cue matched, `soon` for time pressure only, else null. */
  level: 'emergency' | 'soon' | null;
  hazard: Hazard | null;
  /** The matched words of the strongest live cue. */
  cue: string | null;
  /** Safety line for the caller when level is `emergency`, else null. */
  safetyLine: string | null;
}

const GLOBAL_PATTERNS = EMERGENCY_CUES.map((c) => new RegExp(c.pattern.source, 'g'));

const HAZARD_RANK: readonly (Hazard | null)[] = ['gas', 'carbon_monoxide', 'fire', 'electrical', 'medical', 'security', 'flooding', 'other', 'no_heat', 'no_cooling', null];

/**
 * Finds danger in normalized text (see normalizeText). Tuned for recall: every cue counts
 * unless, in the same clause, a negation stands within five words before it ("not an
 * emergency", "no gas smell") or a resolution follows it ("no leak anymore", "the sparks
 * stopped"). When several hazards match, the most dangerous wins (gas first).
 */
export function detectEmergency(normalized: string): EmergencyFinding {
  let best: { level: 'emergency' | 'soon'; hazard: Hazard | null; cue: string } | null = null;
  const clauses = splitClauses(normalized);
  for (const [i, cue] of EMERGENCY_CUES.entries()) {
    if (cue.requires && !cue.requires.test(normalized)) continue;
    if (cue.unless && cue.unless.test(normalized)) continue;
    for (const clause of clauses) {
      const re = GLOBAL_PATTERNS[i] ?? new RegExp(cue.pattern.source, 'g');
      re.lastIndex = 0;
      for (let m = re.exec(clause); m !== null; m = re.exec(clause)) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        if (isNegated(clause, m.index, m.index + m[0].length)) continue;
        const candidate = { level: cue.level, hazard: cue.hazard, cue: m[0] };
        if (!best || outranks(candidate, best)) best = candidate;
      }
    }
  }
  if (!best) return { level: null, hazard: null, cue: null, safetyLine: null };
  const safetyLine = best.level === 'emergency' ? SAFETY_LINES[best.hazard ?? 'unspecified'] : null;
  return { level: best.level, hazard: best.hazard, cue: best.cue, safetyLine };
}

function isNegated(clause: string, start: number, end: number): boolean {
  const before = clause.slice(0, start).trim().split(' ').slice(-5).join(' ').replace(NOT_A_NEGATION, ' ');
  if (NEGATION_BEFORE.test(before)) return true;
  return RESOLVED_AFTER.test(clause.slice(end));
}

function outranks(a: { level: 'emergency' | 'soon'; hazard: Hazard | null }, b: { level: 'emergency' | 'soon'; hazard: Hazard | null }): boolean {
  if (a.level !== b.level) return a.level === 'emergency';
  return HAZARD_RANK.indexOf(a.hazard) < HAZARD_RANK.indexOf(b.hazard);
}
