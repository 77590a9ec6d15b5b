import { type Hazard } from './understanding.types';

/** One danger cue: a pattern over normalized text, the hazard it suggests, and how urgent it is. */
export interface EmergencyCue {
  hazard: Hazard | null;
  level: 'emergency' | 'soon';
  pattern: RegExp;
  /** When set, the cue only counts if the message also matches this (e.g. a household noun). */
  requires?: RegExp;
  /** When set, the cue does not count if the message matches this (e.g. a car). */
  unless?: RegExp;
}

/** Words that place a message in a vehicle (a leak or "no heat" in a car is not a flood or a cold house). */
export const VEHICLE_CONTEXT =
  /\b(car|cars|truck|van|suv|vehicle|engine|motorcycle|motorbike|bike|cabin|dash|dashboard|radiator|sedan|jeep|tailpipe|exhaust|carpet|windshield|toyota|honda|ford|chevy|bmw|audi|mazda|nissan|subaru|mercedes|prius|silverado|accord|civic|chevrolet|dodge|kia|hyundai|volkswagen|vw|lexus|gmc|tesla|volvo|buick|cadillac|suzuki|yamaha|kawasaki|harley|ducati|rav4|camry|corolla|f-?150|impala|malibu|econoline)\b/;

const HOUSEHOLD_WATER = /\b(pipe|pipes|ceiling|roof|water heater|heater|toilet|sink|faucet|basement|wall|walls|floor|house|home|kitchen|bathroom|washer|dishwasher|tank|main|valve|shower|tub|upstairs|downstairs|apartment|garage)\b/;

/**
 * Danger cues, tuned for recall (a missed emergency is the worst error): anything that can hurt
 * people or property within hours. Sources for the hazard list and safety advice: US gas
 * utilities' "smell gas, act fast" guidance, NFPA and CPSC home-safety advice.
 */
