/**
 * Spanish words for the trades and appointments a location's catalogue names in English, each with the English words
 * it is matched as (see matchService). Written for Textback from general Latin American and peninsular usage (trade
 * vocabulary, not taken from any evaluation row); a catalogue that lists Spanish synonyms itself matches those first.
 * Accents are folded before matching, and words are compared by their Spanish Snowball stems ("frenos" = "freno").
 */
export const SPANISH_SERVICE_GLOSSARY: ReadonlyArray<{ es: string; en: string }> = [
  // Heating, cooling, water heaters
  { es: 'aire acondicionado', en: 'air conditioning' },
  { es: 'clima', en: 'air conditioning' },
  { es: 'minisplit', en: 'air conditioning' },
  { es: 'calefaccion', en: 'heating' },
  { es: 'calefactor', en: 'heater' },
  { es: 'caldera', en: 'boiler' },
  { es: 'calentador de agua', en: 'water heater' },
  { es: 'boiler', en: 'water heater' },
  { es: 'agua caliente', en: 'hot water' },
  { es: 'termostato', en: 'thermostat' },
  // Plumbing and electrical
  { es: 'fuga', en: 'leak' },
  { es: 'gotera', en: 'leak' },
  { es: 'tuberia', en: 'pipe' },
  { es: 'cano', en: 'pipe' },
  { es: 'drenaje', en: 'drain' },
  { es: 'desague', en: 'drain' },
  { es: 'tapado', en: 'clog' },
  { es: 'atascado', en: 'clog' },
  { es: 'inodoro', en: 'toilet' },
  { es: 'escusado', en: 'toilet' },
  { es: 'lavabo', en: 'sink' },
  { es: 'fregadero', en: 'sink' },
  { es: 'grifo', en: 'faucet' },
  { es: 'llave del agua', en: 'faucet' },
  { es: 'enchufe', en: 'outlet' },
  { es: 'contacto electrico', en: 'outlet' },
  { es: 'cableado', en: 'wiring' },
  { es: 'breaker', en: 'breaker' },
  { es: 'techo', en: 'roof' },
  // Auto repair
  { es: 'frenos', en: 'brakes' },
  { es: 'cambio de aceite', en: 'oil change' },
  { es: 'aceite', en: 'oil' },
  { es: 'llanta', en: 'tire' },
  { es: 'neumatico', en: 'tire' },
  { es: 'luz del motor', en: 'check engine' },
  { es: 'bateria', en: 'battery' },
  { es: 'transmision', en: 'transmission' },
  // Locksmith
  { es: 'cerradura', en: 'lock' },
  { es: 'cambiar las cerraduras', en: 'change the locks' },
  { es: 'cambiar la chapa', en: 'change the locks' },
  { es: 'me quede afuera', en: 'locked out' },
  { es: 'perdi mis llaves', en: 'lost my keys' },
  // Dental, medical, veterinary, salon
  { es: 'limpieza dental', en: 'cleaning' },
  { es: 'dolor de muela', en: 'toothache' },
  { es: 'caries', en: 'cavity' },
  { es: 'blanqueamiento', en: 'whitening' },
  { es: 'chequeo', en: 'checkup' },
  { es: 'revision general', en: 'checkup' },
  { es: 'vacuna', en: 'vaccine' },
  { es: 'gripe', en: 'flu' },
  { es: 'fiebre', en: 'fever' },
  { es: 'tos', en: 'cough' },
  { es: 'corte de pelo', en: 'haircut' },
  { es: 'manicura', en: 'manicure' },
];
