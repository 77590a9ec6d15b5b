# heldout-v7: the seventh fresh held-out collection (tools/eval/data/README.md, "heldout-v7").
#
# Sources (neither states a licence, so the repository holds ONLY record ids and labels,
# tools/eval/data/heldout-v7-plumbing.labels.jsonl; the texts are rebuilt outside it, like heldout-v6):
#   - voturi/ava-ai-receptionist at 91aedf165e81c15fb8a8fbdece1d9547d1bdeaa7, "docs/Intent Mapping - Sheet1.csv": the
#     intent sheet of an Australian AI receptionist for plumbers; columns "Training Utterances" and "Common Phrases" of
#     its 12 workflows (emergency plumbing, blocked drains, leaks, hot water, fixtures, kitchen/laundry, renovation, gas
#     fitting, stormwater/roof, commercial/strata, maintenance, sustainable). Record id I<workflow><T|P><position>.
#   - chenzo0526/Afterhours at 5e18bd029cef881735cefd418c442680db5506ec: voice_agent/test_scenarios.md (the opening
#     caller line of each of the six after-hours plumbing intake scenarios, record id A<scenario>) and
#     voice_agent/tests/test_intent_detector.py (the test strings of the opt-out, transfer, affirmative, question and
#     entity tests, record id D<line>; read as replies to a business's text).
# Both are developer-written test or training utterances (short, many telegraphic), not texts from real callers.
#
#   python3 heldout-v7.py label <git dir of voturi/ava-ai-receptionist> <git dir of chenzo0526/Afterhours>
#       writes the committed label file from LABELS below (before any scoring run);
#   python3 heldout-v7.py build <git dir of voturi/ava-ai-receptionist> <git dir of chenzo0526/Afterhours> [out file]
#       rebuilds the labelled texts OUTSIDE the repository, default <eval dir>/heldout/heldout-v7-plumbing.jsonl.
#
# Selection: every utterance of those columns / lines, first occurrence of each text (lower-cased, spaces collapsed).
# Labels follow ../shared/eval/README.md and were given by reading each text only (the source's workflow or test intent is
# kept in original_intent_or_act_label_if_any):
#   - emergency: water flooding or pouring inside now, a burst pipe, a gas smell or suspected gas leak (gas utilities:
#     smell gas, act fast; ESFI/FEMA flooding safety: water and electricity), or the word "emergency" (Textback policy);
#     alt=book where the danger is not certain (an overflowing toilet, sewage coming up, a "major leak");
#   - near-misses kept non-emergency: no water at all, sewer smell, water that will not stop running, "this can't wait",
#     flooding in the yard, water running down walls in rain, gas installs and safety checks, "fire services plumbing";
#     notes carry alt=emergency where a second reading is plausible;
#   - book: a fault or a job named (most rows); question: an interrogative; callback: asks for a person or to be called;
#     opt_out: asks to stop contact; other: acknowledgements, self-descriptions, contact details, "building manager".
import csv, io, json, os, re, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from builder_io import check_coverage, write_label_or_build  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
LABEL_FILE = 'heldout-v7-plumbing.labels.jsonl'
LICENSE = 'not stated (no licence file in the repository); text kept outside the repository'
VOTURI = {'repo': 'voturi/ava-ai-receptionist', 'commit': '91aedf165e81c15fb8a8fbdece1d9547d1bdeaa7', 'path': 'docs/Intent Mapping - Sheet1.csv'}
AFTER = {'repo': 'chenzo0526/Afterhours', 'commit': '5e18bd029cef881735cefd418c442680db5506ec',
         'scenarios': 'voice_agent/test_scenarios.md', 'detector': 'voice_agent/tests/test_intent_detector.py'}

E, B, Q, O, C, R, X, OO = 'emergency', 'book', 'question', 'other', 'callback', 'reschedule', 'cancel', 'opt_out'

