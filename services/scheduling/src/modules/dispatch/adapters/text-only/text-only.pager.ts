import { type CarrierCall, PageCallError, type PageCallRequest, type VoicePager } from '../../port/voice-pager';

/** The pager of a service without Bandwidth voice credentials: pages go by text only. */
export class TextOnlyPager implements VoicePager {
  readonly enabled = false;

  placeCall(request: PageCallRequest): Promise<string> {
    return Promise.reject(new PageCallError('refused', `voice paging is not configured (call ${request.tag} not placed)`));
  }

  findCalls(): Promise<CarrierCall[]> {
    return Promise.resolve([]);
  }
}
