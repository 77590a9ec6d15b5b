# Shared by the held-out builders that rebuild texts outside the repository (heldout-v6.py, heldout-v7.py, heldout-v8.py): where the
# eval directory is, and how a set of rows is written (JSON Lines, UTF-8, one row per line, keys in insertion order).
import json, os, sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))


def eval_dir():
    """The eval directory: $TEXTBACK_EVAL_DIR, else the first shared/eval beside the checkout or a parent holding dev.jsonl."""
    env = os.environ.get('TEXTBACK_EVAL_DIR')
    for d in ([env] if env else []) + [os.path.join(ROOT, '..', 'shared', 'eval'), os.path.join(ROOT, '..', '..', 'shared', 'eval'), os.path.join(ROOT, '..', '..', '..', 'shared', 'eval')]:
        if os.path.exists(os.path.join(d, 'dev.jsonl')):
            return d
    sys.exit('no eval dir (set TEXTBACK_EVAL_DIR)')


def write_rows(out, rows):
    """Writes `rows` to `out` (creating its directory) and prints the count."""
    os.makedirs(os.path.dirname(out) or '.', exist_ok=True)
    with open(out, 'w', encoding='utf-8') as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + '\n')
    print(f'{out}: {len(rows)} rows')


def check_coverage(labels, got, candidate_ids):
    """Exits when a label has no record in `got` (rows) or a candidate record id has no label: the table is the whole set."""
    missing = set(labels) - {r['source_record_id'] for r in got}
    if missing:
        sys.exit(f'labels without a record: {sorted(missing)}')
    unlabelled = [rid for rid in candidate_ids if rid not in labels]
    if unlabelled:
        sys.exit(f'records without a label: {unlabelled}')


def write_label_or_build(cmd, got, label_file, out_arg, built_name):
    """`label`: writes `got` to tools/eval/data/<label_file>; `build`: to `out_arg`, else <eval dir>/heldout/<built_name>."""
    if cmd == 'label':
        out = os.path.join(ROOT, 'tools', 'eval', 'data', label_file)
    else:
        out = out_arg or os.path.join(eval_dir(), 'heldout', built_name)
    write_rows(out, got)
