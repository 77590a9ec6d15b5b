import { type BusinessVertical } from '@textback/contracts';
import { type Hazard } from '../understanding.types';
import { type HazardSourceId } from './hazard-sources.constants';

/**
 * Emergency knowledge as data: one entry per hazard, with the verticals whose callers report it, the cues that name
 * it, the advice line sent to the caller and the source of that advice. Written from the advice sources
 * (hazard-sources.constants.ts) and the verticals' services, not from any evaluation sentence.
 *
 * Cues are token patterns over the normalised text (the syntax of @textback/opt-out's phrase patterns): tokens
 * separated by spaces; `a|b` alternatives of the normalised word (lower case, apostrophes dropped: "dont", "cant");
 * a leading `~` compares the alternatives' Snowball stems with the word's stem ("~leak" matches leaking, leaks);
 * `@name` names a class of {@link HAZARD_TOKEN_CLASSES}; a trailing `?` makes a token optional; `*N` skips 0..N words.
 * A cue prefixed `es:` is Spanish (Spanish stemmer). A cue counts unless negated (negation.constants.ts).
 */
export interface HazardEntry {
  /** Stable id, e.g. `gas_leak` (reported in the page summary). */
  id: string;
  /** The contract's hazard category (conversation.urgent.detected.v1 `hazard`); null for the explicit words. */
  category: Hazard | null;
  /**
   * Verticals whose callers face this hazard, or `all`. For a location of another vertical (or a message whose words
   * place it in another vertical, when the location's is unknown), `page` cues only raise the urgency question.
   */
  verticals: readonly BusinessVertical[] | 'all';
  /** Cues that page the on-call person at once. */
  page: readonly string[];
  /** Cues the rules are unsure about: the bot asks once whether it is urgent, and pages on yes. */
  ask?: readonly string[];
  /** Any of these anywhere in the message turns an `ask` cue of this hazard into a page ("leak" + "everywhere"). */
  escalateWhen?: readonly string[];
  /**
   * Any of these anywhere in the message turns this hazard's page cues into the urgency question: words that say the
   * danger is over or not live (a flood's cleanup, a car that is not being driven, the law asked about in general).
   */
  askWhen?: readonly string[];
  /** A cue does not count in a clause that also matches one of these ("gas pedal", "spark plugs"). */
  notWhen?: readonly string[];
  /**
   * Like `notWhen`, but only in a clause phrased as a question (one the caller ended with "?", or opening with an
   * auxiliary or a wh-word: ASKED_CLAUSE_OPENERS) and with no word of haste (HASTE_WORDS) in the message: asking
   * whether the business does something ("Do you offer 24/7 emergency service?") is not reporting it.
   */
  notWhenAsked?: readonly string[];
  /** First thing to tell the caller; `{{emergencyNumber}}` is the location country's number. Never a promise. */
  advice: string;
  source: HazardSourceId;
}

/** Token classes for hazard cues (each is one pattern token's alternatives). */
export const HAZARD_TOKEN_CLASSES: Readonly<Record<string, string>> = {
  smell: '~smell|smelt|odor|odour|stink|stinki|whiff|reek',
  pet: '~dog|puppy|pup|cat|kitten|kitty|pet|rabbit|bunny|bird|parrot|horse|ferret|hamster|pup|animal',
  child: '~baby|babi|infant|newborn|child|children|kid|toddler|son|daughter',
  dependent: '@child|@pet|grandma|grandpa|grandmother|grandfather|mom|dad|mother|father',
  bodypart: '~leg|arm|wrist|ankle|hip|collarbone|rib|finger|toe|foot|feet|hand|elbow|shoulder|knee|nose|jaw|skull|neck|bone|pelvis',
  broken: '~broke|broken|fractur|snap|shatter',
  electric: '~outlet|socket|panel|breaker|fuse|plug|switch|wire|wiring|cord|charger|meter',
  appliance:
    '~outlet|socket|panel|breaker|fuse|plug|switch|wire|wiring|cord|charger|meter|dryer|furnace|heater|oven|stove|microwave|appliance|fan|fixture|light|lamp|wall|ceiling|attic|basement',
  water: '~water|sewag|sewer',
  pipe: '~pipe|main|line|hose|valve|water',
  toxin:
    'chocolate|chocolates|grape|grapes|raisin|raisins|xylitol|antifreeze|poison|rat|bait|ibuprofen|advil|tylenol|acetaminophen|aspirin|pill|pills|medication|medicine|meds|lily|lilies|onion|onions|bleach|weed|marijuana|edible|edibles|gum|vitamin|vitamins|slug|snail|garlic|macadamia|alcohol|caffeine|insecticide|pesticide|fertilizer|rodenticide|mothball|mothballs|detergent|nicotine|avocado|sago|tulip|tulips|azalea|toad|mushroom|mushrooms|cleaner',
  vehicle: '~car|truck|van|suv|vehicle|engine|hood|motorcycl|bike',
  /** A person who may do harm (subject of an assault or threat cue). */
  assailant:
    'someone|somebody|he|she|they|man|men|guy|guys|woman|person|people|stranger|strangers|intruder|husband|wife|boyfriend|girlfriend|partner|ex|neighbor|neighbour|dad|father|stepdad|stepfather|mom|mother|brother|roommate|customer|patient|tenant|landlord|coworker|client',
  /** A person harmed (object of an assault or threat cue; "my" + a relative is spelled out in the cue). */
  victim: 'me|us|him|her|them|someone|somebody|everyone|everybody',
  /** People a caller names by relation (objects after a possessive, or a missing person). */
  relative:
    '@child|grandma|grandpa|grandmother|grandfather|grandparent|grandparents|grandson|granddaughter|mom|dad|mother|father|parent|parents|family|husband|wife|brother|sister|friend|neighbor|neighbour|roommate|girlfriend|boyfriend|partner|cousin|uncle|aunt|coworker|nephew|niece',
  weapon: 'gun|guns|pistol|handgun|rifle|shotgun|firearm|knife|knives|machete|weapon|weapons',
  /** Transport a crash involves. */
  crashvehicle: '~car|truck|van|suv|vehicle|bus|motorcycl|motorbik|bike|scooter|semi|pickup|taxi|uber',
  crash: '~crash|wreck|accid|collis|pileup',
  /** Structures whose collapse endangers people (FEMA / Ready.gov structural collapse). */
  structure:
    'building|house|home|roof|wall|walls|deck|balcony|floor|stairs|staircase|porch|scaffold|scaffolding|bridge|crane|structure|chimney|trench|garage|ceiling|shed|carport|awning',
  /**
   * People at higher risk from indoor cold or heat (CDC "Winter Weather: Older adults, infants, people with chronic
   * conditions" and "Heat and Health": infants and young children, older adults, pregnant people, people with disabilities,
   * chronic or heart conditions, or who depend on powered medical equipment).
   */
  vulnerable:
    '~baby|babi|infant|newborn|toddler|pregnant|pregnanc|elder|elderly|senior|seniors|disabl|handicap|wheelchair|bedridden|bedbound|dementia|alzheim|oxygen|ventil|dialysi|grandma|grandmoth|grandpa|grandfath|grandpar|sick|frail|chemo',
  /** An age in years at which CDC counts a person as an older adult at risk from heat and cold (65 and over). */
  oldage: Array.from({ length: 46 }, (_, i) => String(65 + i)).join('|'),
  /** An indoor temperature (degrees Fahrenheit) at or below which cold is dangerous (CDC winter weather: hypothermia risk). */
  coldtemp: Array.from({ length: 51 }, (_, i) => String(i)).join('|'),
  /** An indoor temperature (degrees Fahrenheit) at or above which heat is dangerous (CDC/NWS heat index: danger from 95 F). */
  hottemp: Array.from({ length: 36 }, (_, i) => String(95 + i)).join('|'),
  /** Work after a hazard is over (FEMA Ready.gov "After a flood" / "After a fire": cleanup, drying, restoration). */
  aftermath: '~cleanup|restor|remedi',
};