export const EMERGENCY_CUES: readonly EmergencyCue[] = [
  // gas
  { hazard: 'gas', level: 'emergency', pattern: /\b(?:smell\w*|odou?r|stink\w*|whiff)\b(?:\s+[\w']+){0,4}?\s+(?:of\s+)?(?:natural\s+|propane\s+)?gas\b(?!\s*(?:pedal|mileage|station|tank|cap|gauge|prices?|bill|grill))/ },
  { hazard: 'gas', level: 'emergency', pattern: /\bgas\b(?:\s+[\w']+){0,3}?\s+(?:smell\w*|odou?r|leak\w*|hiss\w*)/ },
  { hazard: 'gas', level: 'emergency', pattern: /\b(?:leak\w*|hiss\w*)\s+(?:of\s+)?(?:natural\s+|propane\s+)?gas\b(?!\s*(?:pedal|tank|cap))/ },
  { hazard: 'gas', level: 'emergency', pattern: /\b(?:propane|natural gas|gas line|gas pipe|gas meter)\b.{0,30}\b(?:leak\w*|smell\w*|hiss\w*|broke|broken|damaged|hit)\b/ },
  { hazard: 'gas', level: 'emergency', pattern: /\brotten eggs?\b|\bsul(?:ph|f)ur\w* smell|\bsmell\w* (?:like )?sul(?:ph|f)ur/ },
  // carbon monoxide
  { hazard: 'carbon_monoxide', level: 'emergency', pattern: /\bcarbon monoxide\b|\bco2? (?:alarm|detector|monitor)s?\b|\bmonoxide\b/ },
  // fire and smoke
  { hazard: 'fire', level: 'emergency', pattern: /\b(?:on fire|caught fire|catching fire|fire|flames?|ablaze)\b/, unless: /\bfire (?:me|him|her|them|up|away)\b|\bfire(?:d)? (?:the|my) (?:tech|plumber|guy)/ },
  { hazard: 'fire', level: 'emergency', pattern: /\bburning (?:smell|odou?r|plastic|rubber|wires?)\b|\bsmell\w* (?:like )?(?:something )?burn\w*|\bburnt (?:smell|odou?r)\b|\bscorch\w*|\bcharred\b/ },
  { hazard: 'fire', level: 'emergency', pattern: /\bmelt(?:ing|ed|s)?\b/ },
  {
    hazard: 'fire',
    level: 'emergency',
    pattern: /\bsmok(?:e|es|ing|y)\b/,
    requires: /\b(?:brakes?|outlets?|sockets?|wires?|wiring|panel|breakers?|fuses?|battery|hood|dash|furnace|heater|dryer|walls?|ceiling|attic|appliance|oven|stove|microwave|fan|motor|house|home|kitchen|electrical|switch|plugs?|charger|vents?|basement|garage|meter)\b/,
    unless: /\b(?:exhaust|tailpipe|cigarettes?|vap\w*|smoke (?:alarm|detector)s? (?:is )?(?:chirp|beep)\w*)\b/,
  },
  { hazard: 'fire', level: 'emergency', pattern: /\bsmoke (?:alarm|detector)s? (?:is |are )?(?:going off|sounding|went off)/ },
  // electrical
  { hazard: 'electrical', level: 'emergency', pattern: /\bspark(?:s|ing|ed|y)?\b(?!\s*plugs?)/ },
  { hazard: 'electrical', level: 'emergency', pattern: /\barc(?:ing|ed)\b|\belectrocut\w*|\b(?:got|getting|get|was|been) (?:an? )?(?:electric(?:al)? )?shock(?:ed)?\b|\belectric(?:al)? shocks?\b|\bshocking me\b|\bzapped\b/ },
  { hazard: 'electrical', level: 'emergency', pattern: /\b(?:live|exposed|bare|downed?|hanging) (?:wires?|power lines?)\b|\bpower lines? (?:down|fell|fallen|sparking)\b/ },
  { hazard: 'electrical', level: 'emergency', pattern: /\b(?:outlets?|sockets?|panel|breakers?|plugs?|switch(?:es)?|wires?|wiring|cords?)\b.{0,25}\b(?:hot|burning|buzzing|sizzling|crackling|black(?:ened)?|smok\w*)\b/, unless: VEHICLE_CONTEXT },
  // water
  { hazard: 'flooding', level: 'emergency', pattern: /\b(?:burst|busted|broken|exploded|split|ruptured) (?:water )?(?:pipes?|mains?|lines?|hoses?)\b|\bpipes? (?:has |have |just )?(?:burst|busted|broke|exploded|ruptured|split)\b/ },
  { hazard: 'flooding', level: 'emergency', pattern: /\bflood(?:ing|ed|s)?\b/ },
  { hazard: 'flooding', level: 'emergency', pattern: /\bwater (?:is |was )?(?:everywhere|pouring|gushing|spraying|rushing|coming (?:through|in|out|down|up)|all over)\b|\b(?:pouring|gushing|spraying|rushing) water\b/, unless: VEHICLE_CONTEXT },
  { hazard: 'flooding', level: 'emergency', pattern: /\b(?:sewage|sewer)\b.{0,30}\b(?:back\w* up|overflow\w*|coming up|everywhere)|\b(?:toilet|drain)s? (?:is |are )?(?:overflow\w*|backing up)/ },
  { hazard: 'flooding', level: 'emergency', pattern: /\bleak\w*\b/, requires: HOUSEHOLD_WATER, unless: VEHICLE_CONTEXT },
  // heating and cooling
  {
    hazard: 'no_heat',
    level: 'emergency',
    pattern: /\bno heat\b|\b(?:don't|do not|doesn't|does not) have (?:any )?heat\b|\bheat(?:er|ing)? (?:is |has |went |just )?(?:out|not working|stopped|died|broke|broken|quit|isn't working)\b|\bfurnace\b.{0,20}\b(?:out|not working|stopped|died|won't|broke|broken|quit|isn't working)\b|\bpipes? (?:are |is )?frozen\b|\bfreezing (?:in here|inside|in the house)\b/,
    unless: VEHICLE_CONTEXT,
  },
  {
    hazard: 'no_cooling',
    level: 'soon',
    pattern: /\bno (?:ac|air conditioning|air|cooling)\b|\b(?:ac|air conditioner|air conditioning|air con)\b.{0,20}\b(?:out|not working|stopped|died|broke|broken|quit|isn't working|blowing hot|blowing warm)\b/,
    unless: VEHICLE_CONTEXT,
  },
  // medical
  {
    hazard: 'medical',
    level: 'emergency',
    pattern:
      /\b(?:can't|cannot|can not|unable to|couldn't) (?:breathe|breath|feel (?:my )?[\w']+|move (?:my )?[\w']+|wake (?:him|her|them))\b|\bchest pains?\b|\bheart attack\b|\bstroke\b|\bseizures?\b|\bunconscious\b|\bnot breathing\b|\bpassed out\b|\bfaint(?:ed|ing)\b|\boverdos\w*|\bbleeding (?:heavily|a lot|badly|out|everywhere)\b|\bsuicid\w*|\bkill myself\b|\bthroat (?:is )?(?:swelling|closing)\b|\bnumb(?:ness)?\b|\banaphyla\w*/,
  },
  // security
  { hazard: 'security', level: 'emergency', pattern: /\bbreak[- ]?in\b|\bbroke (?:in|into)\b|\bbroken into\b|\bintruders?\b|\bsomeone (?:is )?(?:in|inside|trying to get into) (?:my|the|our) (?:house|home|apartment)\b/ },
  // vehicles on the road
  {
    hazard: 'other',
    level: 'emergency',
    pattern:
      /\b(?:no|lost|lose|losing|without) (?:the )?brakes?\b|\bbrakes? (?:\w+ )?(?:fail\w*|went out|gave out|gone|not working|stopped working|don't work|won't work|lock\w*|seiz\w*)\b|\bcan't (?:brake|stop the car|stop the truck)\b|\bbrake failure\b|\bpedal (?:goes|went|sinks|sank|drops|dropped) (?:to )?the floor\b/,
  },
  { hazard: 'other', level: 'emergency', pattern: /\b(?:lost|lose|losing|no) (?:power )?steering\b|\bsteering (?:failed|locked|went out)\b|\bwheel (?:came|fell|is coming|coming) off\b|\b(?:accelerator|gas pedal|throttle) (?:is )?stuck\b/ },
  { hazard: 'other', level: 'emergency', pattern: /\b(?:stuck|stranded|broke down|broken down|stalled) (?:on|in) (?:the )?(?:highway|freeway|interstate|train tracks|railroad|tracks|middle of (?:the )?road)\b/ },
  // explicit words
  { hazard: null, level: 'emergency', pattern: /\bemergency\b|\b911\b|\bsos\b|\blife[- ]threatening\b|\bdanger\b/, unless: /\bemergency (?:room|contact)\b/ },
  { hazard: null, level: 'soon', pattern: /\burgent(?:ly)?\b|\basap\b|\bas soon as possible\b|\bright (?:now|away)\b|\bimmediately\b|\btoday\b|\btonight\b|\bthis (?:morning|afternoon|evening|avo)\b|\bsoon\b|\bquickly\b|\bdesperate\b/ },
];

/** Words before a cue, in the same clause, that negate it ("no", "not an", "isn't", "non-"). */
export const NEGATION_BEFORE = /\b(?:no|not|never|isn't|wasn't|aren't|weren't|don't|doesn't|didn't|without|nothing|none|non|nor)\b|n't\b/;

/** Phrases with a negation word that do not negate what follows ("I don't know why, water is pouring"). */
export const NOT_A_NEGATION = /\b(?:don't|do not|didn't|did not) (?:know|understand|care|want)\b|\bnot sure\b|\bno (?:one|idea|clue)\b|\bnobody\b|\bno matter\b|\bcan't (?:tell|say|believe)\b/g;

/** Words after a cue, in the same clause, that say it is over ("no leak anymore", "the sparks stopped"). */
export const RESOLVED_AFTER = /\b(?:anymore|any more|no longer|stopped|is gone|are gone|went away|gone now|fixed|resolved|under control|last (?:year|month|week|winter|summer)|years ago|months ago)\b/;

/** Sentence to send the caller at once for each hazard (never a promise, price or time). */
export const SAFETY_LINES: Record<Hazard | 'unspecified', string> = {
  gas: "If you smell gas, leave the building now and call 911 or your gas company from outside. Don't use switches, flames or phones inside.",
  carbon_monoxide: 'Get everyone outside into fresh air now and call 911 from outside.',
  fire: 'If there is fire or smoke, get everyone out now and call 911 from outside.',
  electrical: 'Stay clear of the sparking or hot equipment; if it is safe, switch off the breaker. If there is smoke or fire, get out and call 911.',
  flooding: 'If it is safe, shut off the main water valve and keep away from outlets and wet electrical equipment.',
  no_heat: 'If anyone is at risk from the cold, get them somewhere warm; call 911 if someone is unwell.',
  no_cooling: 'If anyone feels faint or overheated, move them somewhere cool; call 911 if someone is unwell.',
  medical: 'If this is a medical emergency, call 911 now.',
  security: 'If you are in danger, get to a safe place and call 911.',
  other: "If you're driving, pull over when it is safe, turn on your hazard lights, and call 911 if anyone is in danger.",
  unspecified: 'If anyone is in danger, call 911 now.',
};