# record id -> (intent, note). Written before any scoring run, by reading each text only.
LABELS = {
    # workflow 1 (the source's "Emergency Plumbing")
    'I1T1': (E, 'house flooding'), 'I1T2': (E, 'burst pipe'), 'I1T3': (E, 'toilet overflowing everywhere; alt=book'),
    'I1T4': (E, 'sewage coming up inside; alt=book'), 'I1T5': (B, 'sewer gas smell, not fuel gas; alt=emergency'),
    'I1T6': (E, 'major leak now; alt=book'), 'I1T7': (E, 'pipe just burst'), 'I1T8': (B, 'water will not stop running; alt=emergency'),
    'I1T9': (B, 'no water at all; alt=emergency'), 'I1T10': (E, 'gas smell in the house'), 'I1T11': (E, 'everything flooded'),
    'I1T12': (E, 'water pouring out of a wall'), 'I1T13': (E, 'place filling with water'),
    'I1T14': (E, 'the word emergency (Textback policy)'), 'I1T15': (B, 'urgency with no hazard named; alt=emergency'),
    'I1P1': (E, 'water everywhere'), 'I1P2': (E, 'burst pipe'), 'I1P3': (B, 'toilet overflowing, no extent; alt=emergency'),
    'I1P4': (B, 'sewage smell; alt=emergency'), 'I1P5': (E, 'gas smell'), 'I1P6': (B, 'no water at all; alt=emergency'),
    'I1P7': (B, 'major leak, no time or place; alt=emergency'),
    # 2 blocked drains
    'I2T1': (B, ''), 'I2T2': (B, ''), 'I2T3': (B, ''), 'I2T4': (B, ''), 'I2T5': (B, ''), 'I2T6': (B, ''), 'I2T7': (B, ''),
    'I2T8': (B, ''), 'I2T9': (B, ''), 'I2T10': (B, ''), 'I2T11': (B, ''), 'I2T12': (B, ''), 'I2T13': (B, ''), 'I2T14': (B, ''),
    'I2T15': (B, ''), 'I2P1': (B, ''), 'I2P3': (B, ''), 'I2P4': (B, ''), 'I2P5': (B, ''), 'I2P6': (B, ''),
    # 3 leaks and pressure
    'I3T1': (B, ''), 'I3T2': (B, ''), 'I3T3': (B, ''), 'I3T4': (B, ''), 'I3T5': (B, ''), 'I3T6': (B, ''), 'I3T7': (B, ''),
    'I3T8': (B, ''), 'I3T9': (O, 'a complaint about a bill; alt=book'), 'I3T10': (B, ''), 'I3T11': (B, ''), 'I3T12': (B, ''),
    'I3T13': (B, ''), 'I3T14': (B, ''), 'I3T15': (B, ''), 'I3P1': (B, ''), 'I3P2': (B, ''), 'I3P3': (B, ''), 'I3P4': (B, ''),
    'I3P5': (B, ''), 'I3P6': (O, 'a complaint about a bill; alt=book'),
    # 4 hot water
    'I4T1': (B, ''), 'I4T2': (B, ''), 'I4T3': (B, ''), 'I4T4': (B, ''), 'I4T5': (B, ''), 'I4T6': (B, 'gas appliance fault, no smell'),
    'I4T7': (B, ''), 'I4T8': (B, ''), 'I4T9': (B, ''), 'I4T10': (B, ''), 'I4T11': (B, ''), 'I4T12': (B, ''), 'I4T13': (B, ''),
    'I4T14': (B, ''), 'I4P2': (B, ''), 'I4P4': (B, 'heater not working, no vulnerable person or temperature'), 'I4P5': (B, ''),
    # 5 toilet, bathroom, fixtures
    'I5T1': (B, ''), 'I5T2': (B, ''), 'I5T3': (B, ''), 'I5T4': (B, ''), 'I5T5': (B, ''), 'I5T6': (B, ''), 'I5T7': (B, ''),
    'I5T8': (B, ''), 'I5T9': (B, ''), 'I5T10': (B, ''), 'I5T11': (B, ''), 'I5T12': (B, ''), 'I5T13': (B, ''), 'I5T14': (B, ''),
    'I5T15': (B, ''), 'I5P2': (B, ''), 'I5P6': (B, ''),
    # 6 kitchen and laundry
    'I6T1': (B, ''), 'I6T2': (B, ''), 'I6T3': (B, ''), 'I6T4': (B, ''), 'I6T5': (B, ''), 'I6T6': (B, ''), 'I6T7': (B, ''),
    'I6T8': (B, ''), 'I6T9': (B, ''), 'I6T10': (B, ''), 'I6T11': (B, ''), 'I6T12': (B, ''), 'I6T13': (B, ''), 'I6T14': (B, ''),
    'I6T15': (B, ''), 'I6P3': (B, ''), 'I6P4': (B, ''), 'I6P5': (B, ''),
    # 7 renovation and new work
    'I7T1': (B, ''), 'I7T2': (B, 'alt=other'), 'I7T3': (B, ''), 'I7T4': (B, ''), 'I7T5': (B, ''), 'I7T6': (B, ''), 'I7T7': (B, ''),
    'I7T8': (B, 'a quote asked for; alt=question'), 'I7T9': (B, ''), 'I7T10': (O, 'a status with no request; alt=book'),
    'I7T11': (B, 'a quote asked for; alt=question'), 'I7T12': (B, 'alt=other'), 'I7T13': (B, ''), 'I7T14': (B, ''), 'I7T15': (B, ''),
    'I7P1': (B, ''), 'I7P2': (B, ''), 'I7P3': (B, ''), 'I7P4': (B, ''), 'I7P5': (B, ''),
    # 8 gas fitting (near-misses except the smell and the suspected leak)
    'I8T1': (B, 'gas install: near-miss'), 'I8T2': (B, ''), 'I8T3': (E, 'smell of gas'), 'I8T4': (B, 'gas install: near-miss'),
    'I8T5': (E, 'gas leak suspected'), 'I8T6': (B, ''), 'I8T7': (B, 'gas line repair, no smell or leak: near-miss; alt=emergency'),
    'I8T8': (B, ''), 'I8T9': (B, ''), 'I8T10': (B, ''), 'I8T11': (B, ''), 'I8T12': (B, ''), 'I8T13': (B, ''),
    'I8T14': (B, 'gas safety check: near-miss'), 'I8T15': (B, ''), 'I8P2': (B, ''), 'I8P4': (B, ''), 'I8P5': (B, 'alt=emergency'),
    # 9 stormwater, roof, outdoor
    'I9T1': (B, ''), 'I9T2': (B, ''), 'I9T3': (B, ''), 'I9T4': (B, ''), 'I9T5': (B, ''), 'I9T6': (B, ''), 'I9T7': (B, ''),
    'I9T8': (B, ''), 'I9T9': (B, ''), 'I9T10': (B, 'water running down walls; alt=emergency'), 'I9T11': (B, ''),
    'I9T12': (B, 'flooding outdoors, in the yard: near-miss; alt=emergency'), 'I9T13': (B, ''), 'I9T14': (B, ''), 'I9T15': (B, ''),
    'I9P2': (B, ''), 'I9P4': (B, ''), 'I9P5': (B, 'alt=question'),
    # 10 commercial and strata
    'I10T1': (B, ''), 'I10T2': (B, ''), 'I10T3': (O, 'introduces the caller, no request'), 'I10T4': (B, ''), 'I10T5': (B, ''),
    'I10T6': (B, 'fire-sprinkler plumbing, no fire: near-miss'), 'I10T7': (B, ''), 'I10T8': (B, ''), 'I10T9': (B, ''),
    'I10T10': (B, ''), 'I10T11': (B, ''), 'I10T12': (B, ''), 'I10T13': (B, ''), 'I10T14': (B, ''), 'I10T15': (B, ''),
    'I10P1': (B, ''), 'I10P2': (O, 'a role, no request'), 'I10P3': (O, 'a noun phrase, no request; alt=book'),
    'I10P5': (B, 'fire-sprinkler services, no fire: near-miss; alt=other'),
    # 11 maintenance and inspections
    'I11T1': (B, ''), 'I11T2': (B, ''), 'I11T3': (B, ''), 'I11T4': (B, ''), 'I11T5': (B, ''), 'I11T6': (B, ''), 'I11T7': (B, ''),
    'I11T8': (B, ''), 'I11T9': (B, ''), 'I11T10': (B, ''), 'I11T11': (B, ''), 'I11T12': (B, ''), 'I11T13': (B, ''), 'I11T14': (B, ''),
    'I11P1': (B, ''), 'I11P2': (B, ''), 'I11P4': (B, ''), 'I11P5': (B, ''),
    # 12 sustainable and smart
    'I12T1': (B, 'alt=question'), 'I12T2': (B, 'alt=question'), 'I12T3': (B, ''), 'I12T4': (B, 'alt=question'), 'I12T5': (B, ''),
    'I12T6': (B, ''), 'I12T7': (O, 'a wish with no job; alt=book'), 'I12T8': (B, 'alt=question'), 'I12T9': (B, 'alt=question'),
    'I12T10': (B, ''), 'I12T11': (B, 'alt=question'), 'I12T12': (B, 'alt=question'), 'I12T13': (B, 'alt=question'),
    'I12T14': (B, ''), 'I12T15': (B, ''),
    # Afterhours intake scenarios (opening caller lines)
    'A1': (E, 'flooding bathroom, pipe just burst'), 'A2': (B, 'clogged toilet, no overflow'),
    'A3': (B, 'sewer smell getting worse; alt=emergency'), 'A4': (B, 'no hot water'),
    'A5': (E, 'pipe burst, water spraying, help now'), 'A6': (E, 'smells gas, fears a leak'),
    # Afterhours intent-detector test strings (read as replies to a business's text)
    'D25': (OO, 'not interested; alt=other'), 'D26': (OO, ''), 'D27': (OO, ''), 'D28': (O, 'not now; alt=opt_out'),
    'D29': (O, 'busy; alt=opt_out'), 'D40': (C, 'asks for a person'), 'D41': (C, 'asks for a person'), 'D42': (C, 'asks for a person'),
    'D52': (O, ''), 'D53': (O, ''), 'D54': (O, ''), 'D55': (O, ''), 'D65': (Q, ''), 'D66': (Q, ''), 'D67': (Q, ''),
    'D77': (O, 'gives an email address'), 'D83': (C, 'asks to be called at a number'), 'D88': (O, 'self-description'),
    'D94': (O, 'self-description'), 'D107': (O, 'self-description'),
}