/** The catalogue. Order does not matter; when several hazards match, the page beats the question, then the rank. */
export const HAZARD_CATALOGUE: readonly HazardEntry[] = [
  {
    id: 'explicit_emergency',
    category: null,
    verticals: 'all',
    page: ['~urgent|urgency|emergency|emergenc|911|sos', 'in danger', 'life threatening', 'es: ~urgent|urgencia|emergencia'],
    // Asking whether, when or for how much the business takes emergencies ("Do you offer 24/7 emergency service?",
    // "How much for an emergency call-out?", "Are you open for emergencies?") asks about a service; it reports no
    // danger. A request ("can you send an emergency plumber", no "?") or any word of haste still pages.
    notWhenAsked: [
      'offer|offers|provid|provide|provides|do|does|handl|handle|handles|have|has|cover|covers|take|takes|accept|accepts|see|sees|treat|treats|run|runs *4 ~emergency|24',
      'open|avail|availabl|available|oncall *4 ~emergency|24',
      '~emergency *3 avail|availabl|available|open|offer|offered|provided',
      'much|cost|costs|charg|charge|rate|rates|fee|fees|price|prices|pricing|expens|expensive *5 ~emergency|24',
      '~emergency *3 ~rate|fee|charg|cost|price|pricing|surcharg|polici|hour',
      '24 7 ~emergency ~servic|support|callout|call|line|repair|plumber|electrician|dentist|vet|cover|coverag',
      'is|are there *3 ~emergency ~servic|line|number|dentist|plumber|electrician|vet|doctor|contact|option|callout|appoint|slot|visit',
    ],
    advice: 'If anyone is in danger, call {{emergencyNumber}} now.',
    source: 'emergency-words',
  },
  {
    id: 'gas_leak',
    category: 'gas',
    verticals: ['home_services', 'property_management', 'other'],
    page: [
      '@smell *3 of? natural|propane? ~gas|propan',
      '~gas|propan *2 ~leak|smell|odor|odour|hiss',
      '~leak|hiss of? natural|propane? ~gas',
      'rotten ~egg',
      '~sulfur|sulphur @smell',
      '@smell like? ~sulfur|sulphur',
      'es: huele|olor a gas',
      'es: fuga de gas',
    ],
    notWhen: ['~gas pedal|station|mileag|tank|cap|gaug|price|bill|grill|milag|money|card'],
    // Gas leaks asked about in general or in a hypothetical ("what does a gas leak smell like?", "worried about gas
    // leaks in general", "how do I know if I have a leak") are not a leak now: the urgency question, not a page.
    // Sewer gas (hydrogen sulfide from drains; OSHA) is not the fuel gas this advice is for, but can harm in a closed
    // space: asked about, not paged.
    askWhen: [
      'in general',
      'what does|do|would *3 smell|look|sound like',
      'how do|can|would i|you|we tell|know|check|detect',
      'signs of',
      'what if|happens if',
      '~news|articl|stori|movi',
      'sewer|sewag|septic|drain|swamp ~gas|smell',
    ],
    advice: "If you smell gas, leave the building now and call {{emergencyNumber}} or your gas company from outside. Don't use switches, flames or phones inside.",
    source: 'gas-utility',
  },
  {
    id: 'carbon_monoxide',
    category: 'carbon_monoxide',
    verticals: 'all',
    page: ['~monoxid', 'co|co2 alarm|alarms|detector|detectors|monitor'],
    // A low-battery chirp, a new or replaced detector or a test is not CO present; a detector beeping is treated as one
    // sounding (CDC: "if your CO alarm sounds, get outside").
    notWhen: ['~install|replac|new|batteri|chirp|test|instal'],
    advice: 'Get everyone outside into fresh air now and call {{emergencyNumber}} from outside.',
    source: 'cdc-co',
  },
  {
    id: 'fire',
    category: 'fire',
    verticals: 'all',
    page: [
      'on fire',
      '~caught|catch fire|flame',
      '~flame|ablaz',
      '~fire in|on|at the|my|our? *2 ~hous|home|kitchen|apart|build|garag|room|unit',
      'house|kitchen|apartment|building|garage|car|engine|electrical|grease ~fire',
      '~smoke *3 ~come|pour|fill|billow',
      '~smoke|smoking *2 from|out of? the|my? @appliance|@vehicle',
      '@appliance|@vehicle *2 ~smoke|smoking',
      'smoke|fire alarm|alarms|detector|detectors *2 going|went|sound off?',
      // "There's a fire", "we have a fire" told as the whole clause: a fire now (a fire pit or extinguisher is notWhen).
      'there|theres|have|got|has *1 a|big|huge fire $',
      'es: incendio|fuego',
    ],
    ask: ['~fire', '~smoke|smoki|smoky'],
    askWhen: ['@aftermath', 'clean|cleaning up|out', 'after the|a? ~flood|fire', 'on the news', '~news|articl|stori|movi|documentari'],
    notWhen: ['fire *1 me|him|her|them|you|up|away|pit|place|wood|fighter|department|extinguisher|inspection|sprinkler', 'fire the|your|that|this', '~cigarett|vape|vaping|smoker|barbecu|bbq|grill|brisket', '~smoke *2 ~chirp|beep|batteri|install|replac|inspect|test', '~exhaust|tailpip|muffler'],
    advice: 'If there is fire or smoke, get everyone out now and call {{emergencyNumber}} from outside.',
    source: 'nfpa',
  },
  {
    id: 'electrical',
    category: 'electrical',
    verticals: ['home_services', 'property_management', 'other'],
    page: [
      '~spark|sparki',
      '~arc|arcing',
      'burning *1 @smell|plastic|rubber|wire|wires',
      '@smell *2 like? something? burn|burning|burnt',
      'burnt @smell',
      '~electrocut',
      '~zap',
      '~shock|shocking me|him|her|us|them',
      'got|getting|get|was|been an? electric? ~shock',
      'live|exposed|bare|downed|down|hanging ~wire|line',
      'power line|lines *1 down|fell|fallen|sparking',
      '@electric *3 hot|burning|buzzing|sizzling|crackling|melting|melted|blackened|scorched',
      '~melt|scorch|char',
    ],
    notWhen: ['spark plug|plugs', 'sparkl', 'no spark', '~coil|ignit|cheese|butter|chocolat|snow|ice|hair|dye|bleach|color'],
    advice: 'Stay clear of the sparking or hot equipment; if it is safe, switch off the breaker. If there is smoke or fire, get out and call {{emergencyNumber}}.',
    source: 'nfpa',
  },
  {
    id: 'flooding',
    category: 'flooding',
    verticals: ['home_services', 'property_management', 'other'],
    page: [
      'burst|busted|broken|exploded|split|ruptured water? @pipe',
      '@pipe *1 has|have|just? burst|busted|broke|exploded|ruptured|split',
      '~flood',
      // Stemmed: the unstemmed 'everywher' of the first version compared the whole word and never matched "everywhere".
      'water *2 ~everywher|pour|gush|spray|rush|flood',
      'pouring|gushing|spraying|rushing water',
      // Rooms or a home filling with water (FEMA/Ready.gov: water inside the home; ESFI: keep away from wet electrics).
      '~fill|filled|fills up? with water',
      '~sewag|sewer *3 back|backing|overflow|coming|~everywher',
      'ceiling *2 ~collaps|fell|falling|caving',
      'es: inundacion|inundado',
    ],
    ask: [
      '~leak|leaki|leaky *3 ceiling|roof|wall|floor|basement|pipe|water|everywher',
      '~ceil|roof|wall|pipe *3 ~leak|leaki|leaky',
      'water *2 ~leak|leaki|leaky|drip',
      'water *3 ceiling|basement|coming|through',
      // An overflowing toilet or drain: unsure (sanitation, water damage); "everywhere", "flooding" or electrics page.
      // (Before, 'backing up' was one token pair of the same cue, so "toilet overflowing" needed a following "up".)
      'toilet|drain|toilets|drains|loo|wc *2 ~overflow',
      'toilet|drain|toilets|drains|loo|wc *2 backing|backed up',
    ],
    // Water reaching electrical equipment (a light fixture, an outlet) pages: ESFI flooding safety.
    escalateWhen: ['~everywher|pour|gush|spray|flood|electr|outlet|panel|inch|fixtur', 'ceiling light|lights|fan', 'wont|cant stop|shut|turn'],
    // A request for the cleanup or restoration after a flood is not a flood now: ask (FEMA's "after a flood" stage).
    // Flooding outdoors (a yard, a garden, the street) threatens no one inside yet: the urgency question, not a page.
    askWhen: ['@aftermath', 'clean|cleaning up|out', 'after the|a? ~flood|fire', 'in|on|across the|my|our? ~yard|garden|lawn|street|road|driveway|backyard|field|paddock', '~yard|garden|lawn|street|road|driveway|backyard|field|paddock *4 ~flood'],
    // A sewer smell is not sewage coming in ("a sewer smell coming from the drains"): not this hazard in that clause.
    notWhen: ['~flood insur|zone|plain|light|lights|certif|map|polic', 'sewer|sewag|septic @smell|gas', '@smell *2 sewer|sewag|septic'],
    advice: 'If it is safe, shut off the main water valve and keep away from outlets and wet electrical equipment.',
    source: 'esfi-flooding',
  },
  {
    id: 'no_water',
    category: 'other',
    verticals: ['property_management', 'home_services'],
    page: [],
    ask: ['no running? water', 'water *2 shut|turned|cut off', 'dont|doesnt have any? running? water'],
    // Water someone's care depends on (dialysis at home, an infant's formula, a bedridden person): CDC clean water for medical needs.
    escalateWhen: ['~baby|babi|infant|newborn|bedridden|bedbound|dialysi', 'medical ~equip|devic|machin|care'],
    notWhen: ['hot water'],
    advice: 'If anyone at home depends on water for medical care, tell us now.',
    source: 'hud-habitability',
  },
  {
    id: 'no_power',
    category: 'electrical',
    verticals: ['home_services', 'property_management', 'other'],
    page: [],
    // A power cut is asked about (is anyone at risk?); with someone on powered medical equipment, or another person at
    // risk, it pages (CDC power outages and medical devices).
    ask: ['no power|electricity', 'power|electricity *2 out|off|down|cut|gone', 'power ~outag|failur', '~blackout'],
    escalateWhen: ['oxygen|ventil|ventilator|dialysi|concentr|cpap|bipap|nebul|insulin', 'medical ~equip|devic|machin', 'life support'],
    notWhen: ['@vehicle|engine|steer|brake|batteri|phone|laptop|comput|tool|saw|drill|washer'],
    advice: 'If anyone depends on powered medical equipment, call {{emergencyNumber}} now if it has stopped.',
    source: 'cdc-power-outage',
  },
  {
    id: 'no_heat',
    category: 'no_heat',
    verticals: ['home_services', 'property_management', 'other'],
    page: ['~pipe *2 frozen|froze', 'frozen ~pipe', 'freezing|frozen in|inside here', 'freezing|frozen in|inside the|my|our house|home|apartment|place'],
    ask: [
      'no heat|heating',
      'dont|doesnt have any? heat',
      '~heat|heater|heating|furnac|boiler *3 out|not|stopped|died|broke|broken|quit|isnt|wont|off',
      '@coldtemp degrees|degree|f *2 inside|indoors|here|house|home|apartment',
      'inside|indoors|house|home|apartment *2 @coldtemp degrees|degree|f',
      'temperature|temp|thermostat|reads|reading|showing *2 @coldtemp',
    ],
    escalateWhen: [
      '~freez|frozen|zero|below|snow|ice|icy|cold',
      '@vulnerable',
      '@oldage year|years|yr|yrs',
      'heart|lung condition|conditions|problem|problems|diseas|failur|patient',
      'medical ~equip|devic|machin',
      '@coldtemp degrees|degree|f',
      'temperature|temp|thermostat|reads|reading|showing *2 @coldtemp',
    ],
    advice: 'If anyone is at risk from the cold, get them somewhere warm; never heat the home with an oven or generator. Call {{emergencyNumber}} if someone is unwell.',
    source: 'cdc-cold',
  },
  {
    id: 'no_cooling',
    category: 'no_cooling',
    verticals: ['home_services', 'property_management', 'other'],
    page: ['heat stroke|exhaustion', 'heatstrok'],
    ask: [
      'no ac|air|cooling|aircon',
      'no air condition|conditioning|conditioner',
      '~ac|air|cooling|condition|conditioner|aircon *3 out|not|stopped|died|broke|broken|quit|isnt|wont|off|failur|fail|dead',
      'not cooling',
      '@hottemp degrees|degree|f',
      'temperature|temp|thermostat|reads|reading|showing *2 @hottemp',
    ],
    escalateWhen: [
      '@vulnerable',
      '@oldage year|years|yr|yrs',
      'heart|lung condition|conditions|problem|problems|diseas|failur|patient',
      'medical ~equip|devic|machin',
      '@hottemp degrees|degree|f',
      'temperature|temp|thermostat|reads|reading|showing *2 @hottemp',
      '~faint|dizzi|confus',
    ],
    // A hot temperature of water, food, a fever or an appliance is not the room's.
    notWhen: ['~water|heater|tank|shower|bath|oven|grill|cook|bake|fever|pool|tub|sauna|engin|coolant'],
    advice: 'If anyone feels faint or overheated, move them somewhere cool and call {{emergencyNumber}} if someone is unwell.',
    source: 'cdc-heat',
  },
  {
    id: 'chest_pain',
    category: 'medical',
    verticals: 'all',
    page: [
      'chest *2 ~pain|tight|pressur|hurt|hurting|crushing|heavi|squeez',
      '~pain|pressur|tight|heavi|squeez *3 chest',
      '~pain|pressur|tight|ach *2 on|in the? left|right? side of my|the? chest',
      'heart attack',
      // AHA warning signs: pain spreading to an arm, the jaw or the neck; crushing or squeezing pressure.
      '~pain|ach|hurt *4 ~radiat|spread|goe|go *8 arm|jaw|neck|shoulder',
      '~crush|squeez *5 chest|heart',
      'es: dolor de pecho',
    ],
    ask: ['heart *2 ~race|pound|flutter|palpit|hurt|pain', '~palpit'],
    advice: 'If this is a medical emergency, call {{emergencyNumber}} now.',
    source: 'aha-heart',
  },
  {
    id: 'stroke',
    category: 'medical',
    verticals: 'all',
    // AHA: sudden numbness or weakness of the face, an arm or a leg; "can't feel my hand" is that sign in lay words.
    page: [
      '~stroke',
      'face *2 droop|drooping|numb',
      'slurred|slurring speech?',
      'cant|cannot|couldnt feel|move my|his|her|their? *1 face|side|body|@bodypart',
      'lost|lose|losing|no feeling|sensation in|of my|his|her|their? *1 face|side|body|@bodypart',
    ],
    ask: ['~numb'],
    // Numbness a dental or medical anaesthetic leaves behind is expected, not a stroke sign.
    notWhen: [
      'two|four|2|4|2t|4t|brush|piston|engine|stroker|swim|heat',
      '~novocain|anesthet|anaesthet|lidocain|epidur',
      'numbing|numbed',
    ],
    advice: 'If this is a medical emergency, call {{emergencyNumber}} now.',
    source: 'aha-heart',
  },
  {
    id: 'breathing',
    category: 'medical',
    verticals: 'all',
    page: [
      'cant|cannot|couldnt breath|breathe',
      'unable to ~breath',
      'not|isnt|stopped breathing',
      '~struggl|troubl|difficult|hard breathing|breath|breathe',
      'trouble|difficulty|hard|struggling to? breath|breathe|breathing',
      // NHS 999: "struggling to breathe"; lay forms of it.
      // (the typo corrector turns "breath" into "breathe" first, so both spellings are listed)
      '~struggl to? breath|breathe|breathing',
      'hard time to? breath|breathe|breathing',
      'cant|cannot|couldnt take|catch|get my? breath|breathe',
      // Short of breath NOW, said of oneself or someone ("I'm short of breath"); "breath" is read as "breathe" by the
      // typo corrector (see above), so both spellings (before this pass the cue listed only "breath" and never matched).
      'im|hes|shes|were|theyre *1 short of breath|breathe',
      'i|he|she|we|they am|is|are *1 short of breath|breathe',
      // Snowball stems "choking" to "choke" (the stem "chok" matched no form of the word).
      '~choke',
      'throat *2 ~swell|clos|tight',
      '~anaphylax|anaphylact',
      'turning|turned|going blue',
      'es: no puede respirar',
    ],
    // Shortness of breath listed among symptoms (a GP matter unless it is now and severe): asked.
    ask: ['heavy|heavi|fast|rapid breathing', 'short|shortness of breath|breathe'],
    // NHS: breathlessness only on exertion or in the past is a GP matter; asked, not paged.
    askWhen: ['after|when|during|while *3 ~run|exercis|effort|stair|walk|climb|workout|sport', 'last year|month|week', 'years|months|weeks ago'],
    notWhen: ['~engin|motor|car|truck|exhaust|filter|intak|cabl|carburet', 'choke valv'],
    advice: 'If someone cannot breathe, call {{emergencyNumber}} now.',
    source: 'nhs-999',
  },
  {
    id: 'severe_bleeding',
    category: 'medical',
    verticals: 'all',
    page: [
      '~bleed *2 heavily|badly|lot|everywhere|out|profusely|wont|cant|not',
      'lot|lots|pool of blood',
      'blood everywhere|gushing|pouring|spurting',
      'cant|wont stop *1 the? bleeding',
    ],
    ask: ['~bleed', 'blood'],
    escalateWhen: ['~deep|cut|gash|wound|stab|shot|spurt'],
    notWhen: ['~bleed *2 the|my? brake|radiat|line|system|valv|screw|air|coolant', 'blood *1 ~test|work|pressur|sugar|draw|type|donat|panel|result|count'],
    advice: 'Press firmly on the wound and call {{emergencyNumber}} now.',
    source: 'stop-the-bleed',
  },
  {
    id: 'unresponsive',
    category: 'medical',
    verticals: 'all',
    page: [
      '~unconsci|unrespons',
      'passed out',
      '~faint',
      'wont|cant|not wake|waking up?',
      '~seizur|convuls',
      'cardiac arrest',
      'having a fit',
      '~overdos',
      '~collaps *2 on|to? the? floor|ground',
      'wont|cant|not respond|responding',
      '~suicid',
      'kill|hurt|harm myself',
      'want to die',
      'es: inconsciente',
    ],
    notWhen: [
      'faint noise|sound|smell|light|hum|click|squeal|whine',
      // A device that "is not responding" is not a person.
      '~thermostat|remot|app|screen|phone|comput|laptop|system|unit|button|display|websit|site|control|keypad|tv|devic|printer|server|email|landlord|compani|offic',
    ],
    advice: 'If someone is unresponsive, having a seizure or in danger, call {{emergencyNumber}} now.',
    source: 'nhs-999',
  },
  {
    id: 'serious_injury',
    category: 'medical',
    verticals: ['medical_office', 'dental', 'other'],
    page: [
      '@broken my|his|her|their|a? @bodypart',
      '@bodypart *5 is|are|got|was|be|might|may|think|its? @broken',
      'bone *2 sticking|poking out',
      '~hit|bang|bump|injur|hurt *3 head',
      'head injury|wound|trauma',
      '~concuss',
      '@broken *4 @bodypart',
      '~dislocat',
      // "can't move the appointment" is no injury: the body part or a person is spelled out.
      'cant|cannot walk',
      'cant|cannot|couldnt move my|his|her|their|the? @bodypart|legs|arms|body|neck|side',
      'he|she|they|@relative *2 cant|cannot|couldnt move',
      // "can't stand up" is an injury; "can't stand him / the rain / waiting" is dislike (an English idiom).
      'cant|cannot|couldnt stand up|upright|on|without',
      'severe|severely|unbearable|excruciating|extreme ~pain',
      'in agony',
      'worst headache',
      '~pregnan *4 ~bleed|contract',
      'deep ~cut|gash|wound|lacer',
      // Stop the Bleed / NHS 999: a deep or gaping wound.
      '~cut|slice|slic|sliced|wound|gash *3 deep|deeply|badly|wide|gaping',
      '~cut *3 to the? bone|tendon',
      'severe|severely|bad|badly ~burn|burnt',
      '~burn *3 severe|severely|badly|blister',
      // "stabbed", not the stem: "a stabbing pain" and "take a stab at it" are no wound.
      'stabbed|gunshot',
      'stab ~wound',
      // A person shot ("the old battery was shot" is worn out).
      'i|ive|we|weve|he|hes|she|shes|they|theyve|someone|somebody|@relative *2 been|got|was|were shot',
      '~swallow *3 bleach|poison|pills|batteri|magnet|detergent|chemic',
      '~hurt|injur *3 badly|seriously|severely|really bad',
      '~fell *3 down? the? stairs|ladder|roof',
      'hit|struck by a|the? car|truck|vehicle|bus',
      'run over',
      'es: hueso roto',
    ],
    ask: ['cant|cannot|couldnt stand', 'badly ~hurt|injur', '~sprain|fractur', 'allergic ~reaction', 'high ~fever', 'very sick', '~confus|disori', '@dependent|i|he|she|someone|somebody ~fell|fall', '~injur'],
    notWhen: [
      'cant|cannot|couldnt stand him|her|them|it|that|this|these|those|people|their|his|when|being|waiting|losing|anyone',
      'control|rocker|wiper|swing|sway|trailing|pitman|idler|tie|radius arm|arms',
      '~window|windshield|glass|mirror|screen|phone|door|handl|seat|brake|ebrak|pedal|gasket',
    ],
    advice: 'If someone is badly hurt, call {{emergencyNumber}} now and keep them still.',
    source: 'nhs-999',
  },
  {
    id: 'eye_injury',
    category: 'medical',
    verticals: 'all',
    // AAO first aid: an object stuck in the eye or a chemical in it needs emergency care; AHA BE-FAST: sudden loss of sight.
    page: [
      'glass|shard|metal|nail|splinter|chemical|bleach|acid *4 in|into my|his|her|the? left|right? eye|eyes',
      'stuck *3 in my|his|her|the? left|right? eye|eyes',
      'sudden|suddenly *4 ~blur|blurri|blurry|blurred|lost|lose|losing|no vision|sight',
      'lost|lose|losing my|the? vision|sight',
    ],
    ask: ['~blur|blurri|blurry|blurred vision|sight', 'eye *3 ~injur|hit|hurt|bleed'],
    advice: 'Do not rub the eye or pull anything out of it; for a chemical, rinse with clean water; call {{emergencyNumber}} or go to an emergency department now.',
    source: 'aao-eye',
  },
  {
    id: 'dental_trauma',
    category: 'medical',
    verticals: ['dental'],
    page: [
      'knocked|knock *1 out? *2 ~tooth|teeth',
      '~tooth|teeth *3 knocked|fell|came out|loose',
      '~swell|swollen *3 face|jaw|cheek|eye|neck',
      'face|jaw|cheek *2 ~swell|swollen',
    ],
    ask: ['~broke|broken|chipped|cracked|lost a|my? *1 ~tooth|teeth|crown', '~abscess', '~bleed *3 gum|gums|mouth|socket'],
    escalateWhen: ['~fever|swallow|breath|eye|spread|accid|hit|fell'],
    advice: 'If a tooth is knocked out, hold it by the crown and keep it in milk; for swelling that affects breathing or swallowing, call {{emergencyNumber}}.',
    source: 'ada-dental',
  },
  {
    id: 'pet_poisoning',
    category: 'medical',
    verticals: ['veterinary'],
    // Up to six words between the eating and the toxin: "ate a whole bar of dark chocolate".
    page: ['~ate|eat|eaten|swallow|chew|lick|got|drank|drink into? *6 @toxin', '~poison', 'es: envenenado'],
    notWhen: ['poison ivy|oak', 'food poisoning'],
    advice: 'Keep your pet away from what it ate and bring the packaging; call your emergency vet or an animal poison control line now.',
    source: 'avma-pet',
  },
  {
    id: 'pet_trauma',
    category: 'medical',
    verticals: ['veterinary'],
    page: [
      '@pet *3 ~hit|struck|attack|bitten|maul',
      '@pet *3 run over',
      '@pet *4 ~bloat|retch|collaps|seizur',
      '@pet *4 cant|not|isnt|stopped ~breath|pee|urin',
      '@pet *4 straining to? ~pee|urin',
      '~dry ~heav',
      '~retch',
      'swollen|bloated *2 belly|stomach|abdomen',
    ],
    ask: ['@pet *4 ~vomit|throw|bleed|limp|letharg', '@pet *4 wont|not|isnt eat|eating'],
    advice: 'Keep your pet still and warm and get to an emergency vet now.',
    source: 'avma-pet',
  },
  {
    id: 'locked_in',
    category: 'security',
    verticals: 'all',
    page: [
      '@dependent *4 ~lock|stuck|trap *3 ~in|insid',
      '~lock *8 @dependent *2 ~in|insid|still',
      '~lock *4 keys? *2 ~in|insid *3 with my|our|the|a? @dependent',
    ],
    advice: 'A child or pet shut in a car or home is in danger within minutes: call {{emergencyNumber}} now.',
    source: 'nhtsa-hot-car',
  },
  {
    id: 'break_in',
    category: 'security',
    verticals: ['home_services', 'property_management', 'locksmith', 'other'],
    page: ['break in|into', 'broke|broken in|into', '~intrud', 'someone|somebody *2 in|inside|into my|the|our house|home|apartment'],
    // A door or window forced open may be a break-in, or the caller's own lockout: ask.
    ask: ['~kick|forc|smash|pri|pry *3 door|window|lock in|open', '~door|window|lock *2 ~kick|forc|smash|pri|pry in|open'],
    // Scheduling talk ("someone will be in the house to let you in") is not an intruder.
    notWhen: ['~brake|period|new|shoe|boot', 'let|letting you|the|them|him|her|us? in', 'someone|somebody will|can|could|would|should be'],
    advice: 'If you are in danger, get to a safe place and call {{emergencyNumber}}.',
    source: 'nfpa',
  },
  {
    id: 'car_accident',
    category: 'other',
    verticals: ['auto_repair', 'other'],
    page: ['~crash|wreck *3 just|now|hurt|injured|bleeding|ambulance|stuck|trapped'],
    ask: ['car|auto ~accident', 'in|had an? ~accident|crash|wreck|collision', '~crash', 'hit by', 'rear ~end', 't ~bone'],
    // Other senses of "crash": a short course, software, a place to sleep.
    notWhen: [
      '~crash *1 course|courses|pad|diet|test|landing|cart|cymbal|mat',
      '~comput|laptop|app|websit|site|server|program|softwar|game|browser|market|stock|screen|tv',
      'crashed|crash|crashing at|on my|a|his|her|the? friend|friends|place|couch|sofa|bed',
    ],
    escalateWhen: ['~hurt|injur|bleed|ambul|trap|highway|freeway|fire|smoke', 'just|right now'],
    advice: 'If anyone is hurt, call {{emergencyNumber}}; if you can, move off the road and turn on your hazard lights.',
    source: 'nhtsa-crash',
  },
  {
    id: 'vehicle_failure',
    category: 'other',
    verticals: ['auto_repair', 'other'],
    page: [
      'no|lost|lose|losing|without the|my? ~brake',
      '~brake *2 ~fail|gone|quit',
      '~brake *2 went|gave out',
      '~brake *2 not|stopped|dont|wont|arent ~work',
      'brake failur',
      '~brake *2 ~lock|seiz|grab',
      '~smoke *3 brake|wheel|tire|tyre',
      '~tire|tyre *2 blew|blowout|exploded',
      '~blowout',
      'exhaust|fumes *3 inside|cabin',
      'cant|couldnt stop the? car|truck|van|vehicl',
      'cant|cannot|couldnt|unable to? brake',
      'pedal *5 to the? floor',
      '~batteri *3 ~smoke|explod|melt|swell|swollen|caught',
      'lost|lose|losing|no power? steering',
      'steering *1 ~fail|lock',
      'wheel *2 came|fell|coming|falling off',
      'accelerator|throttle|pedal *1 stuck',
      '~smoke *3 hood|engin',
      'hood|engine *3 ~smoke|fire|flame',
    ],
    ask: [
      '~overheat *4 ~smoke|steam|hood',
      '~steam *3 hood|engin',
      '~fuel|gas|gasolin|petrol *2 ~leak|drip|pour|spray',
      'brake fluid *2 ~leak|drip',
      '~die|stall|cut *4 while ~drive',
      '~die|stall|cut *4 on the? highway|freeway|interstate|motorway',
      '~shut off *4 while ~drive',
    ],
    escalateWhen: ['~pour|spray|everywher|puddl|highway|freeway|interstate|motorway'],
    // A car that is not being driven (parked, "I can't drive it") is not a failure at speed: ask (NHTSA: the danger is
    // losing control while moving).
    askWhen: [
      'cant|cannot|couldnt|wont|unable to? drive',
      'cant|cannot|couldnt|wont|unable to? take it|her *3 ~drive|road|anywher',
      'not|isnt|wasnt|havent|stopped|been driving|driven',
      'parked|sitting in? the|my? driveway|garage|lot|street',
      'in|at the|my|our driveway|garage',
    ],
    notWhen: ['parking|hand brake', '~brake light|dust|job|servic|pad|shoe|caliper|rotor|squeak|squeal|nois|grind'],
    advice: "If you're driving, pull over when it is safe, turn on your hazard lights and switch the engine off; call {{emergencyNumber}} if anyone is in danger.",
    source: 'nhtsa-crash',
  },
  {
    // Stranded where traffic can hit you: a danger whether or not the car can still be driven (no askWhen).
    id: 'stranded_vehicle',
    category: 'other',
    verticals: ['auto_repair', 'other'],
    page: [
      'stuck|stranded|stalled on|in the? highway|freeway|interstate|tracks|railroad|motorway',
      'broke|broken down on|in the? highway|freeway|interstate|tracks|railroad|motorway',
      'middle of the? road|intersection|highway',
    ],
    advice:
      'Turn on your hazard lights and, if you can, move off the road; call {{emergencyNumber}} if anyone is in danger.',
    source: 'nhtsa-crash',
  },
  {
    id: 'arrest',
    category: 'other',
    verticals: ['legal'],
    page: ['~arrest', 'in|into custody', 'in jail', '~detain', 'locked up', 'police *2 took|picked|arrested|have'],
    ask: ['~bail', 'warrant', 'es: arrestado|detenido'],
    // A question about the law in general ("can someone be arrested for ...") is no arrest now: ask.
    askWhen: [
      'can|could|would|will|do|does|should|might you|someone|somebody|people|anyone|anybody|they|i' +
        ' *2 get|be|go to? ~arrest|jail',
      'what happens|happen if',
      'is it illegal|legal',
    ],
    notWhen: ['cardiac', 'arrest record|records|history', '~expung|seal'],
    advice: 'You have the right to stay silent and to ask for a lawyer; do not sign anything until you have spoken to one.',
    source: 'aba-arrest',
  },
  {
    id: 'court_deadline',
    category: 'other',
    verticals: ['legal'],
    page: [
      'court|trial|deposition|arraignment|sentencing *4 tomorrow|today|tonight|tomorrows',
      'tomorrow|today *4 court|trial|arraignment',
      'restraining|protective order',
      'eviction *3 tomorrow|today',
    ],
    ask: ['~deadlin *3 tomorrow|today', '~served *3 papers|summons|eviction|lawsuit'],
    advice: 'Keep every paper you received; a lawyer will call you as soon as possible.',
    source: 'uscourts-deadline',
  },
  {
    id: 'trapped',
    category: 'security',
    verticals: 'all',
    page: ['stuck|trapped in the|an? elevator|lift', '~trap insid'],
    // The caller shut in somewhere a person cannot get out of alone (a car, a car wash, a cold room): asked.
    ask: ['locked|stuck|trapped in|inside my|our|the|a|an? walk|walkin? in? car|trunk|vehicle|freezer|cooler|wash|unit|vent|shaft|well|container'],
    advice: 'If anyone is trapped or in danger, call {{emergencyNumber}} now.',
    source: 'nfpa',
  },
  {
    // 911.gov / NENA: a crime in progress or a threat to someone's life is a 911 call; Ready.gov "Active shooter": run,
    // hide, then call. Written for every vertical: a caller in danger texts whichever number they have.
    id: 'violence',
    category: 'security',
    verticals: 'all',
    page: [
      'shots fired',
      '~gunshot|gunfir',
      'active shooter',
      '@assailant *3 ~shoot|shot|shooting at? @victim',
      '@assailant *3 ~shoot|shot|shooting at? my|our|his|her|their|a @relative',
      '@assailant *3 ~stab|stabbing @victim',
      '@assailant *3 ~stab|stabbing my|our|his|her|their|a @relative',
      // "shot" needs a person ("my transmission is shot" is worn out); "stabbed" does not.
      'i|ive|we|weve|he|hes|she|shes|they|theyve|someone|somebody|@relative *2 was|were|been|got|getting|being|is|are|just shot',
      'stabbed',
      'stabbed|stabbing|shooting *4 street|road|school|mall|store|park|house|building|apartment|block|corner|party|club|bar|station|church|neighborhood|parking|complex|outside|door|neighbors',
      'someone|somebody|people|man|men|guy|guys|he|they|shooter *2 shooting|firing $|outside|at|in|on|near|everywhere|again|into|from',
      'a|the|there|theres stabbing|shooting',
      '@assailant *4 has|have|had|with|pulled|pulling|pointing|pointed|waving|holding|got|grabbed an|a|his|her? @weapon',
      '@weapon *2 to my|his|her|our|their? head|throat|neck|chest',
      'at gunpoint|knifepoint',
      'at gun|knife point',
      'armed ~robber|man|men|intrud|suspect|guy',
      'robbery *2 in progress|happening|right now',
      'being|getting mugged|attacked|assaulted|beaten|raped',
      '~hostag',
      '@assailant *3 ~attack|assault|beat|beaten|punch|choke|strangl|rape|raped|slap|hit|hitting @victim',
      '@assailant *3 ~attack|assault|beat|beaten|punch|choke|strangl|rape|raped|slap|hit|hitting my|our|his|her|their|a @relative',
      'i|we|he|she|someone|somebody|@relative *2 was|were|been|got|is|are|just ~attack|assault|beaten|mugged|raped|strangl',
      '~threaten *4 ~kill|shoot|stab|murder|hurt|harm|beat',
      '~threaten @victim with an|a? @weapon',
      '@assailant *3 trying|tried to? kill|shoot|stab|murder @victim',
      'a|the|there|theres fight|brawl *2 outside|front|street|going|broke',
      '~fight *3 with an|a? @weapon',
      'es: disparo|disparos|balacera|apunalado|apuñalado',
    ],
    // "going to kill me" is also an idiom of annoyance ("my wife is going to kill me if I'm late"): asked, not paged.
    // "I'm getting robbed" is also said of prices: asked.
    ask: [
      'being|getting robbed',
      '@assailant *2 just? hurt|hurting @victim',
      // MPDS 27 / APCO "shooting, stabbing" told by the one who did it
      'i|we *2 shot|stabbed my|our|his|her @relative|him|her|them|someone|somebody', '@assailant *3 going|gonna|wants|want to? kill|shoot|stab|murder @victim', '@assailant *3 ~rob|threaten @victim', '@assailant *3 ~threaten my|our|his|her|their|a @relative', '@assailant *3 said|says *2 kill|hurt @victim'],
    notWhen: [
      // Other senses: a photo or video shoot, sending a text, a shot of medicine, a try, pain that "stabs", a price.
      '~photo|photograph|photographer|photoshoot|video|film|filming|camera|portrait|headshot|model|studio|hoop|hoops|basketbal|pool|hunt|target|clay|skeet|paintbal|laser|nerf|game|star|wedding|engag|session|album|music|scene',
      'shoot|shot|shooting *3 text|email|message|line|note|quote|pic|picture|photo|photos|number|invoice|link|msg|dm|reply|over|call|estimate|look|glance|smile|wink',
      // Hitting or shooting a relative's thing ("someone hit my dad's truck") is no assault.
      '@relative ~car|truck|van|suv|vehicl|bike|mailbox|fenc|hous|home|garag|gate|door|bumper|trailer|phone|window|wall|room|stuff|thing|toy|ball|bag|backpack|shoe|key',
      '~flu|booster|vaccin|covid|allergi|cortison|insulin|tetanus|rabi|espresso|tequila|whiskey|vodka shot|shots',
      'take|took|taking|have|give|gave a? stab at',
      'stabbing|shooting|sharp pain|pains|sensation|ache',
      'nail|glue|heat|spray|caulk|caulking|staple|massage|water|nerf|toy|bb|airsoft|paint|grease|tattoo|radar|squirt|foam|pressure|pellet|impact|soldering|starter|nozzle gun|guns',
      '@weapon *1 ~collect|sharpen|set|block|skill|class|safe|cabinet|licens|permit|rang|store|shop|show|holster|case|lock|clean|repair',
      '~beat *3 ~price|quot|deal|offer|estimat|rate|record|time|traffic|rush|it|that|everyone|competitor',
      'hit|hitting me|us up|with',
      'kick|kicked|kicking *2 out|off',
      'fight|fighting *3 ~ticket|charg|case|cold|flu|infect|bill|claim|insur|custodi|evict',
    ],
    advice: 'If you are in danger, get to a safe place, keep away from the person and call {{emergencyNumber}} now.',
    source: 'violence-911',
  },
  {
    // Someone inside the caller's home or trying to get in now (911.gov: a crime in progress), for every vertical; the
    // narrower `break_in` entry above also covers forced doors for home services, property managers and locksmiths.
    id: 'intruder',
    category: 'security',
    verticals: 'all',
    page: [
      'someone|somebody|stranger|intruder|man|guy|people|person *3 breaking|climbing|break in|into|through',
      'someone|somebody|stranger|intruder|man|guy|people|person *2 trying|tried to get|climb|break|force in|into|through',
      'someone|somebody|stranger|intruder|man|guy|people|person *2 is|are|s? in|inside my|our|the house|home|apartment|bedroom|basement|garage|yard|backyard',
      'broke|broken in|into *4 still|inside|here|now|upstairs|downstairs',
      '~hear|heard *3 someone|somebody|footsteps|people *2 in|inside|downstairs|upstairs',
    ],
    // Scheduling talk ("someone will be in the house to let you in") is not an intruder.
    notWhen: ['let|letting|will|can|could|would|should|tech|technician|plumber|cleaner|contractor|worker|sitter|nanny|babysitter|living|live|lives|staying|stay|working|work|anytime|always|usually'],
    advice: 'If someone is inside or breaking in, get out or lock yourself in a room, and call {{emergencyNumber}} now.',
    source: 'violence-911',
  },
  {
    id: 'domestic_violence',
    category: 'security',
    verticals: 'all',
    page: ['domestic violence|abuse|dispute|disturbance', '~abus|abusiv *3 me|us', '~abus *3 my|our|the @child', 'es: violencia domestica|doméstica'],
    // A case, a charge or a past relationship asked about (a lawyer's or counsellor's caller) is asked, not paged.
    askWhen: ['last|ago|years|used|past|history'],
    notWhen: ['~lawyer|attorney|case|charg|court|hearing|trial|custodi|divorc|record|order|accus|arrest|class|counsel|program|support|group|therapi|therapist|shelter|volunt|donat', 'drug|drugs|substance|alcohol|opioid'],
    advice: 'If you are in danger now, call {{emergencyNumber}}. When it is safe, the National Domestic Violence Hotline (1-800-799-7233, text START to 88788) can help.',
    source: 'dv-hotline',
  },
  {
    // NCMEC: there is no waiting period; call law enforcement at once with a description and where the child was seen.
    id: 'missing_child',
    category: 'security',
    verticals: 'all',
    page: [
      '@relative *3 is|are|went|gone|been|s missing',
      'year|yr|years|yrs|month|months old *3 is|are|went|gone|been|s missing',
      'missing @child|kid|person|toddler|boy|girl',
      // The child named before the word: "a baby missing from her crib", "our toddler missing since noon".
      '@child|kid|toddler|boy|girl *1 missing $|from|out|since|again|now',
      'cant|cannot|couldnt find|locate my|our|the @child $',
      'cant|cannot|couldnt find|locate my|our|the @relative anywhere',
      'lost my|our @child $',
      'lost my|our @child at|anywhere|somewhere',
      '@relative *3 wandered|ran off|away',
      'year|yr|years|yrs|month|months old *3 wandered|ran off|away',
      '@relative *3 disappeared|vanished',
      '@relative *3 didnt|hasnt|never|not came|come home',
      '~kidnap|abduct',
      'someone|somebody|stranger|man|woman|guy|car|van *3 grabbed|snatched|lured|abducted|kidnapped my|our|a|the @child',
      'someone|somebody|stranger|man|woman|guy|car|van *3 took|drove|ran off|away with my|our|a|the @child',
      'es: mi hijo|hija|nino|niña|nina *2 desaparecio|desaparecido|desaparecida',
    ],
    notWhen: [
      // The verb "miss" with an object ("missing school", "missing a tooth") and a past loss ("lost our son last year").
      // "missing his appointment", "missing a tooth" (a determiner right after; "missing from the yard" is a child gone).
      'missing *1 school|class|classes|work|practice|appointment|appointments|teeth|tooth|piece|pieces|part|parts|filling|crown|tile|shingle|paperwork|form|payment|days',
      'missing a|an|the|his|her|their|its|my|our|some',
      'missing out on',
      '~pass|passed|died|death|funeral|grief|griev|memori|miscarri',
      'years|year|months ago',
      'last year|month|spring|summer|winter|fall',
    ],
    advice: 'Call {{emergencyNumber}} now: there is no waiting period to report a missing child. Say what they were wearing and where they were last seen.',
    source: 'ncmec-missing',
  },
  {
    // NHTSA / Red Cross: after a crash, call 911 if anyone is hurt or trapped; do not move an injured person unless there
    // is fire. For every vertical (the auto-only `car_accident` entry above asks about crashes without injury words).
    id: 'crash_injury',
    category: 'medical',
    verticals: 'all',
    page: [
      '@crash *5 ~trap|pinned|stuck|unconsci|unrespons|bleeding|ambul|paramed|hurt|injur',
      'trapped|pinned|stuck|unconscious|bleeding|hurt|injured *5 @crash',
      '@crashvehicle *3 flipped|rolled|overturned|upside|flip',
      '@crashvehicle *3 into the|a? water|river|lake|canal|tree|pole|building|house|pedestrian|crowd',
      'hit|struck|ran|run|knocked over|down? a|an|the|some? pedestrian|cyclist|biker|kid|child|person|guy|man|woman|lady|boy|girl|someone|somebody',
      'hit|struck|run|knocked over|down? by a|an|the? @crashvehicle|driver',
      'head on @crash|collision',
    ],
    // NHTSA: a vehicle in water is a 911 call (get out through a window at once).
    ask: ['@crashvehicle|traffic|auto|road @crash', '@crashvehicle *3 in|under|into the|a? water|river|lake|canal|pond|creek'],
    escalateWhen: ['just|right now|still|~trap|bleed|unconsci|ambul'],
    // A crash in the past (a repair quote, an insurance claim, a lawyer's case) is asked about, not paged.
    askWhen: [
      'last|ago|yesterday|previous|earlier|old|prior',
      '~insur|claim|adjust|settlement|lawyer|attorney|case|estim|quot|repair|bodywork|dent|bumper|physio|therapi|chiropractor|whiplash|followup|appoint|checkup|check|exam|doctor|xray|scan',
    ],
    notWhen: [
      '@crash *1 course|courses|pad|diet|test|landing|cart|cymbal|report|mat|repair|center|centre|shop|coverag|deductibl|damag',
      '~comput|laptop|app|websit|site|server|system|phone|program|softwar|game|browser|market|stock|price|sale|screen|tv',
      'crashed|crash|crashing at|on my|a|his|her|the? friend|friends|place|couch|sofa|bed',
      'by accident|accidental|accidentally',
      '@crash *2 on the? carpet|floor|rug|bed|couch|pants|potty|toilet',
      // A pet hit by a car is the vet's `pet_trauma` (asked elsewhere), not a person's injury.
      '@pet',
      'no one|noone|nobody|nobodys *2 hurt|injured|injuries',
      'everyone|everybody|we|were|both|all *2 ok|okay|fine|safe|alright|good|unhurt',
      'no|minor|without ~injur',
      'not hurt|injured',
    ],
    advice: 'If anyone is hurt or trapped, call {{emergencyNumber}} now; do not move an injured person unless there is fire. Turn on your hazard lights.',
    source: 'crash-injury',
  },
  {
    // Ready.gov / FEMA: after an explosion get away from the building, do not go back in, call 911; gas smell: no flames.
    id: 'explosion',
    category: 'fire',
    verticals: 'all',
    page: [
      '~explos',
      // "blew" alone is a fuse or a fan ("a fuse blew", "the fan blew cold air"): only "blew up" counts.
      '@appliance|@vehicle|tank|boiler|transformer|propane|cylinder|generator|grill|heater|house|building|something|bomb *3 ~explod',
      '@appliance|@vehicle|tank|boiler|transformer|propane|cylinder|generator|grill|heater|house|building|something|bomb *3 blew|blown up',
      '~explod',
      'bomb|bombs *2 threat|scare|found|package|device',
      'there|theres is? a bomb',
      'suspicious package|device',
    ],
    ask: ['loud|huge|big|massive|giant ~bang|boom|blast'],
    escalateWhen: ['~fire|smoke|gas|smell|hurt|injur|transform|window|shook|shake|shaking'],
    notWhen: [
      '~diarrhea|diarrhoea|poop|stool|vomit|growth|flavor|flavour|sale|temper|anger|personal|popular|color|colour|popul|laughter|inbox|notif|messag|text|head|brain|airbag|popcorn|balloon|confetti|glitter',
      '~pipe|tire|tyre|phone|cell|view|diagram|draw|schemat',
      '~exhaust|muffler|backfir|brake|suspens|wheel|gear|transmiss|engin|hood|tailpip',
      'bath|photo|the bomb',
    ],
    advice: 'Get away from the building or area now, do not go back in, and call {{emergencyNumber}}; if you smell gas, use no switches or flames.',
    source: 'ready-explosion',
  },
  {
    id: 'structural_collapse',
    category: 'security',
    verticals: 'all',
    page: [
      '@structure *3 ~collaps|cave|caved|cavein',
      '@structure *3 came|coming|fell|falling down',
      '@structure *3 fell|falling|caved in',
      '@structure *3 gave|giving way',
      '@structure|shelf|shelves|cabinet|furniture|tv|dresser|bookcase *3 ~collaps|fell|fallen|came *2 on|onto someone|somebody|people|me|him|her|them|us',
      '@structure|shelf|shelves|cabinet|furniture|tv|dresser|bookcase *3 ~collaps|fell|fallen|came *2 on|onto my|our|his|her @relative|@bodypart',
      'trapped|pinned|buried under|beneath|in the? rubble|debris|collapse|concrete|dirt|wall|roof|building|tree|car',
      // People under rubble, with no verb of being trapped (FEMA / Ready.gov structural collapse: people under debris).
      'alive|people|person|someone|somebody|@relative|us|them *3 under|beneath the|some? rubble|debris',
      'stuck under|beneath the? rubble|debris|wall|roof',
    ],
    ask: ['tree *3 fell|fallen|falling|came down|down on|onto|through the? house|roof|home|car|garage|bedroom'],
    escalateWhen: ['~hurt|injur|trap|pinned|insid|wire|wires|line|lines|power|spark|crack|creak|bleed'],
    notWhen: [
      '~lung|vein|market|price|stock|sofa|bed|couch|chair|tent|umbrella|box|stroller|hose|career|busi|economi|deal|marriag|plan|exhaust|tired',
      'collapsible',
      // A price coming down; an animal or moisture trapped in a wall (wildlife removal, damp) is no person trapped.
      '~price|cost|valu|rent|rate|payment|tax|bill|temperatur|temp',
      '@pet|squirrel|squirrels|mouse|mice|rat|rats|raccoon|raccoons|bat|bats|bird|birds|possum|opossum|snake|animal|critter|bee|bees|wasp|wasps|hornet|hornets|water|moisture|air|heat|mold|mould|dust|condensation',
    ],
    advice: 'Get away from the damaged structure and call {{emergencyNumber}}; if someone is trapped, do not move them, and if you are trapped, tap on a pipe or wall so rescuers can hear you.',
    source: 'ready-explosion',
  },
  {
    id: 'salon_reaction',
    category: 'medical',
    verticals: ['salon'],
    page: ['chemical ~burn', '~scalp *3 ~burn|blister|bleed'],
    ask: ['allergic ~reaction', '~burn *3 scalp|skin|face|eye', '~rash|hive|blister'],
    escalateWhen: ['~swell|swollen|breath|throat|eye'],
    advice: 'Rinse with plenty of cool water; if the face swells or breathing is hard, call {{emergencyNumber}} now.',
    source: 'fda-cosmetics',
  },
  // ---- The dispatcher's safety net (issue 15: urgency errs toward people) ----
  // The entries below come from the public lists of what 911 dispatch centres take calls for, not from any evaluation
  // sentence: the 33 chief complaints of the Medical Priority Dispatch System (IAED, emergencydispatch.org: abdominal
  // pain, allergies/stings/bites, assault, breathing, burns, CO, cardiac arrest, chest pain, choking, convulsions,
  // diabetic problems, drowning, electrocution, eye, falls, headache, heart, heat/cold exposure, haemorrhage,
  // inaccessible/entrapment, overdose/poisoning, pregnancy/childbirth, psychiatric/suicide, sick person, stab/gunshot,
  // stroke, traffic, trauma, unconscious), the APCO common incident types for police and fire calls (robbery,
  // burglary, shots fired, fight, weapon, kidnapping, hazardous materials, wildfire) and, for animals, the AVMA pet
  // first-aid list and the ASPCA Animal Poison Control top toxins. Most cues only ASK (the bot asks once whether it is
  // urgent and pages on yes) for every vertical: a dispatcher's complaint named to any business is worth one question.
  // A cue pages only when the words ask for emergency services or name a danger to life in progress.
  {
    id: 'dispatch_request',
    category: 'other',
    verticals: 'all',
    page: [
      'send|need|call|get|want an? ~ambul|paramed|emt|firefight',
      'send|need|call|get the? police|cops|firetruck|sheriff',
      'send|need|call|get the? fire department|truck',
      'shots fired',
      'hit and run',
      '~hostag|kidnap|abduct',
      'es: necesito|manden|llamen|llame a? la|una|los? ambulancia|policia|bomberos',
    ],
    ask: [
      '~ambul|paramed',
      'police|cops|sheriff',
      'fire department',
      '~firefight',
      // A cry for help (not "please help me find a salon": the help is for now, or someone is called on).
      'someone|somebody|anyone|anybody help',
      'help help',
      'send help',
      // (before this pass "need help right now|immediately..." read only "right now": "right" was a token of its own)
      'need|needs help|assistance right? now|away|immediately|fast|quick|quickly|asap|urgently',
      'come help|save|rescue me|us',
      'save|rescue me|us $|please|now|quickly|quick|fast|asap',
      'to our|my rescue',
      // A natural disaster the caller is in, with a call for help (FEMA Ready.gov: hurricanes, tornadoes, earthquakes).
      '~hurrican|tornado|earthquak|tsunami|landslid|mudslid *6 help',
      'es: ambulancia|policia|bomberos|auxilio|socorro',
    ],
    // A report for insurance, a police auction or a question about what the police did is no call for help.
    askWhen: ['police|accident report|reports', 'report number', 'insurance|claim|auction|impound'],
    advice: 'If anyone is in danger, call {{emergencyNumber}} now.',
    source: 'dispatch-lists',
  },
  {
    id: 'dispatch_medical',
    category: 'medical',
    verticals: 'all',
    page: [
      '~drown',
      '~electrocut',
      '@relative|@pet|he|hes|she|shes|someone|somebody|person|man|woman|guy|lady *2 isnt|not|stopped|wont|hasnt|cant *1 moving|responding|breathing',
      'blue lips', 'my|her|wifes|girlfriends|daughters|partners water broke|broken', 'baby *2 coming'],
    ask: [
      // allergies, stings and bites
      'allergic|allergy ~reaction|attack|shock',
      'bee|wasp|hornet|jellyfish|scorpion ~sting|stung',
      'stung by',
      'snake|spider|dog|tick ~bite|bit|bitten',
      'bitten|bit by',
      // burns and electrocution
      '~burn|scald *3 @bodypart|skin|face|mouth|himself|herself|myself|baby',
      '~scald',
      'electric ~shock',
      'got|was|been|getting shocked|zapped',
      // diabetic problems
      'blood sugar *3 low|high|crash|drop|dropping|dropped|over|under',
      'low sugar',
      '~hypoglyc|hyperglyc|ketoacid',
      '~diabet *3 ~shock|coma|emerg|faint|confus|pass',
      'insulin *3 ~shock|overdos|reaction',
      // falls and trauma
      '~fell|fall *3 off|from|down',
      'hit *2 head',
      '~injur',
      'got|been|is|was|are|were|gets|getting hurt',
      'crushed|pinned|trapped under',
      // MPDS 27 trauma / 22 inaccessible: a person crushed (not "crushed it", crushed ice); about to faint (MPDS 31)
      '@relative|@pet|someone|somebody|people|person|he|she|they|i|we *3 been|was|were|got|is|are|am|being crushed',
      'about|going to pass out',
      'passing out',
      // MPDS 7 burns: a person or an animal burned, without a body part named ("the cat is burned"); acid thrown
      '@pet|@relative|he|she|i|im|someone|somebody *2 is|was|got|been|has|have|having|were|are *2 ~burn|burnt|scald',
      'threw|thrown|splashed|sprayed acid|bleach|chemical|chemicals',
      // MPDS 17 falls: a person who cannot get up from where they are
      'cant|cannot|couldnt get up $|off|from',
      // MPDS 19 heart problems in lay words
      '~heartbeat|pulse *3 abnormal|irregular|racing|pounding|dropping|dropped|weak|slow|fast|skipping',
      'heart rate *3 abnormal|irregular|racing|dropping|dropped|low|high|fast|slow',
      'abnormal|irregular|racing|weak|slow|fast|rapid ~heartbeat|pulse',
      // MPDS 26 sick person / 9 cardiac arrest: "my boy is dying" (not "dying to try", not a battery or a plant)
      '@relative|@pet|he|she|someone|somebody|person|man|woman|guy|lady|boy|girl|i|we *2 is|am|are|s dying',
      'hes|shes|im|were|theyre dying',
      // heat and cold exposure
      'heat|sun ~stroke|exhaust',
      '~heatstrok|sunstrok|hypotherm|frostbit',
      // overdose and poisoning
      'took|taken|swallowed too? many|much *1 pills|tablets|meds|medicine|medication',
      '~swallow|ingest|drank|drink|ate *4 @toxin',
      'poison control',
      // pregnancy
      '~labor|labour *2 pain|pains|contract|start|early',
      '~contract *2 apart|minut|close|strong',
      '~miscarri',
      '~pregnan *4 ~pain|bleed|cramp|fall|fell',
      // psychiatric
      'end my|his|her life',
      'self harm',
      'harm|hurt|kill himself|herself|themselves',
      // sick person, convulsions, stroke-like signs, as lay words
      '~vomit|throwing *4 blood',
      'coughing *2 blood',
      'blood in *2 stool|vomit|urine|pee|poop',
      'high|spiking|104|105 ~fever',
      'fever *3 104|105|106|40|41',
      'very|really|extremely|seriously sick|ill|weak',
      '~faint|dizzi|lighthead *3 and|keep|keeps|still|again',
      '~shake|shaking|trembling uncontrollably',
      '~seizur|convuls',
      'wont|cant stop *1 shaking|vomiting|throwing|coughing',
      // Not "can't talk" (busy), "can't see a slot", "can't move the appointment", "can't stand waiting" (dislike).
      'cant|cannot|couldnt *1 walk|swallow',
      'unable to *1 walk|swallow|stand',
      'cant|cannot|couldnt stand up|upright',
      'cant|cannot|couldnt *1 wake him|her|them|up',
      '~limp|lame|letharg|unsteady|collaps',
      '~swell|swollen *3 throat|tongue|lips|face|eye|eyes|muzzle',
      'es: no respira|convulsion|convulsiones|inconsciente|desmayo|sangrando|quemadura',
    ],
    escalateWhen: ['~unconsci|unrespons|lifeless|seizur|convuls', 'not breathing', 'blue|grey|gray lips|skin'],
    askWhen: ['last|past|ago|history|used to|years', 'insurance|claim|lawsuit|sue|attorney|lawyer'],
    notWhen: [
      '~burn *2 oil|rubber|smell|clutch|fuel|gas|coolant|cd|dvd|calori|fat|sensat',
      '~bite *2 size|sized|snack',
      '@vehicle|battery|outlet|starter|engine|alternator|ignition|coil *3 ~shock|zap|fell|fall',
      'fall|fell off *1 the? shelf|wall|hook',
      '~contract *2 ~sign|signed|work|job|price|cost|terms|fee|lawyer|attorney',
      'fall *1 season|semester|schedule|cleanup|clean|color|colors',
      'dying to|for',
    ],
    advice: 'If this is a medical emergency, call {{emergencyNumber}} now.',
    source: 'dispatch-lists',
  },
  {
    id: 'dispatch_police_fire',
    category: 'security',
    verticals: 'all',
    page: ['~burglar|robber *2 in|inside|progress|now|right now'],
    ask: [
      // APCO "traffic collision": an accident the caller is in or sees, at any vertical (the auto-only `car_accident`
      // asks only at auto repair locations).
      'been|was|were|got|am|are|is in|into an? ~accid|crash|wreck|collis',
      'there|theres|just|been *2 an? ~accid|crash|wreck|collis',
      '~robb|robbed|robber|burglar|mugged|mugging',
      '~stole|stolen|theft',
      '~shoot|shooting|gunfire|gunshot|gunshots',
      '~fight|fighting|brawl|punch|punched|beating|beaten|beat up',
      '~assault|attack',
      '@weapon',
      '~threat|threaten',
      '~stalk|harass',
      'suspicious person|man|men|vehicle|car|activity',
      '~prowler|trespass|trespasser',
      'drunk|impaired driver',
      'wrong way driver',
      // APCO "child abandoned" / NHTSA hot car: a child left alone
      'abandoned an|a|the|my|our? @child|kid|toddler',
      '@child|kid|toddler *3 left|abandoned on|at|in my|our|the|a? doorstep|porch|car|vehicle',
      '@child|kid|toddler *3 left alone|unattended',
      'driving|coming|going down|up? the? wrong lane|way|side',
      // APCO / NTSB: an aircraft down
      'plane|airplane|aeroplane|aircraft|jet|helicopter *4 went|gone|go|came|come|coming|going down',
      'plane|airplane|aeroplane|aircraft|jet|helicopter *4 ~crash',
      'missing',
      '~hazmat',
      'chemical|toxic|hazardous ~spill|leak|fume',
      '~wildfir|brushfir',
      'brush|grass|forest fire',
      '~explos|explod|blast',
      'power line|lines *3 down|fell|sparking',
      'es: robo|robaron|asalto|pelea|disparos|arma|amenaza',
    ],
    askWhen: ['last|past|ago|history|used to|years|movie|game|show|price|prices|deal', 'insurance|claim|lawsuit|sue|attorney|lawyer|report'],
    notWhen: [
      '~photo|photograph|photographer|photoshoot|video|film|filming|camera|portrait|headshot|studio|hoop|hoops|basketbal|pool|game|star|wedding|engag|session|album|music|scene',
      '~troubleshoot',
      'heart|panic|asthma attack',
      'missing *2 ~part|piec|item|screw|bolt|cap|key|payment|appoint|call|text|messag|order|packag|deliveri|tooth|teeth|page|paper|document|file',
      'missing out',
      '@vehicle|engine|tire|tyre|brake|bolt|screw|part|parts *3 ~stole|stolen|theft',
      'catalytic',
      '~fight *2 ~ticket|fee|charg|bill|insur|claim|case|custod',
      '~spill *2 coffe|drink|juic|milk|water|wine|food|paint',
      'threaded|threads|thread',
      'power ~washer|steer|window|lock|seat|outlet|bill',
    ],
    advice: 'If anyone is in danger, call {{emergencyNumber}} now, and stay somewhere safe.',
    source: 'dispatch-lists',
  },
];

