# heldout-v9: the ninth fresh held-out collection (tools/eval/data/README.md, "heldout-v9").
#
# Sources (none used by ../shared/eval, heldout-v1..v8 or the intent model's corpus):
#   - harshilkikani/AI_Receptionist at 87be52815a9c78d5c87cafd05fd2a9669121e5ce (a multi-tenant AI receptionist for septic,
#     HVAC and eleven other industries; MIT): the first caller turn of each case of evals/cases.jsonl, of each voice call and
#     SMS thread of the demo personas in src/demo_personas.py (HVAC, real estate, plumbing, roofing, construction, property
#     management, electrical, landscaping, restoration, med spa, legal intake) and src/demo_seed.py (septic), and the caller
#     speech passed to main._run_pipeline in tests/test_emergency_guard.py. Record id H<part>:<case or caller id>[:voice|sms]
#     or HG<line>.
#   - jackcarlos19/sms-chatbot at d9ee03d3fa68c4a7da859236cae22c79cf86e7e3 (an SMS appointment-booking bot for a service
#     business): the first inbound message of each of the 40 scenarios of scripts/evaluate_models.py, and the inbound
#     keywords of tests/test_compliance.py (STOP / START / HELP handling). No licence file. Record id J<scenario number>, JC<line>.
#   - kyoungd/nevermisscall at 36ad602b660543192dcb63167f6a930110826e29 (a missed-call text-back dispatch bot for plumbing,
#     HVAC, electrical and locksmith trades): the first **Customer:** reply of each scenario of
#     dispatch-bot-ai/conversation-only.md (the customer's answer to the text-back). No licence file. Record id K<line>.
#   - nickovasco1-ops/Trade-receptionist at b213116767590c24ca7606246b2e0a2870d28ca7 (a UK trades receptionist): the
#     caller texts given to detectEmergency / getEmergencyLevel in server/src/lib/emergency.test.ts. No licence file.
#     Record id T<line>.
#   - Vincenzo0228-bong/ai-read-processing at 02fc0635bd3958011748d4148fd294d0de05f3c7 (an inbound-lead triage exercise for
#     a cleaning and home-services business): the ten messages of sample-messages.md. No licence file. Record id V<n>.
#   - michael-wang0605/esto-work-trial at 2f2116cebc59630cee0f75c1d3405e4f831860c3 (a property manager's tenant SMS
#     assistant): the tenant test phrases of DEMO_SMS_SAFEGUARDS.md and the tenant "message" strings of
#     test_enhanced_tenant_prompt.py, test_maintenance_debug.py and test_messaging_system.py. No licence file.
#     Record id E<file tag><line>.
#   - BayshoreCommunication/chatbot_backend (a personal-injury law firm's website chat bot): the questions of
#     test_chatbot_responses.py at 5008cee6b7764d678273b830c0d58361fdd4159a and the first message of each demo of
#     test_accident_intake.py at 20f1b2c (full id below). No licence file. Record id B<file tag><line>.
#   - testvagrant/a2a-poc at d76fe58fb57f1f602339f5cec89ce8468e63a98d (an LLM-judge demo of a salon / spa / med spa
#     receptionist): the opening caller line of each mocked conversation quoted in ZENOTI_AI_RECEPTIONIST_DEMO_SUMMARY.md.
#     Record id Z<line>.
# Only harshilkikani/AI_Receptionist and testvagrant/a2a-poc state a licence; for one builder and one rule the repository
# holds record ids and labels only, in tools/eval/data/heldout-v9-mixed.labels.jsonl; the texts are rebuilt OUTSIDE it.
#
#   python3 heldout-v9.py list  <H> <J> <K> <T> <V> <E> <B> <Z>         (git dirs; prints every candidate with its id)
#   python3 heldout-v9.py label <H> <J> <K> <T> <V> <E> <B> <Z>         (label file, before any scoring run)
#   python3 heldout-v9.py build <H> <J> <K> <T> <V> <E> <B> <Z> [out]   default out <eval dir>/heldout/heldout-v9-mixed.jsonl
#
# Selection: every caller string of those places, first occurrence of each text (lower-cased, spaces collapsed); left out
# (SKIP): texts equal to a text of an earlier collection, empty strings, whitespace, and strings that are a test artefact
# rather than a message (listed below). Python sources are read with ast (never executed). Labels by reading each text only,
# following ../shared/eval/README.md (the source's intent, priority or expectation kept in original_intent_or_act_label_if_any).
import ast, json, os, re, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from builder_io import check_coverage, write_label_or_build  # noqa: E402

