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

/** How the rows of one external source are found in its CSV: the text column, and the key a label's id names. */
export interface ExternalCsvSpec {
  textColumn: string;
  /** `{ column }`: the label id is that column's value (first record wins); `row`: the 1-based data record number (header excluded). */
  key: { column: string } | 'row';
}

/**
 * Joins held-out labels kept without their text (one JSON object per line, `source_record_id` =
 * `<key>=<id>`, e.g. `file_name=1249120_..wav` or `row=271`) with the texts of the source CSV, giving
 * labelled JSONL lines with `text` first (trimmed), in the labels' order.
 * @throws Error naming the label line whose id is not in the CSV, or when a column is missing.
 */
export function joinLabelsWithCsv(labelLines: readonly string[], csvText: string, spec: ExternalCsvSpec): string[] {
  const [header, ...records] = parseCsv(csvText);
  const textCol = header?.indexOf(spec.textColumn) ?? -1;
  const keyCol = spec.key === 'row' ? -1 : (header?.indexOf(spec.key.column) ?? -1);
  if (textCol < 0 || (spec.key !== 'row' && keyCol < 0)) {
    throw new Error(`CSV: columns ${spec.key === 'row' ? '' : `${spec.key.column} and `}${spec.textColumn} are required`);
  }
  const texts = new Map<string, string>();
  records.forEach((r, i) => {
    const key = spec.key === 'row' ? String(i + 1) : r[keyCol];
    const text = r[textCol];
    if (key !== undefined && text !== undefined && !texts.has(key)) texts.set(key, text.trim());
  });
  return labelLines
    .map((line, i) => ({ line, n: i + 1 }))
    .filter(({ line }) => line.trim().length > 0)
    .map(({ line, n }) => {
      const label = JSON.parse(line) as Record<string, unknown>;
      const id = typeof label.source_record_id === 'string' ? label.source_record_id.replace(/^[^=]*=/, '') : '';
      const text = texts.get(id);
      if (text === undefined) throw new Error(`labels line ${n}: ${id || 'no source_record_id'} is not in the CSV`);
      return JSON.stringify({ text, ...label });
    });
}
