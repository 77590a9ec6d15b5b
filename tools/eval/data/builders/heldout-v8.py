# heldout-v8: the eighth fresh held-out collection (tools/eval/data/README.md, "heldout-v8").
#
# Sources (none used by ../shared/eval, heldout-v1..v7 or the intent model's corpus):
#   - ItsArupSaha/frontdesk_ai_agent at d216a494a8d76522ef9cbece4ee92db4f49dde5b (an AI front desk for home-service
#     trades: plumbing, HVAC, electrical): the caller strings of tests/test_emergency.py, test_agent.py, test_webhook.py,
#     test_booking_flow.py and test_collect_info_node.py (detect_emergency arguments, HumanMessage contents, user turns).
#     No licence file. Record id F<file tag><line>.
#   - ahmad19sep/VoiceLead at 85919c1546d3241bacfdb0ff7ed95e03fb0e8a4b (a voice receptionist for a dental clinic): the
#     English caller transcripts of tests/golden_calls/*_en_*.json and the English caller strings of tests/*.py
#     (detect_emergency arguments, transcript assignments, merge_ai_extraction and detect_language_code inputs).
#     No licence file. Record id V<file tag><line>.
#   - jamesdoherty987/AI_Receptionist-Trades at f80977d9992acb266af85f675f8bec478369fd1b (a voice receptionist for Irish
#     trades: builders, electricians, general jobs): the user turns ({"role": "user", "content": ...}) of
#     tests/test_cancel_override_intercept.py and tests/test_llm_booking_flow.py, and of tests/test_booking_flow.py at
#     38b2e04bf28353885a21d98d81da4be17c1ae0ab (removed later). No licence file. Record id J<file tag><line>.
#   - mustafashaheen1/legacy-prime-workflow-suite at 339c7160c067f62a80ae5f06474b9ef0ee9150d4 (a construction / remodelling
#     company's call assistant): the caller inputs of tests/call-assistance.test.ts (project-type, name and edge-case
#     inputs, the conversation-state user turns). No licence file. Record id L<line>.
# (SaraPerezSoler/VetClinic was looked at and left out: its rows are in heldout-v2.)
# No source states a licence: the repository holds record ids and labels only, in
# tools/eval/data/heldout-v8-mixed.labels.jsonl; the texts are rebuilt OUTSIDE it.
#
#   python3 heldout-v8.py label <frontdesk> <VoiceLead> <AI_Receptionist-Trades> <legacy-prime> (git dirs; label file, before any scoring run)
#   python3 heldout-v8.py build <frontdesk> <VoiceLead> <AI_Receptionist-Trades> <legacy-prime> [out]
#       default out <eval dir>/heldout/heldout-v8-mixed.jsonl
#
# Selection: every caller string of those files, first occurrence of each text (lower-cased, spaces collapsed); left out
# (SKIP): non-English strings (Urdu, Arabic, Roman Urdu), a test placeholder, texts equal to a text of heldout-v6/v7, and
# user turns that only answer the agent's question in the source's scripted conversation (a name, an eircode, an address,
# a bare day or time, yes/no: they mean nothing as a first text to a business). Labels by reading each text only,
# following ../shared/eval/README.md (the source's intent or expectation kept in original_intent_or_act_label_if_any).
import json, os, re, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from builder_io import check_coverage, write_label_or_build  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
LABEL_FILE = 'heldout-v8-mixed.labels.jsonl'
NO_LICENCE = 'not stated (no licence file in the repository); text kept outside the repository'
FD = {'repo': 'ItsArupSaha/frontdesk_ai_agent', 'commit': 'd216a494a8d76522ef9cbece4ee92db4f49dde5b', 'license': NO_LICENCE,
      'domain': 'handyman', 'kind': 'developer-written test caller line for a home-services AI front desk, read as a text to the business'}