def blob(git_dir, commit, path):
    return subprocess.run(['git', '--git-dir', git_dir, 'show', f'{commit}:{path}'], check=True, capture_output=True, text=True).stdout


def candidates(voturi_git, after_git):
    """Yields (record id, source, path, text, original label) in source order, first occurrence of each normalised text."""
    found = []
    sheet = blob(voturi_git, VOTURI['commit'], VOTURI['path'])
    for r in csv.DictReader(io.StringIO(sheet)):
        for col, p in (('Training Utterances', 'T'), ('Common Phrases', 'P')):
            for i, x in enumerate((r[col] or '').split(';')):
                x = x.strip().strip('\u201c\u201d"').strip()
                if x:
                    found.append((f"I{r['Intent']}{p}{i + 1}", VOTURI, VOTURI['path'], x, f"workflow {r['Intent']} {r['Workflow']}: {col}"))
    scen = blob(after_git, AFTER['commit'], AFTER['scenarios']).splitlines()
    title = None
    for line in scen:
        m = re.match(r'## Scenario (\d+): (.*)', line)
        if m:
            title = m
            continue
        m2 = re.match(r'\*\*Caller\*\*: "(.*)"\s*$', line)
        if m2 and title is not None:
            found.append((f'A{title.group(1)}', AFTER, AFTER['scenarios'], m2.group(1), f'scenario: {title.group(2)}'))
            title = None
    for n, line in enumerate(blob(after_git, AFTER['commit'], AFTER['detector']).splitlines(), 1):
        m = re.match(r'\s*\("([^"]+)", Intent\.(\w+)\)', line) or re.match(r'\s*text = "([^"]+)"', line)
        if m:
            found.append((f'D{n}', AFTER, AFTER['detector'], m.group(1), f'test intent {m.group(2)}' if m.lastindex == 2 else 'entity test string'))
    seen = set()
    for rid, src, path, text, orig in found:
        key = re.sub(r'\s+', ' ', text.strip().lower())
        if key and key not in seen:
            seen.add(key)
            yield rid, src, path, text, orig


