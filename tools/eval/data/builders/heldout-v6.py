# heldout-v6: the sixth fresh held-out collection (tools/eval/data/README.md, "heldout-v6").
#
# Source: Magnat911/hvac-ai-receptionist at 293695d14990bf033ac4b4d71faa9a92d98193c0, the test suites of another
# missed-call / AI-receptionist project for HVAC contractors: hvac_test_comprehensive.py (CONVERSATION_SCENARIOS,
# EMERGENCY_CASES with the author's priority CRITICAL/HIGH/MEDIUM/LOW, TELNYX_CALL_SCENARIOS, GLITCH_TEST_CASES with
# deliberate false-positive near-misses), hvac_test.py and hvac_test_full.py (string arguments of analyze_emergency,
# process_message and check_prohibited). These are texts a caller sends to a heating and cooling contractor, written by
# that project's developer as test inputs (not texts from real callers).
#
# The repository states no licence, so (like heldout-v3's 911 rows) the repository here holds ONLY record ids and
# labels (tools/eval/data/heldout-v6-hvac.labels.jsonl); the texts are rebuilt outside it.
#
#   python3 heldout-v6.py label <git dir of Magnat911/hvac-ai-receptionist>
#       writes the committed label file from LABELS below (run once, 2026-12-05 11:33 UTC by the machine clock, before any scoring run);
#   python3 heldout-v6.py build <git dir of Magnat911/hvac-ai-receptionist> [out file]
#       rebuilds the labelled texts OUTSIDE the repository, default <eval dir>/heldout/heldout-v6-hvac.jsonl
#       (eval dir = $TEXTBACK_EVAL_DIR or the first of ../shared/eval, ../../shared/eval holding dev.jsonl).
#
# Selection: every message-like string of those lists and calls, first occurrence of each text (lower-cased, spaces
# collapsed); left out: empty/whitespace inputs, the 1000-character "x" string, fragments given to extract_temperature and
# detect_vulnerable (not messages), and the rows listed in SKIP. Labels follow ../shared/eval/README.md and were given by
# reading each text only (the author's category/priority is kept in original_intent_or_act_label_if_any):
#   - emergency: a danger to a person now: gas smell or leak, a carbon-monoxide alarm going off, flames, sparks, smoke;
#     no heat or no cooling with a vulnerable person named (infant, elderly, pregnant, disabled, on oxygen or medical
#     equipment, heart condition) or a dangerous indoor temperature stated (<= 50 F or >= 95 F): CDC winter-weather and
#     heat-and-health guidance; notes carry alt=book where the danger is not certain;
#   - book: a fault described or a visit/service asked for; question: an interrogative about price, hours, area,
#     service, an existing appointment or what to do; reschedule / cancel as stated; callback: asks for a person;
#     other: greetings, complaints, off-topic, noise. Near-misses (past, hypothetical, someone else's gas smell, a CO
#     detector's batteries) are never emergency.
import ast, json, os, re, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from builder_io import eval_dir, write_rows  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
DATA = os.path.join(ROOT, 'tools', 'eval', 'data')
SRC = {'repo': 'Magnat911/hvac-ai-receptionist', 'commit': '293695d14990bf033ac4b4d71faa9a92d98193c0',
       'license': 'not stated (no licence file in the repository); text kept outside the repository',
       'labels': 'heldout-v6-hvac.labels.jsonl'}
FILES = ['hvac_test_comprehensive.py', 'hvac_test_full.py', 'hvac_test.py']
CALLS = {'analyze_emergency', 'process_message', 'check_prohibited'}
TEXT_KIND = 'developer-written test message to an HVAC contractor\'s AI receptionist, read as a text to an HVAC business'

E, B, Q, O, C, R, X = 'emergency', 'book', 'question', 'other', 'callback', 'reschedule', 'cancel'

