# heldout-v5: the fifth fresh held-out collection (tools/eval/data/README.md, "heldout-v5").
# The source is MIT-licensed, so the labelled texts are committed (tools/eval/data/heldout-v5.jsonl), with attribution per
# row. The selection and label mapping below were written, and the file built and committed, BEFORE the understanding was
# run on any row.
#
#   python3 heldout-v5.py <git dir of microsoft/botframework-solutions> [out.jsonl]
#       (default out: tools/eval/data/heldout-v5.jsonl)
#
# Source (git dir of a snapshot of the public repository):
#   microsoft/botframework-solutions at 08ad18f11250dc2f301dd33a27672184ea9624c4, MIT (LICENSE: "Copyright (c) Microsoft
#   Corporation"). The LUIS language-understanding files of the Virtual Assistant sample's skills, written by Microsoft
#   as training utterances, each under the LUIS intent it belongs to (`## Intent` then `- utterance` lines, entities
#   marked `{Entity=value}`):
#     samples/csharp/assistants/virtual-assistant/VirtualAssistantSample/Deployment/Resources/Skills/
#       calendarskill/en-us/Calendar.lu         (CreateCalendarEntry, ChangeCalendarEntry, DeleteCalendarEntry, Find*, ...)
#       restaurantbookingskill/en-us/Restaurant.lu (Reservation, ...)
#   Neither file is among the sources of ../shared/eval, heldout-v1..v4 or the intent model's corpus.
import json, os, re, subprocess, sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
SRC = {'repo': 'microsoft/botframework-solutions', 'commit': '08ad18f11250dc2f301dd33a27672184ea9624c4', 'license': 'MIT'}
SKILLS = 'samples/csharp/assistants/virtual-assistant/VirtualAssistantSample/Deployment/Resources/Skills'
CALENDAR = f'{SKILLS}/calendarskill/en-us/Calendar.lu'
RESTAURANT = f'{SKILLS}/restaurantbookingskill/en-us/Restaurant.lu'


def show(git_dir, path):
    return subprocess.run(['git', '--git-dir', git_dir, 'show', f'{SRC["commit"]}:{path}'], check=True, capture_output=True, text=True).stdout


def lu_rows(text):
    """(line number, LUIS intent, raw utterance) for every `- ` line under a `## Intent` heading."""
    out, intent = [], None
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith('## '):
            intent = line[3:].strip()
        elif line.startswith('- ') and intent:
            out.append((n, intent, line[2:].strip()))
    return out


def plain(utterance):
    """The utterance without LUIS entity markup ({Entity=value} -> value, nested too); " ' s" -> "'s"."""
    prev = None
    while prev != utterance:
        prev = utterance
        utterance = re.sub(r'\{[A-Za-z_]+=([^{}]*)\}', r'\1', utterance)
    return re.sub(r"\s+'\s*s\b", "'s", utterance).strip()


# ---- Selection and labels (written before any scoring run) ----
# Calendar.lu is a personal calendar assistant. Only utterances about an APPOINTMENT (the word appointment/appt, or a
# named appointment: dentist, doctor, haircut, check-up, vet) are drawn, and read as a text to the business the
# appointment is with. Left out: LUIS pattern lines ("(create|book) ...", "^how long ..."); utterances that speak to a
# calendar or about the caller's private plans rather than to a business (PRIVATE below: "add ... to my calendar",
# a dinner or lunch with a friend, "with mom", playing squash, ...); changes of an appointment's title or location with
# no new time (a SlotAttribute and no ToTime/ToDate/Move*TimeSpan entity: nothing a caller texts); LUIS intents about
# invitations, attendees and rooms (AcceptEventEntry, RejectCalendar, CheckAvailability, ContactMeetingAttendees,
# ConnectToMeeting, FindCalendarWho, FindMeetingRoom, AddCalendarEntryAttribute).
APPOINTMENT = re.compile(r'\b(appointments?|appt|dentist|dental|doctors?|dr|doc|haircut|hair cut|check ?up|check-up|vet)\b', re.I)
PRIVATE = re.compile(r'calendar|\b(mom|sister|dinner|lunch|squash|meredith|cj|account payment|test appointment|camping|singing|'
                     r'soccer|shoe|dance class|jimmy|helen|mike li)\b', re.I)
CAL_INTENTS = {
    'CreateCalendarEntry': 'book',
    'ChangeCalendarEntry': 'reschedule',
    'DeleteCalendarEntry': 'cancel',
    'FindCalendarEntry': 'question', 'FindCalendarWhen': 'question', 'FindCalendarWhere': 'question',
    'FindCalendarDetail': 'question', 'FindDuration': 'question', 'TimeRemaining': 'question', 'ShowPreviousCalendar': 'question',
    'CancelCalendar': 'other',  # "i don't want to change this appointment anymore": never mind
    'None': 'other',            # bare choices ("2", "the first one", "all of them"): replies to a list, drawn whatever their words
}
NOTES = {
    'CancelCalendar': 'withdraws a change request (never mind); alt=cancel',
    'None': 'a bare choice from a list offered before',
}
# Read one by one while labelling (line numbers of Calendar.lu): second readings worth a note.
CAL_OVERRIDES = {
    860: ('question', 'fragment asking for the next appointment after the one shown; alt=other'),
    842: ('question', '"obtain the appointment with frank": asks to see it; alt=other'),
}