VL = {'repo': 'ahmad19sep/VoiceLead', 'commit': '85919c1546d3241bacfdb0ff7ed95e03fb0e8a4b', 'license': NO_LICENCE,
      'domain': 'dentist', 'kind': 'developer-written test caller transcript for a dental clinic voice receptionist, read as a text to the clinic'}
JT = {'repo': 'jamesdoherty987/AI_Receptionist-Trades', 'commit': 'f80977d9992acb266af85f675f8bec478369fd1b', 'license': NO_LICENCE,
      'domain': 'handyman', 'kind': 'developer-written test caller turn for a trades voice receptionist, read as a text to the business'}
JT_OLD = '38b2e04bf28353885a21d98d81da4be17c1ae0ab'
LP = {'repo': 'mustafashaheen1/legacy-prime-workflow-suite', 'commit': '339c7160c067f62a80ae5f06474b9ef0ee9150d4', 'license': NO_LICENCE,
      'domain': 'handyman', 'kind': 'developer-written test caller input for a construction company call assistant, read as a text to the business'}
FD_FILES = {'E': 'tests/test_emergency.py', 'A': 'tests/test_agent.py', 'W': 'tests/test_webhook.py', 'B': 'tests/test_booking_flow.py',
            'C': 'tests/test_collect_info_node.py'}
VL_TESTS = {'E': 'tests/test_emergency.py', 'G': 'tests/test_golden_calls.py', 'A': 'tests/test_ai_analysis.py', 'R': 'tests/test_voice_runtime.py'}
JT_FILES = {'C': ('tests/test_cancel_override_intercept.py', None), 'L': ('tests/test_llm_booking_flow.py', None),
            'B': ('tests/test_booking_flow.py', JT_OLD)}
LP_FILE = 'tests/call-assistance.test.ts'

E, B, Q, O, C, R, X, OO = 'emergency', 'book', 'question', 'other', 'callback', 'reschedule', 'cancel', 'opt_out'

# Left out (see the header): a test placeholder ("some subtle emergency phrasing"); texts equal to a heldout-v6/v7 text
# (FA9 "Hello", FA61 "burst pipe"); user turns that only answer the agent's question (bare names, numbers, eircodes,
# addresses, days, times, budgets, timelines, yes/no) and one line spoken by the agent (L465).
SKIP = {'VA121', 'FA9', 'FA61', 'FC62', 'FC87', 'FC89',
        'JC165', 'JL56', 'JL58', 'JL60', 'JL103', 'JL105', 'JL155', 'JL244', 'JL293', 'JL295', 'JL363', 'JL365', 'JL403', 'JL405',
        'JB31', 'JB33', 'JB37', 'L189', 'L190', 'L191', 'L192', 'L203', 'L204', 'L205', 'L216', 'L217', 'L218', 'L219', 'L230',
        'L231', 'L232', 'L326', 'L382', 'L383', 'L384', 'L395', 'L396', 'L397', 'L465', 'L525', 'L537', 'L539', 'L540', 'L551',
        'L552', 'L553', 'L554'}