# record id -> (intent, note). Written before any scoring run.
LABELS = {
    # CONVERSATION_SCENARIOS (author's categories: scheduling, pricing, general, troubleshooting, appointment, edge)
    'S1': (B, ''), 'S2': (B, ''), 'S3': (B, ''), 'S4': (B, 'asks for openings; alt=question'), 'S5': (B, ''),
    'S6': (B, ''), 'S7': (B, ''), 'S8': (B, ''), 'S9': (B, ''), 'S10': (B, ''),
    'S11': (R, ''), 'S12': (B, 'asks for the earliest slot; alt=question'), 'S13': (B, ''), 'S14': (B, ''), 'S15': (B, ''),
    'S16': (B, ''), 'S17': (B, ''), 'S18': (B, ''), 'S19': (B, ''), 'S20': (B, ''),
    'S21': (Q, ''), 'S22': (Q, ''), 'S23': (Q, ''), 'S24': (Q, ''), 'S25': (Q, ''), 'S26': (Q, ''), 'S27': (Q, ''),
    'S28': (Q, ''), 'S29': (Q, ''), 'S30': (Q, ''), 'S31': (Q, ''), 'S32': (Q, ''),
    'S33': (Q, 'price of emergency service asked: near-miss for the false-emergency rate'), 'S34': (Q, ''), 'S35': (Q, ''),
    'S36': (Q, ''), 'S37': (Q, ''), 'S38': (Q, ''), 'S39': (Q, 'asks whether there is 24/7 emergency service: near-miss'),
    'S40': (Q, ''), 'S41': (Q, ''), 'S42': (Q, ''), 'S43': (Q, ''), 'S44': (Q, ''), 'S45': (Q, ''), 'S46': (Q, ''),
    'S47': (Q, 'alt=book'), 'S48': (Q, ''), 'S49': (Q, ''), 'S50': (Q, ''),
    'S51': (B, 'fault described'), 'S52': (B, 'fault described'), 'S53': (B, 'water from an indoor unit, no flood'),
    'S54': (B, 'fault described'), 'S55': (B, 'fault described'), 'S56': (B, 'unspecified smell from vents; alt=emergency'),
    'S57': (B, 'fault described'), 'S58': (B, 'fault described'), 'S59': (B, 'fault described'), 'S60': (B, 'alt=question'),
    'S61': (B, 'fault described'), 'S62': (B, 'fault described'), 'S63': (B, 'fault described'),
    'S64': (B, 'breaker trips, no sparks or smoke'), 'S65': (B, 'fault described'), 'S66': (B, 'fault described'),
    'S67': (B, 'pilot light goes out, no gas smell; alt=emergency'), 'S68': (B, 'fault described'), 'S69': (B, 'fault described'),
    'S70': (B, 'fault described'),
    'S71': (X, ''), 'S72': (R, ''), 'S73': (Q, ''), 'S74': (Q, ''), 'S75': (R, ''), 'S76': (Q, 'asks for a reminder call; alt=callback'),
    'S77': (R, ''), 'S78': (Q, 'adds an issue to a booked visit; alt=book'), 'S79': (Q, ''), 'S80': (Q, ''),
    'S83': (O, 'a single letter'), 'S84': (O, 'greeting'), 'S85': (C, 'asks for a person'), 'S86': (Q, 'asks whether the bot is a robot'),
    'S87': (O, 'off-topic'), 'S88': (O, 'off-topic'), 'S89': (O, 'off-topic'), 'S90': (Q, 'plumbing asked of an HVAC firm; alt=book'),
    'S91': (B, 'wrong trade asked for; alt=question'), 'S92': (O, 'says they speak Spanish'),
    'S93': (O, 'fire emojis only; alt=emergency'), 'S94': (O, 'punctuation only'), 'S95': (O, 'HELP in capitals with no hazard; alt=emergency'),
    'S96': (O, 'frustration'), 'S97': (O, 'complaint'), 'S99': (O, 'model number only; alt=book'), 'S100': (O, 'complaint; alt=callback'),
    # EMERGENCY_CASES
    'E1': (E, 'gas smell'), 'E2': (E, 'gas odour'), 'E3': (E, 'CO detector going off'), 'E4': (E, 'CO alarm and dizziness'),
    'E5': (E, 'suspected gas leak'), 'E6': (E, 'rotten-egg smell (gas)'), 'E7': (E, 'gas leak confirmed, help now'),
    'E8': (E, 'gas smell'), 'E9': (E, 'CO alarm'), 'E10': (E, 'gas smell and burning eyes'),
    'E11': (E, 'flames in the furnace'), 'E12': (E, 'electrical sparking'), 'E13': (E, 'smoke and burning smell'),
    'E14': (E, 'furnace on fire'), 'E15': (E, 'smoke from the AC unit'),
    'E16': (E, 'no heat, 42 F, elderly'), 'E17': (E, 'no heat, 38 F, baby'), 'E18': (E, 'no heat, 45 F, disabled person'),
    'E19': (E, 'no heat, 85-year-old cold'), 'E20': (E, '40 F inside, on oxygen'), 'E21': (E, 'no heat, 35 F, pregnant'),
    'E22': (E, 'no heat, 44 F, infant'), 'E23': (E, 'no heat, elderly with heart condition; alt=book'),
    'E24': (E, '48 F inside, 90-year-old; alt=book'), 'E25': (E, 'no heat, newborns'),
    'E26': (E, 'no AC, 102 F, baby'), 'E27': (E, 'no cooling, 99 F, elderly'), 'E28': (E, 'no AC, 98 F, pregnant'),
    'E29': (E, '100 F, elderly with dementia'), 'E30': (E, 'no AC, 95 F, infant'), 'E31': (E, 'no AC, 103 F, medical equipment'),
    'E32': (E, 'no AC, 97 F, sick child'), 'E33': (E, 'no cooling, 105 F, elderly'), 'E34': (E, 'no AC, 96 F, infant'),
    'E35': (E, 'no AC, 101 F, disabled'),
    'E36': (B, 'fault, no one named at risk'), 'E37': (B, ''), 'E38': (B, ''), 'E39': (B, ''), 'E40': (B, '60 F inside, not dangerous'),
    'E41': (B, ''), 'E42': (B, ''), 'E43': (B, ''), 'E44': (B, 'smell from vents with heat on; alt=emergency'), 'E45': (B, ''),
    'E46': (B, ''), 'E47': (Q, ''), 'E49': (Q, ''), 'E50': (B, 'asks for a quote; alt=question'),
    # TELNYX_CALL_SCENARIOS (texts not already above)
    'T3': (B, ''), 'T5': (X, ''), 'T8': (B, ''), 'T9': (B, ''), 'T10': (Q, ''), 'T11': (B, ''), 'T13': (B, ''),
    'T14': (Q, ''), 'T15': (B, ''), 'T16': (Q, ''), 'T17': (B, ''), 'T18': (Q, ''),
    'T21': (E, 'gas smell, capitals'), 'T22': (E, 'CO detector going off'), 'T23': (E, 'flames in the furnace'),
    'T24': (E, 'no heat, 42 F, baby'), 'T25': (E, 'no AC, 102 F, elderly'), 'T26': (E, 'gas smell'),
    'T27': (E, 'no heat, 38 F, newborn'), 'T28': (E, 'no AC, 99 F, pregnant'), 'T29': (E, 'CO alarm'),
    'T30': (E, 'sparking'), 'T31': (E, 'no heat, 45 F, disabled'), 'T32': (E, 'no AC, 100 F, medical equipment'),
    'T33': (E, 'gas odour'), 'T34': (E, 'smoke from the AC unit'), 'T35': (E, 'no cooling, 98 F, infant'),
    'T38': (Q, 'asks for DIY instructions'), 'T39': (Q, 'asks for DIY instructions'), 'T42': (O, 'HELP with no hazard; alt=emergency'),
    'T43': (O, 'frustration'), 'T46': (B, 'fault described'), 'T47': (B, 'alt=question'), 'T48': (B, ''), 'T49': (Q, ''),
    'T50': (B, ''),
    # GLITCH_TEST_CASES: noisy gas reports (emergency), false-positive near-misses, sentiment, "hallucination" questions
    'G1': (E, 'gas smell, stretched letters'), 'G2': (E, 'gas smell with [static]'), 'G3': (E, 'gas smell with fillers'),
    'G7': (E, 'gas smell with "lol"'), 'G8': (E, 'gas smell, hedged'), 'G9': (E, 'gas smell, stutter'), 'G10': (E, 'gas smell, telegraphic'),
    'G11': (O, 'past gas smell: near-miss'), 'G12': (O, 'neighbour smells gas: near-miss; alt=emergency'),
    'G13': (O, 'general worry: near-miss; alt=question'), 'G14': (Q, 'near-miss'), 'G15': (B, 'install a CO detector: near-miss'),
    'G16': (Q, 'near-miss'), 'G17': (O, 'CO detector batteries: near-miss; alt=question'), 'G18': (O, 'news story: near-miss'),
    'G19': (Q, 'near-miss'), 'G20': (Q, 'hypothetical: near-miss'),
    'G21': (O, 'complaint'), 'G22': (O, 'abuse'), 'G23': (O, 'distress with no hazard'), 'G24': (O, 'complaint; alt=callback'),
    'G25': (O, 'complaint'), 'G26': (O, 'complaint'), 'G27': (O, 'refund demand'), 'G28': (O, 'complaint'),
    'G29': (O, 'billing complaint'), 'G30': (O, 'praise'),
    'G31': (Q, ''), 'G32': (Q, ''), 'G33': (Q, ''), 'G34': (Q, ''), 'G35': (Q, ''), 'G36': (Q, ''), 'G37': (Q, ''),
    'G38': (Q, ''), 'G39': (Q, ''), 'G40': (Q, ''),
    # string arguments of the test calls (file:line)
    'hvac_test_comprehensive.py:740': (E, 'gas smell and dizziness'), 'hvac_test_comprehensive.py:777': (E, 'gas smell'),
    'hvac_test_full.py:663': (E, 'gas smell and dizziness'), 'hvac_test_full.py:673': (Q, 'asks for DIY instructions'),
    'hvac_test_full.py:240': (E, 'gas smell'), 'hvac_test_full.py:245': (E, 'CO detector and dizziness'),
    'hvac_test_full.py:252': (B, ''), 'hvac_test_full.py:259': (Q, 'asks for DIY instructions'), 'hvac_test_full.py:271': (Q, ''),
    'hvac_test_full.py:280': (B, 'alt=question'), 'hvac_test_full.py:624': (B, ''), 'hvac_test_full.py:626': (Q, ''),
    'hvac_test_full.py:644': (E, 'fire, smoke and house emojis with "help"; alt=other'),
    'hvac_test.py:55': (E, 'sparking from the furnace'), 'hvac_test.py:61': (E, 'no heat, 45 F, baby'),
    'hvac_test.py:70': (B, 'fault described'), 'hvac_test.py:77': (E, 'no AC, 100 F inside; alt=book'),
    'hvac_test.py:84': (E, 'no cooling, 88 F, elderly parent; alt=book'), 'hvac_test.py:90': (B, 'condensate water on the floor; alt=emergency'),
    'hvac_test.py:96': (B, ''), 'hvac_test.py:147': (Q, ''), 'hvac_test.py:156': (O, 'topic words only; alt=question'),
    'hvac_test.py:160': (Q, 'asks for DIY instructions'), 'hvac_test.py:164': (B, ''), 'hvac_test.py:168': (Q, ''),
    'hvac_test.py:298': (E, 'gas smell'), 'hvac_test.py:316': (O, 'help with no hazard; alt=emergency'),
    'hvac_test.py:588': (B, 'no heat and "freezing" with no one named; alt=emergency'), 'hvac_test.py:593': (B, 'alt=question'),
}
# Collected but left out: duplicates of dev/dev2 texts are checked at label time (none expected); these are not messages.
SKIP = {'S81', 'S82', 'S98'}
PREFIX = {'CONVERSATION_SCENARIOS': 'S'}


