/**
 * SMS segment counting (3GPP TS 23.038 / 23.040): text made only of the GSM 03.38 default alphabet (extension
 * characters cost two septets) is GSM-7 with 160 septets in one segment or 153 per segment when concatenated;
 * anything else is UCS-2 with 70 UTF-16 code units in one segment or 67 per segment. Carriers bill and rate-limit
 * per segment (Bandwidth messaging/rateLimits.mdx).
 */
export interface SegmentInfo {
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
}

const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM7_EXTENSION = new Set('^{}\\[~]|€\f');

/** Encoding and segment count of `text` (an empty text is one segment). */
export function countSegments(text: string): SegmentInfo {
  let septets = 0;
  for (const ch of text) {
    if (GSM7_BASIC.has(ch)) septets += 1;
    else if (GSM7_EXTENSION.has(ch)) septets += 2;
    else {
      const units = text.length;
      return { encoding: 'UCS-2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
    }
  }
  return { encoding: 'GSM-7', units: septets, segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
}
