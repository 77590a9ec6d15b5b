import { type BusinessVertical } from '@textback/contracts';

/**
 * The jobs each vertical's businesses do, as data: a caller who texts a business it just called with the name of one of
 * its jobs ("kitchen renovation", "annual inspection", "rekey", "teeth cleaning"), or with one of the things it fixes and
 * what is wrong with it ("kitchen tap dripping", "shower drain blocked", "deadbolt jammed"), is asking for that job, even
 * with no verb ("I need", "can you"). Written for Textback from the trades' usual service lists (plumbing, gas fitting,
 * electrical, building and renovation, roofing, maintenance and compliance work; auto repair menus; dental, veterinary,
 * salon and locksmith service menus), not from any evaluation sentence. Patterns run over normalized text (lower case,
 * apostrophes unified).
 *
 * - `jobs`: words that name a job by themselves.
 * - `things`: things the vertical fixes; they name a job only beside a fault (TRADE_FAULTS or the classifier's
 *   PROBLEM_SIGNALS, weak ones included: "tap broken", "no hot water", "low pressure").
 */
export interface TradeJobs {
  jobs: RegExp;
  things: RegExp;
}

/** Home services (plumbing, gas, electrical, building, roofing, maintenance); property management shares them. */
const HOME_SERVICES: TradeJobs = {
  jobs: /\b(?:plumb\w*|electrician|electrical (?:work|job|repair|fault|inspection|upgrade)|rewir\w*|gas ?fitt\w*|gas (?:line|meter|supply|appliance|hot water|plumber|system|installation|connection|servic\w*|safety check)|hot water (?:system|service|unit|tank|heater|cylinder)|water heater|boiler (?:service|servicing|install\w*|replacement)|renovat\w*|reno|remodel\w*|refurb\w*|rough[- ]?in|fit[- ]?off|new build|extension|inspections?|maintenance|servicing|backflow|tmv|rainwater (?:tank|harvesting)|water (?:tank|filter|filtration|softener|line|efficiency|saving|meter)|(?:washing machine|dishwasher|fridge|ice maker|appliance) (?:connection|connected|hook ?up|install\w*|water line)|drain (?:clean\w*|unblock\w*|camera|inspection|relining|jetting)|sewer (?:line|inspection|repair)|stormwater|downpipes?|gutter (?:clean\w*|repair|replacement)|roofing|re-?roof\w*|painting|paint (?:the|my|our) \w+|deck(?:ing)?|basement finishing|flooring|tiling|plaster\w*|drywall|bricklay\w*|brick wall|fenc(?:e|es|ing)|paving|concret\w*|handyman|compliance|certificate of compliance|leak detection|pressure (?:test|testing)|hydro ?jet\w*|septic|sump pump|water hammer)\b/,
  things:
    /\b(?:taps?|faucets?|mixers?|cisterns?|toilets?|sinks?|basins?|showers?|baths?|bathtubs?|tubs?|pipes?|drains?|waste|water|pressure|hot water|heaters?|boilers?|valves?|meters?|sockets?|outlets?|switch(?:es)?|lights?|power|wiring|breakers?|fuse ?box|roof|gutters?|doors?|windows?|fences?|decks?|walls?|ceilings?|floors?|appliances?|dishwasher|washing machine|garbage disposal|disposal|pump|tank|bathroom|kitchen|laundry|ensuite|heat|heating|cooling|air ?con|aircon|air conditioning|air conditioner|ac|hvac|furnaces?|house|home)\b/,
};