def blob(git_dir, path):
    return subprocess.run(['git', '--git-dir', git_dir, 'show', f"{SRC['commit']}:{path}"], check=True, capture_output=True, text=True).stdout


def candidates(git_dir):
    """Yields (record id, path, text, original label) in file order, first occurrence of each normalised text."""
    seen = set()
    for path in FILES:
        tree = ast.parse(blob(git_dir, path))
        found = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, (ast.List, ast.Tuple)) and isinstance(node.targets[0], ast.Name):
                for el in node.value.elts:
                    if not isinstance(el, ast.Dict):
                        continue
                    d = {k.value: v.value for k, v in zip(el.keys, el.values) if isinstance(k, ast.Constant) and isinstance(v, ast.Constant)}
                    if isinstance(d.get('text'), str) and d.get('id') is not None:
                        rid = f"{PREFIX.get(node.targets[0].id, '')}{d['id']}"
                        orig = ', '.join(f'{k}={d[k]}' for k in ('category', 'type', 'expected_type', 'expected_priority', 'priority') if k in d)
                        found.append((el.lineno, rid, d['text'], f'{node.targets[0].id}: {orig}'))
            if isinstance(node, ast.Call):
                fn = getattr(node.func, 'id', getattr(node.func, 'attr', None))
                if fn in CALLS and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                    found.append((node.lineno, f'{path}:{node.lineno}', node.args[0].value, f'test call {fn}'))
        for _, rid, text, orig in sorted(found):
            key = re.sub(r'\s+', ' ', text.strip().lower())
            if not key or rid in SKIP or key in seen:
                continue
            seen.add(key)
            yield rid, path, text, orig


