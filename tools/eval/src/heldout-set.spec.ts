import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { evalDirCandidates, findEvalDir, FRESH_SET_V2, FRESH_SET_V3, FRESH_SET_V8, FRESH_SET_V9, HELDOUT_SET, heldOutFiles } from './heldout-set';
import { readLabelledFile } from './labelled-row';

const REPO_ROOT = resolve(__dirname, '../../..');
const INTENTS = ['book', 'reschedule', 'cancel', 'question', 'callback', 'emergency', 'wrong_number', 'spam', 'opt_out', 'other'];

describe('heldOutFiles', () => {
  it('lists the in-repo file as present and the external one as missing until it is rebuilt in the eval dir', () => {
    const evalDir = mkdtempSync(join(tmpdir(), 'heldout-'));
    writeFileSync(join(evalDir, 'dev.jsonl'), '');
    expect(findEvalDir(evalDirCandidates(REPO_ROOT, evalDir))).toBe(evalDir);
    const before = heldOutFiles(REPO_ROOT, evalDir);
    expect(before.present).toEqual([join(REPO_ROOT, 'tools/eval/data/heldout-v1.jsonl')]);
    expect(before.missing).toEqual(HELDOUT_SET.external.map((p) => join(evalDir, p.file)));
    mkdirSync(join(evalDir, 'heldout'));
    for (const p of HELDOUT_SET.external) writeFileSync(join(evalDir, p.file), '');
    expect(heldOutFiles(REPO_ROOT, evalDir).missing).toEqual([]);
    rmSync(evalDir, { recursive: true });
  });

  it('names the external file without an eval dir', () => {
    expect(heldOutFiles(REPO_ROOT, undefined).missing).toEqual(HELDOUT_SET.external.map((p) => `<eval dir>/${p.file}`));
  });
});

describe('heldout-v1 data', () => {
  it('has labelled rows with a source, licence and domain each, in the taxonomy, emergency intent iff emergency urgency', () => {
    const rows = readLabelledFile(join(REPO_ROOT, HELDOUT_SET.inRepo[0] ?? 'missing'));
    expect(rows.length).toBe(73);
    for (const r of rows) {
      expect(INTENTS).toContain(r.intent);
      expect(r.intent === 'emergency').toBe(r.urgency === 'emergency');
      expect(r).toMatchObject({ sourceRepo: 'xliuhw/NLU-Evaluation-Data', license: 'CC BY 4.0' });
      expect(r.domain).not.toBe('unknown');
    }
  });

  it.each([
    ['medspeech', 82, /^file_name=\d+_\d+_\d+\.wav$/],
    ['smishing', 17, /^row=\d+$/],
  ])('keeps only labels and ids, no text, for the %s rows', (name, count, idPattern) => {
    const part = HELDOUT_SET.external.find((p) => p.name === name);
    const lines = readFileSync(join(REPO_ROOT, part?.labels ?? 'missing'), 'utf8').split('\n').filter((l) => l.length > 0);
    expect(lines.length).toBe(count);
    for (const l of lines) {
      const o = JSON.parse(l) as { text?: unknown; source_record_id: string; license: string; domain: string; label: { intent: string; urgency: string } };
      expect(o.text).toBeUndefined();
      expect(o.source_record_id).toMatch(idPattern);
      expect(o.license.length).toBeGreaterThan(0);
      expect(INTENTS).toContain(o.label.intent);
      expect(o.label.intent === 'emergency').toBe(o.label.urgency === 'emergency');
    }
  });
});

describe('heldout-v2 data', () => {
  it('has in-repo rows only from permissively licensed sources, in the taxonomy, emergency intent iff emergency urgency', () => {
    const rows = readLabelledFile(join(REPO_ROOT, FRESH_SET_V2.inRepo[0] ?? 'missing'));
    expect(rows.length).toBe(175);
    for (const r of rows) {
      expect(INTENTS).toContain(r.intent);
      expect(r.intent === 'emergency').toBe(r.urgency === 'emergency');
      expect(['CC BY 4.0', 'MIT']).toContain(r.license);
      expect(['abachaa/MTS-Dialog', 'SaraPerezSoler/VetClinic']).toContain(r.sourceRepo);
    }
  });

  it('commits no text for the parts kept outside the repository', () => {
    for (const part of FRESH_SET_V2.external) {
      const lines = readFileSync(join(REPO_ROOT, part.labels), 'utf8').split('\n').filter((l) => l.trim());
      expect(lines.length).toBeGreaterThan(0);
      for (const l of lines) expect(JSON.parse(l)).not.toHaveProperty('text');
    }
  });
});

/** A committed label file's rows as stored (no loader): what is checked is what the repository holds. */
interface LabelDoc {
  text?: unknown;
  source_repo: string;
  source_record_id: string;
  label: { intent: string; urgency: string };
}

function readLabelDocs(labels: string): LabelDoc[] {
  return readFileSync(join(REPO_ROOT, labels), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as LabelDoc);
}

/** No text, one row per source record, intents in the taxonomy, emergency intent iff emergency urgency. */
function expectLabelsOnly(docs: readonly LabelDoc[]): void {
  expect(docs.length).toBeGreaterThan(0);
  expect(new Set(docs.map((d) => d.source_record_id)).size).toBe(docs.length);
  for (const d of docs) {
    expect(d).not.toHaveProperty('text');
    expect(INTENTS).toContain(d.label.intent);
    expect(d.label.intent === 'emergency').toBe(d.label.urgency === 'emergency');
  }
}

describe('heldout-v3 data', () => {
  it('commits labels without text, one row per source record, in the taxonomy, emergency intent iff emergency urgency', () => {
    for (const part of FRESH_SET_V3.external) expectLabelsOnly(readLabelDocs(part.labels));
  });
});

describe('heldout-v8 data', () => {
  it('commits labels without text for 59 rows of four sources, one row per source record, in the taxonomy', () => {
    for (const part of FRESH_SET_V8.external) {
      const docs = readLabelDocs(part.labels);
      expectLabelsOnly(docs);
      expect(docs.length).toBe(59);
      expect(new Set(docs.map((d) => d.source_repo)).size).toBe(4);
    }
  });
});

describe('heldout-v9 data', () => {
  it('commits labels without text for 222 rows of eight sources, one row per source record, in the taxonomy', () => {
    for (const part of FRESH_SET_V9.external) {
      const docs = readLabelDocs(part.labels);
      expectLabelsOnly(docs);
      expect(docs.length).toBe(222);
      expect(new Set(docs.map((d) => d.source_repo)).size).toBe(8);
    }
  });
});