# record id -> (intent, note). Written before any scoring run, by reading each text only.
LABELS = {
    # frontdesk_ai_agent (home-service trades)
    'FE5': (E, 'burst pipe in the basement'), 'FE10': (E, 'gas smell in the kitchen'),
    'FE15': (B, 'no heat, no person at risk or temperature named; alt=emergency'), 'FE20': (E, 'outlet sparking (fire risk)'),
    'FE25': (E, 'burst pipe'), 'FE30': (B, 'a quote for a new sink; alt=question'), 'FA34': (E, 'burst pipe'), 'FA45': (B, ''),
    'FB122': (B, ''), 'FB161': (B, ''), 'FC39': (B, ''), 'FC60': (B, ''), 'FC85': (B, 'asks for a plumber'),
    'FC127': (B, 'a fault named'),
    # VoiceLead (dental clinic)
    'VJ01': (B, ''), 'VJ04': (E, 'chest pain, cannot breathe'), 'VJ07': (B, 'fillers'),
    'VJ08': (Q, 'asks medication advice for a toothache; alt=book'), 'VJ10': (Q, 'hours and whitening; alt=other'),
    'VE18': (E, 'chest pain, cannot breathe'), 'VE23': (E, 'chest pain (misspelt), help now'),
    'VE41': (E, 'the word urgent (Textback policy: always pages) on a cleaning; alt=book'),
    'VE69': (E, 'severe chest pain, help'), 'VE110': (B, ''), 'VG48': (Q, 'prices'), 'VG81': (B, ''), 'VA93': (Q, 'hours'),
    'VR41': (B, ''),
    # AI_Receptionist-Trades (Irish trades)
    'JC80': (R, ''), 'JC127': (X, ''), 'JC141': (X, ''), 'JC162': (X, ''), 'JC181': (R, ''), 'JC204': (R, ''),
    'JC252': (O, 'a past booking told, no request; alt=question'), 'JC266': (X, ''), 'JC268': (R, ''),
    'JL54': (B, 'a job named'), 'JB27': (B, ''), 'JB29': (O, 'self-introduction'),
    'JB35': (O, 'an injury, no danger now and no request; alt=emergency'),
    # legacy-prime-workflow-suite (construction and remodelling)
    'L289': (B, ''), 'L290': (B, ''), 'L291': (B, 'a job noun phrase'), 'L292': (B, ''), 'L293': (B, 'a job noun phrase'),
    'L294': (B, 'a job noun phrase'), 'L304': (B, ''), 'L312': (O, 'asks for help, no job named; alt=book'),
    'L322': (O, 'self-introduction'), 'L323': (O, 'self-introduction'), 'L324': (O, 'a name ("call me Mike"), not a callback request; alt=callback'),
    'L325': (O, 'self-introduction'), 'L336': (O, 'self-introduction with fillers'), 'L346': (B, 'a name and a job'),
    'L355': (O, 'self-introduction'), 'L460': (B, ''), 'L491': (B, 'several jobs, fillers'), 'L538': (B, 'a job noun phrase'),
}


def blob(git_dir, commit, path):
    return subprocess.run(['git', '--git-dir', git_dir, 'show', f'{commit}:{path}'], check=True, capture_output=True, text=True).stdout


def ls(git_dir, commit, under):
    out = subprocess.run(['git', '--git-dir', git_dir, 'ls-tree', '-r', '--name-only', commit, under], check=True, capture_output=True, text=True).stdout
    return sorted(out.split())


def english(text):
    return all(ord(ch) < 128 for ch in text) and not re.search(r'\b(mujhe|meri|mere|walid|ammi|chahiye|karein|alaikum|saans|nahi)\b', text, re.I)


