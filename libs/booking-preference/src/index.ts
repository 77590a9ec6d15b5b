export * from './booking-preference.types';
export { parseBookingPreference, isOpenPreference, changesMindToNewWindow, isWish } from './booking-preference.parser';
export { rankOffers, slotInsidePreference } from './offer-ranking.util';
export { PARTS_OF_DAY, ASAP_PHRASES, REJECT_PHRASES, DAY_RANGES, CHANGE_OF_MIND } from './preference-vocabulary.constants';