LABEL_FILE = 'heldout-v9-mixed.labels.jsonl'
NO_LICENCE = 'not stated (no licence file in the repository); text kept outside the repository'
MIT = 'MIT (LICENSE of the repository); text kept outside the repository like the other v9 rows'
H = {'repo': 'harshilkikani/AI_Receptionist', 'commit': '87be52815a9c78d5c87cafd05fd2a9669121e5ce', 'license': MIT,
     'kind': 'developer-written caller turn (eval case, demo persona or test) of a multi-industry AI receptionist, read as a text to the business'}
J = {'repo': 'jackcarlos19/sms-chatbot', 'commit': 'd9ee03d3fa68c4a7da859236cae22c79cf86e7e3', 'license': NO_LICENCE,
     'domain': 'general_appointment', 'kind': 'developer-written first inbound SMS of an evaluation scenario of an SMS booking bot'}
K = {'repo': 'kyoungd/nevermisscall', 'commit': '36ad602b660543192dcb63167f6a930110826e29', 'license': NO_LICENCE,
     'kind': "developer-written customer reply to a trade's missed-call text-back (design conversation)"}
T = {'repo': 'nickovasco1-ops/Trade-receptionist', 'commit': 'b213116767590c24ca7606246b2e0a2870d28ca7', 'license': NO_LICENCE,
     'domain': 'handyman', 'kind': "developer-written test caller text of a UK trades receptionist's emergency detector"}
V = {'repo': 'Vincenzo0228-bong/ai-read-processing', 'commit': '02fc0635bd3958011748d4148fd294d0de05f3c7', 'license': NO_LICENCE,
     'domain': 'handyman', 'kind': 'sample inbound message to a cleaning / home-services business (lead-triage exercise)'}
E = {'repo': 'michael-wang0605/esto-work-trial', 'commit': '2f2116cebc59630cee0f75c1d3405e4f831860c3', 'license': NO_LICENCE,
     'domain': 'property_management', 'kind': "developer-written tenant SMS test phrase of a property manager's assistant"}
B = {'repo': 'BayshoreCommunication/chatbot_backend', 'commit': '5008cee6b7764d678273b830c0d58361fdd4159a', 'license': NO_LICENCE,
     'domain': 'law_firm', 'kind': "developer-written test message to a personal-injury law firm's chat bot"}
B_INTAKE_COMMIT = '20f1b2c'  # resolved to its full id by git at build time (see B_FILES)
Z = {'repo': 'testvagrant/a2a-poc', 'commit': 'd76fe58fb57f1f602339f5cec89ce8468e63a98d', 'license': 'MIT (LICENSE of the repository); text kept outside the repository like the other v9 rows',
     'domain': 'salon', 'kind': 'developer-written opening caller line of a mocked salon / spa receptionist conversation'}

# Domains of the demo personas' industries (src/demo_personas.py `industry`, septic for src/demo_seed.py) and eval clients.
H_DOMAINS = {'hvac': 'hvac', 'ace_hvac': 'hvac', 'septic': 'handyman', 'septic_pro': 'handyman', 'plumbing': 'plumbing',
             'roofing': 'handyman', 'construction': 'handyman', 'electrical': 'electrical', 'landscaping': 'pest_control_lawn',
             'restoration': 'water_damage_restoration', 'property_management': 'property_management', 'med_spa': 'salon',
             'legal_intake': 'law_firm', 'real_estate': 'real_estate'}
K_DOMAINS = {1: 'plumbing', 2: 'hvac', 3: 'locksmith', 4: 'electrical', 5: 'plumbing', 6: 'plumbing', 7: 'plumbing', 8: 'plumbing',
             9: 'electrical', 11: 'handyman', 12: 'plumbing', 13: 'plumbing', 14: 'electrical', 15: 'plumbing'}
E_FILES = {'D': 'DEMO_SMS_SAFEGUARDS.md', 'P': 'test_enhanced_tenant_prompt.py', 'M': 'test_maintenance_debug.py', 'S': 'test_messaging_system.py'}
B_FILES = {'R': ('test_chatbot_responses.py', B['commit']), 'A': ('test_accident_intake.py', B_INTAKE_COMMIT)}

E_, B_, Q, O, C, R, X, OO, W, S = 'emergency', 'book', 'question', 'other', 'callback', 'reschedule', 'cancel', 'opt_out', 'wrong_number', 'spam'

