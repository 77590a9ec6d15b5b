import { type ConversationScenario } from '../src/scenario.types';
import { HEALTH_SCENARIOS } from './health.scenarios';
import { HOME_AND_PROPERTY_SCENARIOS } from './home-and-property.scenarios';
import { LATER_DETAILS_SCENARIOS } from './later-details.scenarios';
import { SERVICES_SCENARIOS } from './services.scenarios';
import { TRADES_SCENARIOS } from './trades.scenarios';

/** Every scripted conversation of the suite. */
export const CONVERSATION_SCENARIOS: ConversationScenario[] = [...HOME_AND_PROPERTY_SCENARIOS, ...TRADES_SCENARIOS, ...HEALTH_SCENARIOS, ...SERVICES_SCENARIOS, ...LATER_DETAILS_SCENARIOS];

export { KNOWN_GAPS } from './known-gaps';
