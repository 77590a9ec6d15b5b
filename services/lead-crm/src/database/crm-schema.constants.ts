/** Injection token of the PostgreSQL schema lead-crm's repositories write to (`crm`, or a test schema). */
export const CRM_SCHEMA = Symbol('CrmSchema');

/** CloudEvents `source` of everything lead-crm publishes. */
export const LEAD_CRM_SOURCE = '/textback/lead-crm';
