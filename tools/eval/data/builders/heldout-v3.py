# heldout-v3: the third fresh held-out collection (tools/eval/data/README.md, "heldout-v3").
# Neither source licenses its text for redistribution here (HINT3: ODbL 1.0 database / DbCL contents, share-alike for
# derived databases; the 911 utterances: no licence stated), so the repository holds ONLY record numbers and labels
# (tools/eval/data/heldout-v3-*.labels.jsonl). This script has two commands:
#
#   python3 heldout-v3.py label <hint3 git dir> <911 git dir>
#       writes the committed label files from the mapping rules below (run once, 2026-12-04, before any scoring);
#   python3 heldout-v3.py build <hint3 git dir> <911 git dir> [out dir]
#       rebuilds the labelled texts OUTSIDE the repository, default <eval dir>/heldout/heldout-v3-{hint3,911}.jsonl
#       (eval dir = $TEXTBACK_EVAL_DIR or the first of ../shared/eval, ../../shared/eval holding dev.jsonl).
#
# Sources (git dirs of snapshots of the public repositories):
#   hellohaptik/HINT3 at 99965c892ea9a6801a87083d3861b0b04c91a4e7, dataset/v2/test/sofmattress_test.csv: real user
#     queries to a mattress retailer's chat bot (Arora et al., "HINT3: Raising the bar for Intent Detection in the
#     Wild", Insights workshop, EMNLP 2020), labelled by the authors with the retailer's intents.
#   virajpwr/MSc.-thesis-and-code at dfec64aee301b260873dc550f9aad42692d867a0, Dataset/test.csv: manually transcribed
#     first utterances of 911 calls with a High/Medium/Low priority (Pawar, MSc thesis, National College of Ireland).
import csv, io, json, os, re, subprocess, sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
DATA = os.path.join(ROOT, 'tools', 'eval', 'data')
HINT3 = {'repo': 'hellohaptik/HINT3', 'commit': '99965c892ea9a6801a87083d3861b0b04c91a4e7', 'path': 'dataset/v2/test/sofmattress_test.csv',
         'license': 'ODbL 1.0 (database) / DbCL 1.0 (contents); text kept outside the repository', 'labels': 'heldout-v3-hint3.labels.jsonl'}
N911 = {'repo': 'virajpwr/MSc.-thesis-and-code', 'commit': 'dfec64aee301b260873dc550f9aad42692d867a0', 'path': 'Dataset/test.csv',
        'license': 'not stated (no licence file in the repository); text kept outside the repository', 'labels': 'heldout-v3-911.labels.jsonl'}


def records(git_dir, src):
    text = subprocess.run(['git', '--git-dir', git_dir, 'show', f"{src['commit']}:{src['path']}"], check=True, capture_output=True, text=True).stdout
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], rows[1:]


# ---- Label mapping, written before any scoring run (README "heldout-v3", "How rows were labelled") ----
INTERROGATIVE = re.compile(r"\?|^(what|whats|what's|which|when|where|who|why|how|is|are|can|could|do|does|did|will|would|should|may|r u|u have|any)\b", re.I)
WANT = re.compile(r"\b(i want|i wann|i need|want|need|looking for|i will go for|chahiye|chaiye)\b", re.I)
INFO = re.compile(r"\b(cost|price|prices|discount|details|emi|material|cod|cash)\b", re.I)
CALL = re.compile(r"\b(call|contact|agent|representative|person to answer)\b", re.I)
QUESTION_CLASSES = {'MATTRESS_COST', 'EMI', 'COD', 'CHECK_PINCODE', 'DISTRIBUTORS', 'COMPARISON', 'OFFERS', 'RETURN_EXCHANGE',
                    '100_NIGHT_TRIAL_OFFER', 'ABOUT_SOF_MATTRESS', 'ERGO_FEATURES', 'ORTHO_FEATURES', 'PRODUCT_VARIANTS',
                    'WHAT_SIZE_TO_ORDER', 'SIZE_CUSTOMIZATION', 'PILLOWS', 'WARRANTY', 'ORDER_STATUS', 'DELAY_IN_DELIVERY'}
