# Builds tools/eval/data/heldout-v2.jsonl from the MTS-Dialog CSVs (abachaa/MTS-Dialog at 3ff08019, CC BY 4.0).
# Inputs: the four Main-Dataset CSVs extracted with `git show <commit>:<path>` to the /tmp paths below. Output: JSONL on stdout.
# Hand labels for heldout-v2 (MTS-Dialog patient turns read as texts to a medical office).
# key: (set, ID, filter) ; filter A = first patient turn longer than 25 chars; B = first patient turn 30-259 chars matching the symptom keyword list
import csv,re,json,sys
files={'1':('Main-Dataset/MTS-Dialog-TestSet-1-MEDIQA-Chat-2023.csv','/tmp/triage3-mts1.csv'),'2':('Main-Dataset/MTS-Dialog-TestSet-2-MEDIQA-Sum-2023.csv','/tmp/triage3-mts2.csv'),'V':('Main-Dataset/MTS-Dialog-ValidationSet.csv','/tmp/triage3-mtsval.csv'),'T':('Main-Dataset/MTS-Dialog-TrainingSet.csv','/tmp/triage3-mtstrain.csv')}
kw=re.compile(r"chest|breath|bleed|blood|fell|fall|passed out|faint|unconscious|seizure|stroke|numb|slurr|suicid|overdose|swell|burn|cut|accident|crash|vomit|poison|bit|eye|head|can't move|cannot move|weak",re.I)
E='emergency'
L = """
2 0 A book congestion and cough|
2 16 A other |
2 38 A book cut foot|
2 47 A book walking difficulty|
2 57 A book blood pressure|
2 68 A book blood in toilet|alt=emergency
2 72 A book jaundice, lightheaded|alt=emergency
2 89 A book pain|
2 112 A book knee pain, diabetes worry|
2 124 A book vertigo|
2 129 A book neck pain|
2 132 A book lesion on nose|
2 144 A book weight loss|
2 147 A book shoulder pain|
2 158 A book memory loss|
2 159 A book several problems|
2 178 A book knee pain|
2 195 A book worsening symptoms|
2 28 A book cough, coughed up blood|alt=emergency; coughed up some blood this morning, amount not said
2 36 B emergency breathing difficulty|present, persistent difficulty breathing
2 156 A other |
1 14 A question liver|
1 26 A question test results|
1 36 A book foot injury|
1 41 A book fever and congestion|
1 42 A book cough|
1 50 A book wrist injury|
1 57 A book feeling unwell|
1 67 A book back pain after accident|
1 91 A book weakness|
1 95 A book muscle pain|
1 102 A book boil|
1 103 A book facial twitch|
1 107 A book lump in chest|
1 115 A book checkup and joint pain|
1 126 A book seizures|alt=emergency; recurring small seizures, none now
1 128 A book blood in urine|alt=emergency
1 142 A book weakness|
1 152 A question tendinitis|
1 155 A book spider bite|
1 162 A book wrinkles|alt=question
1 187 A book dizziness|
1 186 A other |
1 19 A other |
1 31 A other |
1 63 A other |
1 184 A other |
1 197 A other |
1 0 A other |
1 19 B book rash|
1 21 B book chest pain follow-up|alt=emergency; chest pain named as the reason for a follow-up
1 31 B book leg weakness|
1 64 B book shortness of breath|alt=emergency; gradual
1 107 B book pain on breathing|
1 116 B book headaches|
1 120 B book hand numbness|
1 170 B book blurred vision, headaches|
1 177 B book stroke history|
1 195 B book nausea and vomiting|
2 16 B book hand weakness|
2 69 B book leg weakness|
2 98 B book pain and numbness|
2 112 B book rectal bleeding|
2 129 B book unsteady gait|
2 159 B book mouth sore, eye trouble|
V 0 B book fall|
V 18 B book lightheadedness, balance|
V 24 B book thumb locking|
V 39 B other burn already treated|alt=book; already taken to the emergency department
V 53 B book ear pain and headache|
V 55 B book headaches|
V 59 B book hernia pain|
V 65 B emergency deep cut bleeding badly|alt=book; bleeding badly from a glass cut, told in the past tense
T 0 B book prescription refill|alt=question
T 1 B emergency worst headache of my life|thunderclap headache
T 10 B book bunion surgery|
T 14 B book one-sided numbness|alt=emergency; woke with numbness of the left side, dated in the past
T 17 B book nausea and vomiting|
T 28 B book rash|
T 32 B book lump in chest|
T 36 B book shortness of breath|alt=emergency; worsening over a week
T 38 B book balance, weakness|
T 71 B book high potassium|
T 161 B book bite|
T 184 B book headaches|
T 186 B book chest numbness, shoulder pain|alt=emergency
T 223 B book arm numbness|alt=emergency
T 226 B book head injury from fall|alt=emergency
T 233 B book needlestick|
T 281 B book headaches|
T 316 B book cataract second opinion|
T 322 B book blurred vision|alt=emergency
T 323 B book breathing trouble on exertion|alt=emergency
T 331 B book leg swelling|
T 332 B book wrist numbness|
T 336 B book back sprain|
T 367 B book fall|
T 379 B book wrist fall|
T 384 B book headaches|
T 399 B book arm weakness|alt=emergency
T 477 B book falls|
T 498 B other passed out, already in hospital|alt=book
T 499 B book hand tingling|
T 535 B book dizziness|
T 559 B book rash|
T 566 B book stroke history|
T 599 B book foot swelling|
T 631 B book splinter|
T 633 B emergency sudden vision loss with eye pain|
T 636 B book loss of consciousness after crash|alt=emergency; past, help arrived at the scene
T 651 B book dog bite|alt=emergency
T 652 B book blood in urine|
T 660 B book headache|
T 664 B book breathlessness, weakness|
T 671 B book headache, neck and back pain|
T 690 B book progressive vision loss|
T 731 B book near-faint dizziness|alt=emergency
T 732 B book stroke follow-up|
T 773 B book severe weakness|alt=emergency
T 780 B emergency one-sided weakness worsening|stroke sign (arm/side weakness)
T 807 B book hand numbness|
T 825 B book blood in urine|
T 827 B book memory|
T 839 B emergency palpitations, heart will explode, weak|
T 859 B emergency pop in the head then lost memory|alt=book; sudden event told in the past
T 867 B book cough, fever|
T 871 B emergency chest pain|present chest pain
T 873 B book vertigo|
T 881 B book severe headaches|alt=emergency
T 884 B emergency racing heart, palpitations|alt=book
T 893 B book weakness, lightheaded|
T 900 B book spreading numbness|alt=emergency
T 902 B book foot injury|
T 908 B book severe headache|alt=emergency
T 917 B book eye problem|
T 918 B book mood and birth control|
T 924 B emergency possible stroke|
T 947 B book tiredness|
T 969 B book fall from swing|
T 974 B book stuffy nose|
T 988 B book toe pain and numbness|
T 1002 B book severe headaches|alt=emergency
T 1027 B book hand numbness|
T 1035 B emergency sudden chest pain with nausea|
T 1069 B book wrinkles|
T 1071 B emergency deep cut, lot of blood|
T 1079 B book lightheadedness|
T 1080 B book sting swelling|
T 1096 B book fall at work|alt=emergency
T 1098 B book unsteadiness|
T 1101 B book fall|
T 1125 B book problems after car accident|
T 1184 B emergency chest pain and swollen calf|possible clot (one calf bigger, chest pain)
T 1198 B book cough with phlegm|
T 520 B question blood sugar during surgery|
"""
def turn(dialogue, mode):
    pts=[(i,l[len('Patient:'):].strip()) for i,l in enumerate([x for x in dialogue.splitlines() if x.startswith('Patient:')])]
    for i,p in pts:
        if mode=='A' and len(p)>25: return i,p
        if mode=='B' and 30<len(p)<260 and kw.search(p): return i,p
    raise SystemExit('no turn')