def rows(voturi_git, after_git, with_text):
    out = []
    for rid, src, path, text, orig in candidates(voturi_git, after_git):
        if rid not in LABELS:
            continue
        intent, note = LABELS[rid]
        row = {'text': text} if with_text else {}
        row.update({'source_repo': src['repo'], 'source_path': path, 'source_commit': src['commit'], 'license': LICENSE,
                    'domain': 'general_any_vertical' if rid.startswith('D') else 'plumbing',
                    'original_intent_or_act_label_if_any': orig, 'sample_group': 'heldout_v7', 'source_record_id': rid,
                    'text_kind': 'developer-written utterance for a plumbing AI receptionist, read as a text to a plumbing business'
                    if not rid.startswith('D') else 'developer-written test reply for a receptionist agent, read as a reply to a business\'s text',
                    'label': {'intent': intent, 'urgency': 'emergency' if intent == E else ('none' if intent in (O, OO) else 'routine'),
                              'service': None, 'when': None, 'place': None, 'usable': True, 'note': note}})
        out.append(row)
    return out



def main(argv):
    if len(argv) < 3 or argv[0] not in ('label', 'build'):
        sys.exit('usage: heldout-v7.py label|build <git dir of voturi/ava-ai-receptionist> <git dir of chenzo0526/Afterhours> [out]')
    cmd, voturi_git, after_git = argv[0], argv[1], argv[2]
    got = rows(voturi_git, after_git, cmd == 'build')
    check_coverage(LABELS, got, [rid for rid, *_ in candidates(voturi_git, after_git)])
    write_label_or_build(cmd, got, LABEL_FILE, argv[3] if len(argv) > 3 else None, 'heldout-v7-plumbing.jsonl')


if __name__ == '__main__':
    main(sys.argv[1:])
