/**
 * Parses RFC 4180 CSV text: fields separated by commas, optionally in double quotes (a quoted field
 * may hold commas, line breaks and `""` for a quote); records end with LF or CRLF. Returns the
 * records as arrays of fields (the header included); a trailing line break adds no record.
 * @throws Error when a quoted field is not closed.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"' && field.length === 0) quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
    i++;
  }
  if (quoted) throw new Error('CSV: a quoted field is not closed');
  if (field.length > 0 || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/**
 * Joins the held-out labels of the medical-speech rows (tools/eval/data/heldout-v1-medspeech.labels.jsonl:
 * one JSON object per line with `source_record_id` = `file_name=<wav name>` and no `text`) with the
 * phrases of Figure Eight's `overview-of-recordings.csv` (columns `file_name`, `phrase`; the first
 * record of a file name wins), giving labelled JSONL lines with `text` first, in the labels' order.
 * @throws Error naming the label line whose file name is not in the CSV, or when a column is missing.
 */
export function joinMedspeechLabels(labelLines: readonly string[], csvText: string): string[] {
  const [header, ...records] = parseCsv(csvText);
  const fileCol = header?.indexOf('file_name') ?? -1;
  const phraseCol = header?.indexOf('phrase') ?? -1;
  if (fileCol < 0 || phraseCol < 0) throw new Error('CSV: columns file_name and phrase are required');
  const phrases = new Map<string, string>();
  for (const r of records) {
    const name = r[fileCol];
    const phrase = r[phraseCol];
    if (name !== undefined && phrase !== undefined && !phrases.has(name)) phrases.set(name, phrase.trim());
  }
  return labelLines
    .map((line, i) => ({ line, n: i + 1 }))
    .filter(({ line }) => line.trim().length > 0)
    .map(({ line, n }) => {
      const label = JSON.parse(line) as Record<string, unknown>;
      const id = typeof label.source_record_id === 'string' ? label.source_record_id.replace(/^file_name=/, '') : '';
      const text = phrases.get(id);
      if (text === undefined) throw new Error(`labels line ${n}: ${id || 'no source_record_id'} is not in the CSV`);
      return JSON.stringify({ text, ...label });
    });
}