WANTABLE = {'PRODUCT_VARIANTS', 'PILLOWS', 'SIZE_CUSTOMIZATION', 'ORTHO_FEATURES', 'ERGO_FEATURES', 'WHAT_SIZE_TO_ORDER', 'MATTRESS_COST', 'COD', 'EMI', 'OFFERS'}
# Rows read one by one where the rule above would misread them (record number -> (intent, note)).
HINT3_OVERRIDES = {
    4: ('cancel', 'wants to return the order; alt=question'),
    17: ('other', 'complaint about delivery area'),
    64: ('callback', 'asks for a person'),
    110: ('other', 'complaint; mentions calls'),
    129: ('question', 'asks about the franchise'),
    163: ('question', 'asks for information'),
    188: ('other', 'only question marks'), 207: ('other', 'only question marks'), 333: ('other', 'greeting'),
    200: ('callback', 'asks to be sent details on WhatsApp; alt=question'),
    208: ('other', 'the customer will call (not a callback request)'),
    257: ('other', 'abuse'),
    275: ('other', 'health remark to a mattress shop; alt=question'), 284: ('other', 'health remark to a mattress shop; alt=question'),
    146: ('book', 'Hindi: I want 8 inch; alt=question'), 378: ('book', 'Hindi: I want a 4x7 mattress; alt=question'),
    183: ('question', 'Hindi: is the facility available?'), 91: ('question', 'Hindi: is it available in Pakistan?'),
}


def hint3_label(n, text, cls):
    if n in HINT3_OVERRIDES:
        return HINT3_OVERRIDES[n]
    t = text.strip()
    if cls == 'CANCEL_ORDER':
        return 'cancel', ''
    if cls == 'LEAD_GEN':
        return ('callback', 'asks to be called') if CALL.search(t) else ('book', 'wants to buy')
    if cls in QUESTION_CLASSES:
        if cls in WANTABLE and WANT.search(t) and not INTERROGATIVE.search(t) and not INFO.search(t):
            return 'book', 'states what they want to buy; alt=question'
        note = 'order status enquiry; alt=other' if cls in ('ORDER_STATUS', 'DELAY_IN_DELIVERY') else ''
        if not INTERROGATIVE.search(t) and len(t.split()) <= 3:
            note = (note + '; ' if note else '') + 'fragment answering the bot; alt=other'
        return 'question', note
    # NO_NODES_DETECTED (the retailer's out-of-scope): a question when interrogative, else other
    if INTERROGATIVE.search(t) and re.search(r'[a-z]{2}', t, re.I):
        return 'question', 'out of the retailer\'s intents, interrogative'
    return 'other', 'out of the retailer\'s intents'


# 911 first utterances: record number -> (intent, note); intent emergency for danger to a person now (NHS/AHA/NFPA
# "call the emergency number" situations: shooting, stabbing, fire, not breathing, unconscious, choking, drowning,
# trapped, break-in in progress, missing child); "other" for reports of a past crime or a body with no one in danger.
E = 'emergency'
N911_LABELS = {n: (E, '') for n in range(1, 45)}
N911_LABELS.update({
    43: (E, 'taken at gunpoint, going to the police; alt=other'),
    45: ('other', 'arrest wanted, child missing for a month; alt=emergency'),
    46: (E, ''), 47: (E, 'animal bite; alt=book'), 48: (E, 'wrong-way driver'), 49: ('other', 'a skull found'),
    50: (E, 'a woman yelling; alt=other'), 51: (E, 'missing child'), 52: (E, 'missing child; alt=other'),
    53: (E, 'reports a double murder; alt=other'), 54: (E, ''), 55: (E, 'child screaming in a car; alt=other'), 56: (E, ''),
    57: ('other', 'a body found; alt=emergency'), 58: (E, 'choking'), 59: (E, ''), 60: (E, 'trapped by an animal'), 61: (E, ''),
    62: (E, 'heat exhaustion'), 63: (E, 'missing person; alt=other'), 64: (E, 'pet in danger'), 65: (E, ''), 66: (E, ''),
    67: ('other', 'a body found; alt=emergency'), 68: (E, 'overdose'), 69: (E, 'assault'),
    70: (E, 'child abandoned; alt=other'), 71: ('question', 'says it is not an emergency'), 72: (E, 'restrained; alt=other'),
    73: (E, 'trapped in a car wash; alt=book'), 74: (E, 'trapped'), 75: ('book', 'locked out: asks for someone to unlock the car'),
    76: (E, 'locked in a car; alt=book'), 77: ('other', 'complaint about an order'), 78: ('other', 'says it is not an emergency; complaint'),
    79: ('other', 'concern about others at a drive-through; alt=emergency'), 80: ('other', ''),
})


