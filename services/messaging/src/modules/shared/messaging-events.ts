/** CloudEvents `source` of everything messaging publishes. */
export const MESSAGING_SOURCE = '/textback/messaging';