/**
 * Words that place a message in a vertical when the location's vertical is unknown (e.g. the triage CLI): a page
 * cue of a hazard outside every vertical a message names becomes the urgency question. Same token syntax.
 */
export const VERTICAL_CUES: Readonly<Partial<Record<BusinessVertical, readonly string[]>>> = {
  auto_repair: [
    '~car|truck|van|suv|vehicl|engin|motorcycl|motorbik|sedan|jeep|tailpip|exhaust|dashboard|dash|radiat|transmiss|alternat|tire|tyre|brake|rotor|caliper|clutch|muffler|coolant|mileag|odomet|rpm|ignit|windshield|bumper|hubcap|headlight|gasket|piston',
    'toyota|honda|ford|chevy|chevrolet|bmw|audi|mazda|nissan|subaru|mercedes|prius|silverado|accord|civic|dodge|kia|hyundai|volkswagen|vw|lexus|gmc|tesla|volvo|buick|cadillac|suzuki|yamaha|kawasaki|harley|ducati|camry|corolla|f150|jetta|ram|jeep|acura|infiniti|mitsubishi|chrysler|pontiac|saturn',
  ],
  dental: ['~tooth|teeth|gum|dentist|dental|molar|crown|filling|brace|wisdom'],
  veterinary: ['@pet', 'vet|veterinarian|veterinari'],
  legal: ['~lawyer|attorney|court|judg|lawsuit|custodi|divorc|charg'],
  locksmith: ['~lock|locksmith|key|deadbolt'],
  home_services: ['~hous|home|basement|attic|kitchen|bathroom|furnac|boiler|outlet|breaker|toilet|faucet|sink|shower|plumb|electrician'],
  property_management: ['~tenant|landlord|apart|unit|lease|rent'],
};