# Left out (see the header): texts equal to a text of an earlier collection (J02 "Cancel my appointment" and J28 "Cancel
# appointment" are in heldout-v5, ED38a "Hello" in heldout-v6, JC7 " stop " in dev2) and a property manager's own query to the assistant, not a
# tenant's text (ES112 "Can you give me a summary of this property ...").
SKIP = {'J02', 'J28', 'ED38a', 'JC7', 'ES112'}

# record id -> (intent, note). Written before any scoring run, by reading each text only. Emergency follows the earlier
# collections: a danger to a person now (gas smell or leak, CO alarm sounding, fire, sparks, burning smell, electric shock,
# water flooding or pouring inside now, a burst pipe, a collapsed ceiling), no heat or cooling with a vulnerable person named
# or a dangerous indoor temperature stated, and the words "urgent" / "emergency" (Textback policy: they always page);
# `alt=book` where the danger is not certain (an overflowing toilet, sewage coming up: heldout-v7's reading). Near-misses
# kept non-emergency with `alt=emergency`: no heat, no power, a lockout, a ceiling leak, a frozen condensate pipe, a fire or
# burst pipe already dealt with.
LABELS = {
    # harshilkikani/AI_Receptionist: eval cases (HVAC, septic)
    'HE:s1_sched_new': (B_, 'a job named with a time preference ("before winter")'), 'HE:s2_sched_return': (B_, ''),
    'HE:e1_emerg_burst': (E_, 'water heater burst, water everywhere'), 'HE:e2_emerg_gas': (E_, 'gas smell'),
    'HE:e3_emerg_no_heat': (E_, 'no heat, 48 degrees indoors, a sick child'), 'HE:e4_emerg_flood': (E_, 'burst pipe, basement flooding'),
    'HE:q1_ac_install': (Q, 'price'), 'HE:q2_service_call': (Q, 'price'),
    'HE:f1_followup_part': (O, 'chases a part for an existing job, no request; alt=question'),
    'HE:g1_wrong_number': (W, ''), 'HE:g2_wrong_biz': (W, 'meant another business'),
    'HE:g3_hours': (Q, 'hours'), 'HE:g4_directions': (Q, 'location'), 'HE:q3_price_shopper': (Q, 'price, says not ready to book'),
    'HE:g5_spam_seo': (S, 'SEO sales pitch'), 'HE:g6_spam_warranty': (S, 'extended-warranty robocall line'),
    'HE:s3_rambler': (B_, 'a fault described at length (furnace clicking)'), 'HE:g7_ambiguous': (O, 'no job named; alt=book'),
    'HE:f2_irate': (O, 'complaint about a missed visit, no request; alt=reschedule'),
    'HE:s4_new_lead': (B_, 'a job with a time preference ("this week")'),
    'HE:sep1_overflow': (E_, 'toilets backing up, sewage in the basement; alt=book'),
    'HE:sep2_pumping_schedule': (B_, ''), 'HE:sep3_quote': (Q, 'price'),
    'HE:sep4_drain_field': (B_, 'soggy drain field and smell outside, no danger now; alt=emergency'), 'HE:sep5_new_customer': (B_, 'inspection'),
    # harshilkikani/AI_Receptionist: emergency-guard test speech (HVAC)
    'HG58': (B_, 'AC out, house getting hot, no one at risk or temperature named; alt=emergency'),
    'HG73': (E_, 'gas smell'), 'HG88': (B_, ''), 'HG102': (B_, 'no heat, "freezing in here" (no temperature or person at risk); alt=emergency'),
    'HG116': (B_, 'water leaking from the ceiling; alt=emergency'), 'HG130': (E_, 'basement flooding now'), 'HG147': (B_, 'a fault noun phrase'),
    # harshilkikani/AI_Receptionist: septic demo seed
    'HS:marcus:voice': (E_, 'toilets backing up, sewage coming up in the basement; alt=book'),
    'HS:sarah:voice': (B_, ''), 'HS:diane:voice': (Q, 'price'),
    'HS:ron:sms': (C, 'asks to be called, with a time ("tomorrow")'), 'HS:stranger:sms': (W, 'asks for a person by a name the business does not have; alt=other'),
    'HS:linda:voice': (B_, 'a quote for a job; alt=question'),
    # harshilkikani/AI_Receptionist: demo personas of eleven industries
    'HP:hvac_marcus:voice': (E_, 'AC out, 87 F indoors, a baby; alt=book'), 'HP:hvac_wendy:voice': (B_, 'time preference ("before it gets cold")'),
    'HP:hvac_henry:voice': (Q, 'price'), 'HP:hvac_carla:voice': (B_, 'a fault described'), 'HP:hvac_robert:sms': (B_, ''),
    'HP:re_caleb:voice': (Q, 'listing availability'), 'HP:re_priya:voice': (Q, 'asks for a document'),
    'HP:re_daniel:voice': (Q, 'commission'), 'HP:re_sienna:voice': (Q, 'price negotiation'),
    'HP:re_jordan:voice': (O, "lockbox stuck at a showing: the source's business emergency, no danger to a person; alt=emergency"),
    'HP:re_emily:voice': (Q, 'listing availability'),
    'HP:plumb_anita:voice': (E_, 'burst pipe, water everywhere'), 'HP:plumb_tony:voice': (B_, 'a fault and a price question; alt=question'),
    'HP:plumb_megan:voice': (B_, ''), 'HP:plumb_pete:sms': (Q, 'price of a job; alt=book'),
    'HP:roof_brad:voice': (B_, 'roof leak into a bedroom now, no danger named; alt=emergency'),
    'HP:roof_kim:voice': (B_, 'inspection for an insurance claim'), 'HP:roof_owen:voice': (Q, 'price of a job; alt=book'),
    'HP:roof_lisa:voice': (B_, 'inspection'),
    'HP:constr_paul:voice': (Q, 'price of a job; alt=book'), 'HP:constr_julia:voice': (Q, 'how to start a job; alt=book'),
    'HP:constr_dave:voice': (Q, 'duration'), 'HP:constr_amy:sms': (Q, 'permits'),
    'HP:pm_jasmine:voice': (E_, 'heat out with a baby (vulnerable person named); alt=book'),
    'HP:pm_alex:voice': (Q, 'unit availability'), 'HP:pm_brian:voice': (B_, 'tenant lockout, no danger named; alt=emergency'),
    'HP:pm_renee:sms': (Q, 'status of an application'),
    'HP:elec_mark:voice': (B_, 'half the house without power, no danger named; alt=emergency'),
    'HP:elec_nina:voice': (E_, 'outlet sparking, burning smell'), 'HP:elec_steve:voice': (Q, 'price'), 'HP:elec_kate:voice': (B_, ''),
    'HP:land_helen:voice': (B_, 'recurring service'),
    'HP:land_chris:voice': (B_, 'tree across the driveway, cannot drive out, no one hurt; alt=emergency'), 'HP:land_aisha:sms': (B_, ''),
    'HP:rest_jacob:voice': (E_, 'basement filling with water now'),
    'HP:rest_naomi:voice': (B_, 'burst pipe already fixed, water damage left; alt=emergency'),
    'HP:rest_louis:voice': (B_, 'small fire already put out, smoke smell left; alt=emergency'),
    'HP:spa_olivia:voice': (B_, 'consultation'), 'HP:spa_yara:voice': (Q, 'price'),
    'HP:spa_chen:sms': (R, 'moves an existing appointment ("Thursday")'),
    'HP:law_anita:voice': (C, 'asks to talk to someone; alt=book'), 'HP:law_mike:voice': (B_, 'a matter named, wants a lawyer'),
    'HP:law_renata:voice': (B_, 'eviction with a court date in 6 days: a legal deadline, no danger to a person; alt=emergency'),
    # jackcarlos19/sms-chatbot (any appointment business)
    'J01': (B_, ''), 'J03': (R, ''), 'J04': (Q, 'price'), 'J05': (B_, 'a slot number as a first text; alt=other'), 'J06': (B_, 'heavy typos'),
    'J07': (X, 'cancel with a complaint'), 'J08': (B_, ''), 'J09': (B_, '[lang=es] "I want an appointment"'),
    'J10': (B_, 'emoji for an appointment; alt=other'), 'J11': (B_, 'time preference ("sometime soon")'), 'J12': (B_, 'one word'),
    'J13': (B_, ''), 'J16': (B_, 'price question and booking; alt=question'), 'J19': (O, 'thanks'),
    'J20': (B_, 'all caps "right now", no hazard named'), 'J21': (B_, ''), 'J22': (O, 'greeting'),
    'J26': (B_, 'a date ("the 23rd")'), 'J27': (O, 'off-topic request to a bot'), 'J30': (O, 'gibberish'),
    'J31': (B_, '[lang=fr] "I would like to make an appointment"'), 'J32': (X, 'typo of "cancel"; alt=other'), 'J33': (R, 'one word'),
    'J35': (C, 'asks for a real person'), 'J37': (B_, 'profanity with a booking request'),
    'J38': (X, 'cannot make an existing appointment; alt=reschedule'), 'J39': (O, 'a bare question mark'),
    'JC8': (OO, 'SMS opt-out keyword'), 'JC12': (O, 'SMS opt-in keyword'), 'JC13': (O, 'a bare yes'),
    'JC17': (O, 'SMS HELP keyword, no need named; alt=question'), 'JC18': (Q, 'SMS INFO keyword; alt=other'),
    # kyoungd/nevermisscall (replies to a trade's missed-call text-back)
    'K11': (E_, 'water heater burst in the basement'), 'K27': (B_, ''),
    'K46': (B_, 'house lockout, no one at risk named; alt=emergency'),
    'K68': (B_, 'power out in half the house, breaker will not reset; alt=emergency'),
    'K94': (O, 'no job named, "help!"; alt=book'), 'K114': (E_, 'toilet overflowing now; alt=book'),
    'K146': (B_, ''), 'K162': (B_, ''), 'K187': (B_, ''), 'K223': (B_, ''), 'K241': (B_, 'two jobs'),
    'K257': (B_, 'broken pipe, no water damage or danger described; alt=emergency'),
    'K279': (E_, 'outlet sparking, burning smell'), 'K297': (B_, 'repeat fault'),
    # nickovasco1-ops/Trade-receptionist (UK trades)
    'T31': (E_, 'gas leak'), 'T35': (E_, 'gas smell'), 'T39': (E_, 'CO alarm going off'), 'T43': (E_, 'flooding inside now'),
    'T47': (E_, 'burst pipe'), 'T51': (B_, 'no heating, no one at risk or temperature named; alt=emergency'),
    'T55': (E_, 'a child got an electric shock from a socket (live fault); alt=book'), 'T59': (E_, 'electrocution'),
    'T63': (B_, 'no power in the house, no danger named; alt=emergency'), 'T68': (B_, 'annual service'),
    'T72': (B_, 'a quote for a job; alt=question'), 'T81': (E_, 'gas leak'), 'T82': (E_, 'flooding inside now'),
    'T87': (B_, 'frozen condensate pipe (boiler stops), no danger named; alt=emergency'), 'T95': (B_, 'frozen condensate pipe; alt=emergency'),
    'T100': (E_, 'gas leak'), 'T102': (B_, 'frozen condensate pipe; alt=emergency'),
    'T111': (E_, 'gas leak'), 'T115': (E_, 'gas smell'), 'T119': (E_, 'CO alarm sounding'), 'T123': (E_, 'electrical fire'),
    'T127': (E_, 'house fire'), 'T131': (E_, 'ceiling collapsed'), 'T136': (E_, 'flooding inside now'), 'T140': (E_, 'burst pipe, water gushing'),
    'T144': (B_, 'total blackout, no danger named; alt=emergency'), 'T148': (B_, 'power cut an hour ago; alt=emergency'),
    'T152': (E_, 'sparks from a socket'), 'T156': (E_, 'a person got an electric shock from a switch (live fault); alt=book'),
    'T160': (B_, 'no heating, "freezing" (no temperature or person at risk); alt=emergency'),
    'T165': (B_, ''), 'T169': (B_, ''), 'T173': (B_, ''), 'T177': (B_, ''), 'T181': (E_, 'toilet overflowing now; alt=book'),
    'T185': (B_, 'leak under kitchen units; alt=emergency'), 'T194': (B_, 'a quote for a job; alt=question'),
    'T203': (E_, 'gas leak and flooding'), 'T207': (E_, 'burst pipe'), 'T212': (E_, 'gas leak'), 'T213': (E_, 'burst pipe'),
    'T214': (B_, 'a fault noun phrase'),
    # Vincenzo0228-bong/ai-read-processing (cleaning / home services)
    'V1': (Q, 'price of a recurring service; alt=book'),
    'V2': (E_, 'the word urgent (Textback policy: always pages) on a plumbing job with a day ("this Friday"); alt=book'),
    'V3': (Q, 'price of an add-on to an existing booking; alt=book'), 'V4': (R, 'from Monday to Wednesday'),
    'V5': (O, 'complaint about a missed visit; alt=callback'), 'V6': (O, 'billing complaint, asks someone to look into it; alt=callback'),
    'V7': (S, 'marketing spam'), 'V8': (S, 'phishing for bank details'), 'V9': (Q, ''), 'V10': (Q, ''),
    # michael-wang0605/esto-work-trial (tenant texts to a property manager)
    'ED32': (Q, 'rent due date'), 'ED38b': (O, 'greeting'), 'ED42': (Q, ''), 'ED46': (Q, 'paying rent'),
    'ED49a': (O, 'thanks'), 'ED49b': (O, 'thanks'), 'ED53': (B_, 'maintenance request'), 'ED58': (B_, 'maintenance request'),
    'ED62': (B_, 'maintenance request'), 'ED67a': (O, 'problem solved'), 'ED67b': (O, 'problem solved'),
    'ED131': (B_, 'maintenance request'), 'ED142': (O, 'thanks'), 'EP20': (B_, 'maintenance request'),
    'EP34': (B_, 'clogged sink backing up'), 'EP48': (B_, 'ceiling leak getting worse, no danger named; alt=emergency'),
    'EP62': (Q, 'pet policy'),
    'EM36': (E_, 'the word urgent and water leaking everywhere'), 'ES22': (E_, 'the word urgent and a toilet overflowing, water everywhere'),
    'ES36': (E_, 'toilet still overflowing now, asks when someone comes; alt=question'),
    'ES49': (X, 'asks to close the open requests, fixed it; alt=other'),
    # BayshoreCommunication/chatbot_backend (personal-injury law firm)
    'BR21': (Q, 'practice area'), 'BR22': (Q, 'practice area'), 'BR23': (Q, 'practice area'), 'BR24': (Q, 'fees'),
    'BR25': (Q, 'consultations'), 'BR26': (Q, ''), 'BR27': (Q, ''), 'BR28': (Q, 'existing client contact'), 'BR29': (Q, ''),
    'BR30': (Q, 'jurisdiction'), 'BR31': (Q, 'jurisdiction'), 'BR32': (Q, 'advice with no matter named; alt=other'), 'BR33': (Q, ''),
    'BA21': (B_, 'a matter named (car accident), implied consultation; alt=other'),
    'BA55': (B_, 'a matter named (hit-and-run), no injury or danger now; alt=other'),
    'BA89': (B_, 'a matter named; alt=question'), 'BA119': (B_, 'a matter named'), 'BA149': (B_, 'a matter named, soreness, no danger now'),
    'BA183': (B_, 'a matter named (uninsured driver); alt=other'),
    # testvagrant/a2a-poc (salon, spa, med spa)
    'Z36': (B_, ''), 'Z51': (Q, 'treatments offered; alt=book'), 'Z63': (B_, 'group booking'),
}


