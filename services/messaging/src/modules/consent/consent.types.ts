/** How far an opt-out reaches (contracts' consentScopeSchema). */
export type ConsentScope = 'sending_number' | 'location' | 'tenant';
/** How consent changed (contracts' consentMethodSchema). */
export type ConsentMethod = 'keyword' | 'fuzzy' | 'carrier' | 'manual';