data={k:{r['ID']:r for r in csv.DictReader(open(v[1]))} for k,v in files.items()}
out=[]; seen=set()
for line in L.strip().splitlines():
    head,note=line.split('|',1)
    s,i,m,intent,*svc=head.split(' ')
    r=data[s][i]; ti,text=turn(r['dialogue'],m)
    if text in seen: print('dup',s,i,file=sys.stderr); continue
    seen.add(text)
    out.append({"text":text,"source_repo":"abachaa/MTS-Dialog","source_path":files[s][0],"source_commit":"3ff0801933608d6f570468c13125125fb5cabdea","license":"CC BY 4.0","domain":"doctor_clinic","original_intent_or_act_label_if_any":"section_header="+r['section_header'],"sample_group":"heldout_v2","source_record_id":f"ID={i}; patient_turn={ti}","text_kind":"patient turn of a written doctor-patient conversation (MTS-Dialog), read as a text to a medical office","label":{"intent":intent,"urgency":"emergency" if intent==E else "routine","service":(' '.join(svc).strip() or None),"when":None,"place":None,"usable":True,"note":note.strip()}})
from collections import Counter
print(len(out), Counter(o['label']['intent'] for o in out), file=sys.stderr)
for o in out: print(json.dumps(o,ensure_ascii=False))
