import { failureReasonOf } from './carrier-error.mapper';

describe('failureReasonOf', () => {
  it.each([
    ['4720', 'landline_or_not_textable'],
    ['4700', 'landline_or_not_textable'],
    ['30006', 'landline_or_not_textable'],
    ['4775', 'opted_out_at_carrier'],
    ['21610', 'opted_out_at_carrier'],
    ['4432', 'carrier_rejected'],
    ['4770', 'spam_filtered'],
    ['4781', 'rate_limited'],
    ['5620', 'unreachable'],
    ['9902', 'unknown'],
    ['http-500', 'unknown'],
    ['30003', 'unreachable'],
    ['30005', 'invalid_number'],
    ['30007', 'spam_filtered'],
    ['21211', 'invalid_number'],
    ['21614', 'invalid_number'],
    ['21408', 'carrier_rejected'],
    ['30008', 'unknown'],
  ])('maps %s to %s', (code, reason) => expect(failureReasonOf(code)).toBe(reason));
});