# Restaurant.lu: `Reservation` utterances of more than one word, read as texts to a restaurant (domain restaurant).
# A request to reserve, book or get a table or a meal at a time -> book; "I want to eat <cuisine>" with no time -> book
# with alt=other; asking where to eat -> question (alt=book); "find food", "i am hungry", "lunch meeting" -> other.
# One-word dish names (tacos, pizza, ...) are left out (menu choices with no request).
REST_OVERRIDES = {
    16: ('question', 'asks where to have dinner; alt=book'),
    17: ('book', 'asks for help planning dinner; alt=question'),
    20: ('other', 'search command; alt=book'), 23: ('other', 'a feeling, no request; alt=book'), 30: ('other', 'a fragment; alt=book'),
    24: ('book', 'a wish with no time; alt=other'), 26: ('book', 'a wish with a time; alt=other'), 27: ('book', 'a wish with no time; alt=other'),
    28: ('book', 'a wish with no time; alt=other'),
}


def domain_of(text):
    t = text.lower()
    if re.search(r'dentist|dental', t):
        return 'dentist'
    if re.search(r'\bvet\b|groom my dogs', t):
        return 'vet_clinic'
    if re.search(r'hair', t):
        return 'salon'
    if re.search(r'\b(doctors?|dr|doc|chiropractors?|therapy|medical|check ?up)\b', t):
        return 'doctor_clinic'
    return 'general_appointment'


def calendar_rows(git_dir):
    out = []
    for n, intent, raw in lu_rows(show(git_dir, CALENDAR)):
        if intent not in CAL_INTENTS or re.search(r'[()\[\]^|]', raw):
            continue
        if intent != 'None' and (not APPOINTMENT.search(raw) or PRIVATE.search(raw)):
            continue
        if intent == 'ChangeCalendarEntry' and 'SlotAttribute=' in raw and not re.search(r'ToTime=|ToDate=|Move\w*TimeSpan=', raw):
            continue
        label, note = CAL_OVERRIDES.get(n, (CAL_INTENTS[intent], NOTES.get(intent, '')))
        note = (note + '; ' if note else '') + '[assistant-phrasing]'
        text = plain(raw)
        out.append(doc(CALENDAR, f'line={n}', text, domain_of(text), f'LUIS intent={intent}',
                       'calendar-assistant utterance (Microsoft Bot Framework Calendar skill), read as a text to the business the appointment is with',
                       label, note))
    return out


def restaurant_rows(git_dir):
    out = []
    for n, intent, raw in lu_rows(show(git_dir, RESTAURANT)):
        if intent != 'Reservation' or len(plain(raw).split()) < 2:
            continue
        label, note = REST_OVERRIDES.get(n, ('book', ''))
        note = (note + '; ' if note else '') + '[assistant-phrasing]'
        out.append(doc(RESTAURANT, f'line={n}', plain(raw), 'restaurant', f'LUIS intent={intent}',
                       'restaurant-booking assistant utterance (Microsoft Bot Framework Restaurant skill), read as a text to a restaurant',
                       label, note))
    return out


def doc(path, rec, text, domain, orig, kind, intent, note):
    return {'text': text, 'source_repo': SRC['repo'], 'source_path': path, 'source_commit': SRC['commit'], 'license': SRC['license'],
            'domain': domain, 'original_intent_or_act_label_if_any': orig, 'sample_group': 'heldout_v5', 'source_record_id': rec,
            'text_kind': kind,
            'label': {'intent': intent, 'urgency': 'emergency' if intent == 'emergency' else ('none' if intent == 'other' else 'routine'),
                      'service': None, 'when': None, 'place': None, 'usable': True, 'note': note}}


if __name__ == '__main__':
    if len(sys.argv) not in (2, 3):
        sys.exit('usage: heldout-v5.py <git dir of microsoft/botframework-solutions> [out.jsonl]')
    out = sys.argv[2] if len(sys.argv) == 3 else os.path.join(ROOT, 'tools', 'eval', 'data', 'heldout-v5.jsonl')
    rows, seen = [], set()
    for d in calendar_rows(sys.argv[1]) + restaurant_rows(sys.argv[1]):
        key = re.sub(r'\s+', ' ', d['text'].lower()).strip()
        if key and key not in seen:  # exact duplicates are scored once
            seen.add(key)
            rows.append(d)
    with open(out, 'w') as f:
        for d in rows:
            f.write(json.dumps(d, ensure_ascii=False) + '\n')
    print(f'{len(rows)} rows -> {out}')
