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
  /** First thing to tell the caller; `{{emergencyNumber}}` is the location country's number. Never a promise. */
  advice: string;
  source: HazardSourceId;
}

/** Token classes for hazard cues (each is one pattern token's alternatives). */
export const HAZARD_TOKEN_CLASSES: Readonly<Record<string, string>> = {
  smell: '~smell|smelt|odor|odour|stink|stinki|whiff|reek',
  pet: '~dog|puppy|pup|cat|kitten|kitty|pet|rabbit|bunny|bird|parrot|horse|ferret|hamster|pup',
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
    'chocolate|chocolates|grape|grapes|raisin|raisins|xylitol|antifreeze|poison|rat|bait|ibuprofen|advil|tylenol|acetaminophen|aspirin|pill|pills|medication|medicine|meds|lily|lilies|onion|onions|bleach|weed|marijuana|edible|edibles|gum|vitamin|vitamins|slug|snail',
  vehicle: '~car|truck|van|suv|vehicle|engine|hood|motorcycl|bike',
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
    advice: "If you smell gas, leave the building now and call {{emergencyNumber}} or your gas company from outside. Don't use switches, flames or phones inside.",
    source: 'gas-utility',
  },
  {
    id: 'carbon_monoxide',
    category: 'carbon_monoxide',
    verticals: 'all',
    page: ['carbon monoxid', 'monoxid', 'co|co2 alarm|detector|monitor'],
    notWhen: ['~install|replac|new|batteri|chirp|beep|test'],
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
      'es: incendio|fuego',
    ],
    ask: ['~fire', '~smoke|smoki|smoky'],
    askWhen: ['@aftermath', 'clean|cleaning up|out', 'after the|a? ~flood|fire'],
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
      'water *2 everywher|pouring|gushing|spraying|rushing|flooding',
      'pouring|gushing|spraying|rushing water',
      '~sewag|sewer *3 back|backing|overflow|coming|everywher',
      'toilet|drain|toilets|drains *1 overflowing|overflow|backing up',
      'ceiling *2 ~collaps|fell|falling|caving',
      'es: inundacion|inundado',
    ],
    ask: ['~leak|leaki|leaky *3 ceiling|roof|wall|floor|basement|pipe|water|everywher', '~ceil|roof|wall|pipe *3 ~leak|leaki|leaky', 'water *2 ~leak|leaki|leaky|drip', 'water *3 ceiling|basement|coming|through'],
    // Water reaching electrical equipment (a light fixture, an outlet) pages: ESFI flooding safety.
    escalateWhen: ['~everywher|pour|gush|spray|flood|electr|outlet|panel|inch|fixtur', 'ceiling light|lights|fan', 'wont|cant stop|shut|turn'],
    // A request for the cleanup or restoration after a flood is not a flood now: ask (FEMA's "after a flood" stage).
    askWhen: ['@aftermath', 'clean|cleaning up|out', 'after the|a? ~flood|fire'],
    notWhen: ['~flood insur|zone|plain|light|lights|certif|map|polic'],
    advice: 'If it is safe, shut off the main water valve and keep away from outlets and wet electrical equipment.',
    source: 'esfi-flooding',
  },
  {
    id: 'no_water',
    category: 'other',
    verticals: ['property_management', 'home_services'],
    page: [],
    ask: ['no running? water', 'water *2 shut|turned|cut off', 'dont|doesnt have any? running? water'],
    notWhen: ['hot water'],
    advice: 'If anyone at home depends on water for medical care, tell us now.',
    source: 'hud-habitability',
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
    ],
    escalateWhen: ['~freez|frozen|zero|below|snow|ice|icy|cold|baby|babi|infant|newborn|elderly|oxygen|sick'],
    advice: 'If anyone is at risk from the cold, get them somewhere warm; never heat the home with an oven or generator. Call {{emergencyNumber}} if someone is unwell.',
    source: 'cdc-cold',
  },
  {
    id: 'no_cooling',
    category: 'no_cooling',
    verticals: ['home_services', 'property_management', 'other'],
    page: ['heat stroke|exhaustion', 'heatstrok'],
    ask: [],
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
      'unable to breath|breathe',
      'not|isnt|stopped breathing',
      '~struggl|troubl|difficult|hard breathing|breath|breathe',
      'trouble|difficulty|hard|struggling to? breath|breathe|breathing',
      // NHS 999: "struggling to breathe"; lay forms of it.
      // (the typo corrector turns "breath" into "breathe" first, so both spellings are listed)
      '~struggl to? breath|breathe|breathing',
      'hard time to? breath|breathe|breathing',
      'cant|cannot|couldnt take|catch|get my? breath|breathe',
      'short|shortness of breath',
      '~chok',
      'throat *2 ~swell|clos|tight',
      '~anaphylax|anaphylact',
      'turning|turned|going blue',
      'es: no puede respirar',
    ],
    ask: ['heavy|heavi|fast|rapid breathing'],
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
    notWhen: ['faint noise|sound|smell|light|hum|click|squeal|whine'],
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
      'cant|cannot walk|move',
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
      '~stab|gunshot',
      'been|got|was shot',
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
    notWhen: ['~brake|period|new|shoe|boot'],
    advice: 'If you are in danger, get to a safe place and call {{emergencyNumber}}.',
    source: 'nfpa',
  },
  {
    id: 'car_accident',
    category: 'other',
    verticals: ['auto_repair', 'other'],
    page: ['~crash|wreck *3 just|now|hurt|injured|bleeding|ambulance|stuck|trapped'],
    ask: ['car|auto ~accident', 'in|had an? ~accident|crash|wreck|collision', '~crash', 'hit by', 'rear ~end', 't ~bone'],
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
    advice: 'If anyone is trapped or in danger, call {{emergencyNumber}} now.',
    source: 'nfpa',
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