def rows(git_dir, with_text):
    out = []
    for rid, path, text, orig in candidates(git_dir):
        if rid not in LABELS:
            continue
        intent, note = LABELS[rid]
        row = {'text': text} if with_text else {}
        row.update({'source_repo': SRC['repo'], 'source_path': path, 'source_commit': SRC['commit'], 'license': SRC['license'],
                    'domain': 'hvac', 'original_intent_or_act_label_if_any': orig, 'sample_group': 'heldout_v6',
                    'source_record_id': rid, 'text_kind': TEXT_KIND,
                    'label': {'intent': intent, 'urgency': 'emergency' if intent == E else ('none' if intent == O else 'routine'),
                              'service': None, 'when': None, 'place': None, 'usable': True, 'note': note}})
        out.append(row)
    return out



def main(argv):
    if len(argv) < 2 or argv[0] not in ('label', 'build'):
        sys.exit(__doc__ or 'usage: heldout-v6.py label|build <git dir of Magnat911/hvac-ai-receptionist> [out]')
    cmd, git_dir = argv[0], argv[1]
    if cmd == 'label':
        got = rows(git_dir, False)
        missing = set(LABELS) - {r['source_record_id'] for r in got}
        if missing:
            sys.exit(f'labels without a record: {sorted(missing)}')
        out = os.path.join(DATA, SRC['labels'])
    else:
        got = rows(git_dir, True)
        out = argv[2] if len(argv) > 2 else os.path.join(eval_dir(), 'heldout', 'heldout-v6-hvac.jsonl')
    write_rows(out, got)


if __name__ == '__main__':
    main(sys.argv[1:])
