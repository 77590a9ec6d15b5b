/**
 * Vehicle words the intent classifier uses to recognise a job about a vehicle. Emergency cues no longer live here: they
 * are data in hazards/hazard-catalogue.constants.ts.
 */
/** Words that place a message in a vehicle (a leak or "no heat" in a car is not a flood or a cold house). */
export const VEHICLE_CONTEXT =
  /\b(car|cars|truck|van|suv|vehicle|engine|motorcycle|motorbike|bike|cabin|dash|dashboard|radiator|sedan|jeep|tailpipe|exhaust|carpet|windshield|toyota|honda|ford|chevy|bmw|audi|mazda|nissan|subaru|mercedes|prius|silverado|accord|civic|chevrolet|dodge|kia|hyundai|volkswagen|vw|lexus|gmc|tesla|volvo|buick|cadillac|suzuki|yamaha|kawasaki|harley|ducati|rav4|camry|corolla|f-?150|impala|malibu|econoline)\b/;