def candidates(fd_git, vl_git, jt_git, lp_git):
    """Yields (record id, source, path, text, original label) in source order, first occurrence of each normalised text."""
    found = []
    for tag, path in FD_FILES.items():
        for n, line in enumerate(blob(fd_git, FD['commit'], path).splitlines(), 1):
            for m in re.finditer(r'(?:detect_emergency\(|HumanMessage\(content=|"role": "user", "content": )"([^"]+)"', line):
                found.append((f'F{tag}{n}', FD, path, m.group(1), 'test input'))
    for path in ls(vl_git, VL['commit'], 'tests/golden_calls'):
        if '_en_' in path and path.endswith('.json'):
            d = json.loads(blob(vl_git, VL['commit'], path))
            found.append((f"VJ{os.path.basename(path).split('_')[0]}", VL, path, d['transcript'], f"golden call {d['name']}: expect {json.dumps(d.get('expect', {}), sort_keys=True)}"))
    for tag, path in VL_TESTS.items():
        lines = blob(vl_git, VL['commit'], path).splitlines()
        for n, line in enumerate(lines, 1):
            m = re.search(r'(?:detect_emergency\(|transcript = |merge_ai_extraction\([^"]*|detect_language_code\()"([^"]+)"', line)
            if m and english(m.group(1)):
                found.append((f'V{tag}{n}', VL, path, m.group(1), 'test input'))
            if re.match(r'\s*transcript = \($', line):  # a transcript over several string lines is joined
                parts = []
                for nxt in lines[n:n + 6]:
                    mm = re.match(r'\s*"([^"]*)"\s*\)?\s*$', nxt)
                    if not mm:
                        break
                    parts.append(mm.group(1))
                if parts:
                    found.append((f'V{tag}{n}', VL, path, ''.join(parts), 'test transcript'))
    for tag, (path, commit) in JT_FILES.items():
        for n, line in enumerate(blob(jt_git, commit or JT['commit'], path).splitlines(), 1):
            for m in re.finditer(r'["\']role["\']: *["\']user["\'], *["\']content["\']: *"([^"]+)"', line):
                found.append((f'J{tag}{n}', JT, path, m.group(1), f'user turn{" (at " + commit[:8] + ")" if commit else ""}'))
    for n, line in enumerate(blob(lp_git, LP['commit'], LP_FILE).splitlines(), 1):
        m = (re.search(r"input: '((?:[^'\\]|\\.)+)'", line) or re.search(r"(?:const (?:input|longInput) = |extract\w+\()'((?:[^'\\]|\\.)+)'", line)
             or re.search(r"role: 'user' as const, content: '((?:[^'\\]|\\.)+)'", line) or re.search(r"^\s*content: '((?:[^'\\]|\\.)+)'", line))
        if m:
            found.append((f'L{n}', LP, LP_FILE, m.group(1).replace("\\'", "'"), 'test input'))
    seen = set()
    for rid, src, path, text, orig in found:
        key = re.sub(r'\s+', ' ', text.strip().lower())
        if key and key not in seen:
            seen.add(key)
            if rid not in SKIP:  # a skipped text's later repetitions are skipped too
                yield rid, src, path, text, orig


def rows(fd_git, vl_git, jt_git, lp_git, with_text):
    out = []
    for rid, src, path, text, orig in candidates(fd_git, vl_git, jt_git, lp_git):
        if rid not in LABELS:
            continue
        intent, note = LABELS[rid]
        row = {'text': text} if with_text else {}
        row.update({'source_repo': src['repo'], 'source_path': path, 'source_commit': src['commit'], 'license': src['license'],
                    'domain': src['domain'], 'original_intent_or_act_label_if_any': orig, 'sample_group': 'heldout_v8',
                    'source_record_id': rid, 'text_kind': src['kind'],
                    'label': {'intent': intent, 'urgency': 'emergency' if intent == E else ('none' if intent in (O, OO) else 'routine'),
                              'service': None, 'when': None, 'place': None, 'usable': True, 'note': note}})
        out.append(row)
    return out


def main(argv):
    if len(argv) >= 5 and argv[0] == 'list':
        for rid, src, path, text, orig in candidates(*argv[1:5]):
            print(rid, '|', orig[:60], '|', text)
        return
    if len(argv) < 5 or argv[0] not in ('label', 'build'):
        sys.exit('usage: heldout-v8.py label|build|list <git dir of ItsArupSaha/frontdesk_ai_agent> <git dir of ahmad19sep/VoiceLead> '
                 '<git dir of jamesdoherty987/AI_Receptionist-Trades> <git dir of mustafashaheen1/legacy-prime-workflow-suite> [out]')
    cmd, fd_git, vl_git, jt_git, lp_git = argv[:5]
    got = rows(fd_git, vl_git, jt_git, lp_git, cmd == 'build')
    check_coverage(LABELS, got, [rid for rid, *_ in candidates(fd_git, vl_git, jt_git, lp_git)])
    write_label_or_build(cmd, got, LABEL_FILE, argv[5] if len(argv) > 5 else None, 'heldout-v8-mixed.jsonl')


if __name__ == '__main__':
    main(sys.argv[1:])
