/**
 * Where the advice of each hazard in the catalogue (hazard-catalogue.constants.ts) comes from: the public guidance a
 * dispatcher would give, read from the publisher's own pages. The advice lines paraphrase the first action each source
 * tells a member of the public to take; they are not medical, legal or engineering advice beyond that.
 */
export const HAZARD_SOURCES = {
  'gas-utility':
    'US gas utilities\' "Smell gas? Act fast" guidance, as published by the American Gas Association ' +
    '(aga.org, "Natural gas safety": leave at once, no switches/flames/phones inside, call 911 or the utility from outside).',
  'cdc-co':
    'CDC, "Carbon Monoxide Poisoning: Prevention" (cdc.gov/carbon-monoxide): if a CO alarm sounds or poisoning is ' +
    'suspected, get into fresh air at once and call 911.',
  nfpa:
    'NFPA, "Escape planning" and "Electrical safety in the home" (nfpa.org/education-and-research): get out, stay ' +
    'out, call the fire department from outside; sparks, hot or smoking outlets and burning smells are fire warnings.',
  'esfi-flooding':
    'Electrical Safety Foundation International, "Flooding safety" (esfi.org) and FEMA Ready.gov "Floods": keep away ' +
    'from water near outlets and appliances; shut off the main water valve if safe.',
  'cdc-cold':
    'CDC, "Winter Weather: Indoor Safety" (cdc.gov/winter-weather): without heat in freezing weather, keep people ' +
    'warm in one room and seek a warm place; never heat a home with a stove or generator indoors.',
  'cdc-heat':
    'CDC, "Heat and Health: Heat-related illnesses" (cdc.gov/heat-health): move someone overheated to a cool place; ' +
    'call 911 for confusion, fainting or a very high temperature.',
  'cdc-power-outage':
    'CDC, "Power Outages: Medical devices" and "Clean Water for Medical Needs" (cdc.gov/natural-disasters/power-outage): ' +
    'people who depend on powered medical equipment (oxygen, ventilators, dialysis) or on water for care need a plan ' +
    'or help at once when the power or water goes out; call 911 if a life-sustaining device stops.',
  'aha-heart':
    'American Heart Association, "Warning Signs of a Heart Attack" and "Stroke symptoms (F.A.S.T.)" (heart.org, ' +
    'stroke.org): chest pain or pressure, face drooping, arm weakness, speech difficulty, sudden numbness or ' +
    'weakness of the face, an arm or a leg: call 911 at once.',
  'nhs-999':
    'NHS, "When to call 999" (nhs.uk/nhs-services/urgent-and-emergency-care-services/when-to-call-999): ' +
    'breathing difficulty, heavy bleeding, unconsciousness, fits, chest pain, serious injury, suspected broken bones ' +
    'with severe pain, suicide attempts.',
  'aao-eye':
    'American Academy of Ophthalmology, "Recognizing and Treating Eye Injuries" (aao.org/eye-health/tips-prevention/' +
    'injuries): do not rub the eye or remove an object stuck in it, rinse a chemical out with water, seek emergency care; ' +
    'American Stroke Association BE-FAST: sudden loss of vision is a stroke sign.',
  'stop-the-bleed':
    'American College of Surgeons, "Stop the Bleed" (stopthebleed.org): call 911, then apply firm pressure to the wound.',
  'ada-dental':
    'American Dental Association, "Dental Emergencies" (mouthhealthy.org/dental-care-concerns/dental-emergencies) and ' +
    'American Association of Endodontists, "Knocked-out teeth": a knocked-out tooth is best replanted within 30-60 ' +
    'minutes (hold it by the crown, keep it in milk); facial swelling with fever or trouble swallowing needs care at once.',
  'avma-pet':
    'AVMA, "Pet first aid: what to do in an emergency" (avma.org/resources-tools/pet-owners/emergencycare) and ASPCA ' +
    'Animal Poison Control (aspca.org/pet-care/animal-poison-control): poisoning, being hit by a car, a swollen belly ' +
    'with unproductive retching (bloat), trouble breathing, seizures or straining to urinate need a vet at once.',
  'nhtsa-hot-car':
    'NHTSA, "Heatstroke: children in hot cars" (nhtsa.gov/campaign/heatstroke): a child or pet locked in a car is in ' +
    'danger within minutes; call 911.',
  'nhtsa-crash':
    'NHTSA / USA.gov, "What to do after a car accident" and NHTSA vehicle-safety guidance (nhtsa.gov): check for ' +
    'injuries and call 911, move off the road if you can; brake or steering failure, smoke from the engine: pull over ' +
    'when safe, switch off the engine and get out.',
  'aba-arrest':
    'American Bar Association, "Know your rights" / ACLU "If you are stopped or arrested" (aclu.org/know-your-rights): ' +
    'you may stay silent and ask for a lawyer; do not sign anything without one.',
  'uscourts-deadline':
    'United States Courts, "Representing yourself" (uscourts.gov/court-programs/pro-se): missing a hearing or a ' +
    'filing deadline can end a case by default judgment or lead to a warrant.',
  'hud-habitability':
    'HUD, "Tenant rights" (hud.gov/topics/rental_assistance/tenantrights): no heat, no water, sewage, gas or fire ' +
    'hazards in a rental are emergency repairs a landlord must address at once.',
  'fda-cosmetics':
    'FDA, "Hair dyes" and "Hair smoothing products" (fda.gov/cosmetics): burns, swelling of the face or trouble ' +
    'breathing after a salon treatment are a reaction needing medical care at once.',
  'violence-911':
    '911.gov (National 911 Program, NHTSA), "Frequently asked questions: when should I call 911?" and NENA, "9-1-1 ' +
    'tips": call for a crime in progress, someone threatening or hurting another person, or any threat to life; ' +
    'Ready.gov, "Active Shooter" (ready.gov/active-shooter): run, hide, fight, then call 911 when it is safe.',
  'dv-hotline':
    'National Domestic Violence Hotline (thehotline.org, 1-800-799-7233, text START to 88788): "If you are in ' +
    'immediate danger, call 911"; the hotline helps with safety planning when it is safe to reach out.',
  'ncmec-missing':
    'National Center for Missing & Exploited Children (missingkids.org, "If your child is missing"): call law ' +
    'enforcement immediately, there is no waiting period; give a description, what the child wore and where last seen.',
  'crash-injury':
    'NHTSA, "What to do after a crash" (nhtsa.gov) and American Red Cross first aid (redcross.org): check for ' +
    'injuries and call 911 if anyone is hurt or trapped; do not move an injured person unless there is danger of fire; ' +
    'turn on hazard lights.',
  'dispatch-lists':
    'The public lists of what emergency dispatch centres take calls for: the 33 chief-complaint protocols of the ' +
    'Medical Priority Dispatch System (International Academies of Emergency Dispatch, emergencydispatch.org), the ' +
    'APCO common incident types for police and fire calls (APCO International, apcointl.org, ANS 2.103.1), the AVMA ' +
    '"Pet first aid" list (avma.org) and the ASPCA Animal Poison Control top toxins (aspca.org); advice from 911.gov ' +
    '("when should I call 911?"): when in doubt, call.',
  'ready-explosion':
    'FEMA Ready.gov, "Explosions" / "Bomb Threats" and "Structural collapse" guidance (ready.gov): get out and away ' +
    'from the building, do not go back in, call 911 from safety; if trapped under debris, do not light a match, cover ' +
    'your mouth, tap on a pipe or wall so rescuers can hear you; keep away from damaged structures.',
  'emergency-words':
    'Textback policy (issue 15): a caller who writes "urgent" or "emergency" is paged whatever else the text says, ' +
    'unless plainly negated ("not urgent").',
  catalogue:
    'The location\'s own service catalogue (franchise manifest `services[].urgent` / `urgentSymptoms`).',
} as const;

/** Id of one entry of {@link HAZARD_SOURCES}. */
export type HazardSourceId = keyof typeof HAZARD_SOURCES;
