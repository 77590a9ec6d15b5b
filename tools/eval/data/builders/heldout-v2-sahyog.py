# Rebuilds the Sahyog part of heldout-v2 OUTSIDE the repository (the source repository states no licence, so only
# line numbers and labels are committed: tools/eval/data/heldout-v2-sahyog.labels.jsonl).
# usage: python3 heldout-v2-sahyog.py <git dir of a clone of nik9hil/Sahyog> [out.jsonl]
# default out: <eval dir>/heldout/heldout-v2-sahyog.jsonl, eval dir = $TEXTBACK_EVAL_DIR or the first of ../shared/eval,
# ../../shared/eval (relative to the repository root) holding dev.jsonl, as tools/eval/src/heldout-set.ts looks them up
import json, os, re, subprocess, sys
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
git_dir = sys.argv[1]
cands = [d for d in [os.environ.get('TEXTBACK_EVAL_DIR'), os.path.join(ROOT, '..', 'shared', 'eval'), os.path.join(ROOT, '..', '..', 'shared', 'eval')] if d]
eval_dir = next((d for d in cands if os.path.exists(os.path.join(d, 'dev.jsonl'))), None)
if len(sys.argv) <= 2 and eval_dir is None:
    sys.exit('no eval dir with dev.jsonl found; give out.jsonl')
out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(eval_dir, 'heldout', 'heldout-v2-sahyog.jsonl')
cache = {}
rows = []
for line in open(os.path.join(ROOT, 'tools', 'eval', 'data', 'heldout-v2-sahyog.labels.jsonl')):
    doc = json.loads(line)
    key = (doc['source_commit'], doc['source_path'])
    if key not in cache:
        cache[key] = subprocess.run(['git', '--git-dir', git_dir, 'show', f'{key[0]}:{key[1]}'], check=True, capture_output=True, text=True).stdout.split('\n')
    n = int(doc['source_record_id'].split('=')[1])
    raw = cache[key][n - 1]
    text = re.sub(r'\[([^\]]*)\]\([^)]*\)', r'\1', raw.lstrip('- ').strip())  # Rasa entity markup [x](y) -> x
    rows.append({'text': text, **doc})
os.makedirs(os.path.dirname(out), exist_ok=True)
with open(out, 'w') as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + '\n')
print(f'{len(rows)} rows -> {out}')