def label_doc(src, n, intent, note, domain, orig, kind):
    return {'source_repo': src['repo'], 'source_path': src['path'], 'source_commit': src['commit'], 'license': src['license'],
            'domain': domain, 'original_intent_or_act_label_if_any': orig, 'sample_group': 'heldout_v3',
            'source_record_id': f'row={n}', 'text_kind': kind,
            'label': {'intent': intent, 'urgency': 'emergency' if intent == 'emergency' else ('none' if intent == 'other' else 'routine'),
                      'service': None, 'when': None, 'place': None, 'usable': True, 'note': note}}


def label(hint3_dir, n911_dir):
    _, recs = records(hint3_dir, HINT3)
    seen, out = set(), []
    for n, r in enumerate(recs, 1):
        key = r[0].strip().lower()
        if not key or key in seen:
            continue  # exact duplicates are scored once
        seen.add(key)
        intent, note = hint3_label(n, r[0], r[1])
        out.append(label_doc(HINT3, n, intent, note, 'retail_store', f'intent={r[1]}', 'real user message to a mattress retailer\'s chat bot (HINT3 SOFMattress), read as a text to a business'))
    write(os.path.join(DATA, HINT3['labels']), out)
    _, recs = records(n911_dir, N911)
    seen, out = set(), []
    for n, r in enumerate(recs, 1):
        key = r[1].strip().lower()
        if key in seen:
            continue
        seen.add(key)
        intent, note = N911_LABELS[n]
        out.append(label_doc(N911, n, intent, note, 'general_any_vertical', f'priority={r[2]}', 'transcribed first utterance of a 911 call, read as a text to any business'))
    write(os.path.join(DATA, N911['labels']), out)


def build(hint3_dir, n911_dir, out_dir):
    for src, git_dir, col, name in ((HINT3, hint3_dir, 0, 'heldout-v3-hint3.jsonl'), (N911, n911_dir, 1, 'heldout-v3-911.jsonl')):
        _, recs = records(git_dir, src)
        rows = []
        for line in open(os.path.join(DATA, src['labels'])):
            doc = json.loads(line)
            n = int(doc['source_record_id'].split('=')[1])
            rows.append({'text': recs[n - 1][col].strip(), **doc})
        write(os.path.join(out_dir, name), rows)


def write(path, docs):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + '\n')
    print(f'{len(docs)} rows -> {path}')


if __name__ == '__main__':
    cmd = sys.argv[1] if len(sys.argv) > 1 else ''
    if cmd == 'label' and len(sys.argv) == 4:
        label(sys.argv[2], sys.argv[3])
    elif cmd == 'build' and len(sys.argv) in (4, 5):
        if len(sys.argv) == 5:
            out_dir = sys.argv[4]
        else:
            cands = [d for d in [os.environ.get('TEXTBACK_EVAL_DIR'), os.path.join(ROOT, '..', 'shared', 'eval'), os.path.join(ROOT, '..', '..', 'shared', 'eval')] if d]
            ev = next((d for d in cands if os.path.exists(os.path.join(d, 'dev.jsonl'))), None)
            if ev is None:
                sys.exit('no eval dir with dev.jsonl found; give out dir')
            out_dir = os.path.join(ev, 'heldout')
        build(sys.argv[2], sys.argv[3], out_dir)
    else:
        sys.exit('usage: heldout-v3.py label|build <HINT3 git dir> <911 git dir> [out dir]')