/**
 * A plea for haste ("please hurry", "come quickly"; not "I'm in a hurry", which is the caller's schedule): turns the
 * urgency question into a page, as the same words answering that question would (URGENCY_ANSWERS). Policy of issue
 * 15: urgency errs toward people.
 */
export const PLEA_CUES: readonly string[] = [
  'please|pls|plz hurry|hurri',
  'hurry|hurri please|pls|plz',
  'hurry|hurri up? and? help|come|send|get',
  'come|get here? quick|quickly',
  'es: ~apur|rapido',
];

/** Time pressure without danger ("asap", "today"): urgency `soon`. */
export const SOON_CUES: readonly string[] = [
  'asap',
  'as soon as possible',
  'right now|away',
  'immediately',
  'today|tonight',
  'this morning|afternoon|evening',
  'soon|quickly|desperate',
  'es: hoy|pronto',
];

/** Replies to the urgency question: "yes" pages; "no" lets the conversation go on (normalised words). */
export const URGENCY_ANSWERS: Readonly<Record<'yes' | 'no', readonly string[]>> = {
  yes: ['yes', 'y', 'yeah', 'yea', 'yep', 'yup', 'ya', 'yes please', 'it is', 'correct', 'si', 'hurry', 'please hurry', 'help'],
  no: ['no', 'n', 'nope', 'nah', 'not really', 'its fine', 'it can wait', 'no thanks', 'no its not'],
};

/**
 * Openings of a reply that says it is not urgent, whatever follows ("it can wait till Monday", "not urgent, whenever",
 * "no rush"): the answer is `no` (normalised words, matched as whole leading words of the first clause).
 */
export const NOT_URGENT_OPENINGS: readonly string[] = [
  'it can wait', 'that can wait', 'can wait', 'not urgent', 'its not urgent', 'it is not urgent', 'not an emergency',
  'its not an emergency', 'it is not an emergency', 'no emergency', 'no rush', 'no hurry', 'not in a hurry', 'whenever works', 'whenever is fine', 'whenever you can',
];