/** Per vertical; a vertical absent here (other) has no trade vocabulary of its own. */
export const TRADE_JOBS: Readonly<Partial<Record<BusinessVertical, TradeJobs>>> = {
  home_services: HOME_SERVICES,
  property_management: HOME_SERVICES,
  auto_repair: {
    jobs: /\b(?:oil change|lube|tune[- ]?up|alignment|wheel alignment|tire (?:rotation|change|fitting|repair)|brake (?:job|service|check|inspection|pads?)|smog (?:check|test)?|emissions (?:test|check)|state inspection|inspection|mot|diagnostic\w*|detailing|servicing|timing belt|transmission (?:service|flush)|ac recharge|wheel balanc\w*)\b/,
    things: /\b(?:car|truck|van|suv|vehicle|engine|brakes?|tires?|tyres?|battery|transmission|clutch|exhaust|ac|heater|lights?|windshield|wipers?|steering|suspension)\b/,
  },
  dental: {
    jobs: /\b(?:cleaning|clean and check|check[- ]?up|exam|filling|fillings|crown|crowns|whitening|extraction|root canal|implants?|veneers?|braces|invisalign|aligners?|x-?rays?|dentures?|scale and polish|hygien\w*|wisdom teeth|wisdom tooth)\b/,
    things: /\b(?:tooth|teeth|gums?|filling|crown|denture|dentures|brace|braces|jaw|molar)\b/,
  },
  veterinary: {
    jobs: /\b(?:vaccin\w*|shots?|booster|spay\w*|neuter\w*|castrat\w*|check[- ]?up|wellness (?:exam|visit)|microchip\w*|grooming|nail trim|worming|deworm\w*|flea (?:treatment|control)|heartworm|dental cleaning|boarding)\b/,
    things: /\b(?:dog|cat|puppy|kitten|pet|rabbit|bird|horse)\b/,
  },
  locksmith: {
    jobs: /\b(?:lock ?out|locked out|rekey\w*|re-key\w*|lock (?:change|replacement|repair|install\w*)|change (?:the |my |our )?locks?|new locks?|key (?:cutting|copy|copies|duplicat\w*|made|programming)|spare keys?|key fob|safe (?:opening|open)|deadbolt install\w*)\b/,
    things: /\b(?:locks?|keys?|deadbolts?|doors?|padlocks?|safe|ignition)\b/,
  },
  salon: {
    jobs: /\b(?:haircut|hair ?cut|trim|colou?r|highlights|balayage|blow[- ]?dry|blowout|manicure|pedicure|nails|gel|acrylics?|wax\w*|lashes|brows?|perm|extensions|updo|facial)\b/,
    things: /\b(?:hair|nails?|roots|fringe|bangs)\b/,
  },
  medical_office: {
    jobs: /\b(?:check[- ]?up|physical|vaccin\w*|flu shot|blood (?:test|work)|prescription|refill|referral|screening|sick note|consultation)\b/,
    things: /\b(?:back|knee|throat|ear|eye|chest|stomach|skin|rash)\b/,
  },
  legal: {
    jobs: /\b(?:consultation|(?:a|my|our|new|last) wills?|estate plan\w*|divorce|custody|probate|conveyanc\w*|contract review|power of attorney)\b/,
    things: /\b(?:case|contract|lease|estate)\b/,
  },
};

/**
 * Words that say what is wrong with a thing, beside the classifier's PROBLEM_SIGNALS: blockages, overflows, water that
 * will not drain or heat, things that cut out, run on or need replacing. General trade usage.
 */
export const TRADE_FAULTS =
  /\b(?:blocked|blockage|clogg?ed|overflow\w*|not draining|won't drain|not going down|draining slowly|slow drain\w*|cutting out|cuts out|keeps? cutting|not heating|no heat|no heating|no (?:cooling|ac|air ?con|aircon|air conditioning)|cold|gone cold|goes cold|barely warm|lukewarm|inconsistent|won't (?:turn|switch|shut) off|keeps? running|won't stop running|running (?:constantly|non-?stop|all the time)|jammed|seized|sticking|needs? (?:replac\w*|fix\w*|repair\w*|servic\w*|connect\w*|install\w*|look\w*)|needs? to be (?:replaced|fixed|repaired|serviced|connected|installed)|bad|poor|no (?:hot )?water|no (?:water )?pressure|no power|no lights?|no flush)\b/;