def git(git_dir, *args):
    return subprocess.run(['git', '--git-dir', git_dir, *args], check=True, capture_output=True, text=True).stdout


def blob(git_dir, commit, path):
    return git(git_dir, 'show', f'{commit}:{path}')


def data_of(node):
    """The literal data of an ast node: constants, lists, tuples and dicts with constant keys; anything else (an
    arithmetic expression such as `6 * 60`, a name) becomes None. Never executes the source."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, (ast.List, ast.Tuple)):
        return [data_of(e) for e in node.elts]
    if isinstance(node, ast.Dict):
        return {data_of(k): data_of(v) for k, v in zip(node.keys, node.values) if isinstance(k, ast.Constant)}
    return None


def literal_assignments(source):
    """Yields (name, data) for module-level `NAME = ...` / `NAME: T = ...` assignments (ast, never executed; see data_of)."""
    for node in ast.parse(source).body:
        target = node.targets[0] if isinstance(node, ast.Assign) else (node.target if isinstance(node, ast.AnnAssign) else None)
        if isinstance(target, ast.Name) and node.value is not None:
            yield target.id, data_of(node.value)


def first_user(turns):
    for turn in turns or []:
        role, text = (turn + [None, None])[:2] if isinstance(turn, list) else (None, None)
        if role == 'user' and isinstance(text, str):
            return text
    return None


def candidates(h_git, j_git, k_git, t_git, v_git, e_git, b_git, z_git):
    """Yields (record id, source, path, text, original label, domain) in source order, first occurrence of each normalised text."""
    found = []
    # harshilkikani/AI_Receptionist
    for line in blob(h_git, H['commit'], 'evals/cases.jsonl').splitlines():
        if line.strip():
            d = json.loads(line)
            users = [t['text'] for t in d['turns'] if t['role'] == 'user']
            found.append((f"HE:{d['id']}", H, 'evals/cases.jsonl', users[0],
                          f"eval case: expected_intent {d.get('expected_intent')}, expected_priority {d.get('expected_priority')}", H_DOMAINS[d['client_id']]))
    for path, default_industry in (('src/demo_seed.py', 'septic'), ('src/demo_personas.py', None)):
        for name, value in literal_assignments(blob(h_git, H['commit'], path)):
            if not (name.startswith('_') and isinstance(value, list)):
                continue
            for p in value:
                if not isinstance(p, dict):
                    continue
                industry = p.get('industry', default_industry)
                for channel in ('voice', 'sms'):
                    conv = p.get(channel)
                    if conv and first_user(conv.get('turns', [])):
                        orig = f"demo persona {p.get('caller_id')} ({industry}, {channel})"
                        if channel == 'voice':
                            orig += f": outcome {conv.get('outcome')}, emergency {conv.get('emergency')}"
                        found.append((f"H{'S' if path.endswith('seed.py') else 'P'}:{p.get('caller_id') or p.get('phone')}:{channel}", H, path,
                                      first_user(conv['turns']), orig, H_DOMAINS[industry]))
    src = blob(h_git, H['commit'], 'tests/test_emergency_guard.py')
    for node in ast.walk(ast.parse(src)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == '_run_pipeline'
                and len(node.args) > 1 and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str)):
            found.append((f'HG{node.args[1].lineno}', H, 'tests/test_emergency_guard.py', node.args[1].value, 'emergency-guard test caller speech', 'hvac'))
    # jackcarlos19/sms-chatbot
    for name, value in literal_assignments(blob(j_git, J['commit'], 'scripts/evaluate_models.py')):
        if name == 'SCENARIOS':
            for sc in value:
                found.append((f"J{sc['id'].split('_')[0]}", J, 'scripts/evaluate_models.py', sc['messages'][0],
                              f"scenario {sc['id']}: {sc['description']}", J['domain']))
    for n, line in enumerate(blob(j_git, J['commit'], 'tests/test_compliance.py').splitlines(), 1):
        m = re.search(r'is_compliance_keyword\("([^"]*)"\) == \(True, "(\w+)"\)', line)
        if m:
            found.append((f'JC{n}', J, 'tests/test_compliance.py', m.group(1), f'compliance keyword test, expects {m.group(2)}', 'general_any_vertical'))
    # kyoungd/nevermisscall
    scenario, taken = None, set()
    for n, line in enumerate(blob(k_git, K['commit'], 'dispatch-bot-ai/conversation-only.md').splitlines(), 1):
        m = re.match(r'### (\d+)\. (.*)', line)
        if m:
            scenario = (int(m.group(1)), m.group(2).strip())
        m = re.match(r'\*\*Customer:\*\* (.*)', line)
        if m and scenario and scenario[0] not in taken:
            taken.add(scenario[0])
            if not m.group(1).startswith('['):  # "[No response for 3 minutes]" is not a message
                found.append((f'K{n}', K, 'dispatch-bot-ai/conversation-only.md', m.group(1).strip(),
                              f'scenario {scenario[0]}: {scenario[1]}', K_DOMAINS[scenario[0]]))
    # nickovasco1-ops/Trade-receptionist
    for n, line in enumerate(blob(t_git, T['commit'], 'server/src/lib/emergency.test.ts').splitlines(), 1):
        for m in re.finditer(r"(detectEmergency|getEmergencyLevel)\('([^']*)'(?:,\s*\[[^\]]*\])?\)(?:\)\.toBe(?:<EmergencyLevel>)?\(([^)]*)\))?", line):
            found.append((f'T{n}', T, 'server/src/lib/emergency.test.ts', m.group(2), f'{m.group(1)} test, expects {m.group(3) or "(see test)"}', T['domain']))
    # Vincenzo0228-bong/ai-read-processing
    num = None
    for line in blob(v_git, V['commit'], 'sample-messages.md').splitlines():
        m = re.match(r'### Message (\d+)', line)
        if m:
            num = int(m.group(1))
        m = re.match(r'\s*[“"](.+)[”"]\s*$', line)
        if m and num:
            found.append((f'V{num}', V, 'sample-messages.md', m.group(1), 'sample message (no label in the source)', V['domain']))
    # michael-wang0605/esto-work-trial
    for tag, path in E_FILES.items():
        for n, line in enumerate(blob(e_git, E['commit'], path).splitlines(), 1):
            if path.endswith('.md'):
                ms = [m.group(1) for m in re.finditer(r'`"([^"`]+)"`', line)]
            else:
                ms = [m.group(1) for m in re.finditer(r'"message": "([^"]+)"', line)]
            for i, text in enumerate(ms):
                found.append((f"E{tag}{n}{'abc'[i] if len(ms) > 1 else ''}", E, path, text, 'tenant test phrase', E['domain']))
    # BayshoreCommunication/chatbot_backend
    for tag, (path, commit) in B_FILES.items():
        full = git(b_git, 'rev-parse', commit).strip()
        src = blob(b_git, full, path)
        if tag == 'R':
            for node in ast.walk(ast.parse(src)):
                if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) and node.targets[0].id == 'test_questions':
                    for el in node.value.elts:
                        found.append((f'BR{el.lineno}', dict(B, commit=full), path, el.value, 'test question', B['domain']))
        else:
            for fn in ast.parse(src).body:
                if isinstance(fn, ast.FunctionDef):
                    calls = [c for c in ast.walk(fn) if isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute) and c.func.attr == 'process_message'
                             and c.args and isinstance(c.args[0], ast.Constant)]
                    if calls:
                        first = min(calls, key=lambda c: c.lineno)
                        found.append((f'BA{first.lineno}', dict(B, commit=full), path, first.args[0].value, f'first message of {fn.name}', B['domain']))
    # testvagrant/a2a-poc
    opened = False
    for n, line in enumerate(blob(z_git, Z['commit'], 'ZENOTI_AI_RECEPTIONIST_DEMO_SUMMARY.md').splitlines(), 1):
        if line.startswith('### '):
            opened = True  # a new conversation: its first caller line is taken, the later ones answer the receptionist
        m = re.match(r'User: "(.+)"\s*$', line)
        if m and opened:
            opened = False
            found.append((f'Z{n}', Z, 'ZENOTI_AI_RECEPTIONIST_DEMO_SUMMARY.md', m.group(1), 'mocked conversation caller line', Z['domain']))
    seen = set()
    for rid, src, path, text, orig, domain in found:
        key = re.sub(r'\s+', ' ', text.strip().lower())
        if key and key not in seen:
            seen.add(key)
            if rid not in SKIP:  # a skipped text's later repetitions are skipped too
                yield rid, src, path, text, orig, domain


def rows(gits, with_text):
    out = []
    for rid, src, path, text, orig, domain in candidates(*gits):
        if rid not in LABELS:
            continue
        intent, note = LABELS[rid]
        row = {'text': text} if with_text else {}
        row.update({'source_repo': src['repo'], 'source_path': path, 'source_commit': src['commit'], 'license': src['license'],
                    'domain': domain, 'original_intent_or_act_label_if_any': orig, 'sample_group': 'heldout_v9',
                    'source_record_id': rid, 'text_kind': src['kind'],
                    'label': {'intent': intent, 'urgency': 'emergency' if intent == E_ else ('none' if intent in (O, OO, W, S) else 'routine'),
                              'service': None, 'when': None, 'place': None, 'usable': True, 'note': note}})
        out.append(row)
    return out


USAGE = ('usage: heldout-v9.py label|build|list <git dir of harshilkikani/AI_Receptionist> <jackcarlos19/sms-chatbot> '
         '<kyoungd/nevermisscall> <nickovasco1-ops/Trade-receptionist> <Vincenzo0228-bong/ai-read-processing> '
         '<michael-wang0605/esto-work-trial> <BayshoreCommunication/chatbot_backend> <testvagrant/a2a-poc> [out]')


def main(argv):
    if len(argv) < 9 or argv[0] not in ('label', 'build', 'list'):
        sys.exit(USAGE)
    cmd, gits = argv[0], argv[1:9]
    if cmd == 'list':
        for rid, src, path, text, orig, domain in candidates(*gits):
            print(rid, '|', domain, '|', orig[:70], '|', text)
        return
    got = rows(gits, cmd == 'build')
    check_coverage(LABELS, got, [rid for rid, *_ in candidates(*gits)])
    write_label_or_build(cmd, got, LABEL_FILE, argv[9] if len(argv) > 9 else None, 'heldout-v9-mixed.jsonl')


if __name__ == '__main__':
    main(sys.argv[1:])
