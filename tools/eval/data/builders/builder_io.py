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
