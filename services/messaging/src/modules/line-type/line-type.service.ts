import { Inject, Injectable } from '@nestjs/common';
import { ROOT_LOGGER } from '@textback/platform';
import { type TransactionContext, type TransactionHandle } from '@textback/persistence';
import { type Logger } from 'pino';
import { LINE_TYPE_LOOKUP, type LineTypeAnswer, type LineTypeLookup } from '../carrier/port/sms-carrier.port';
import { CLOCK, type Clock } from '../clock/port/clock';
import { LineTypeRepository } from './line-type.repository';

/** Injection token of the lookup cache lifetime in days (env LINE_TYPE_CACHE_DAYS). */
export const LINE_TYPE_CACHE_DAYS = Symbol('LineTypeCacheDays');

/**
 * Delivery error codes that prove a number cannot receive texts: Bandwidth 4720/4700; Twilio 30006 (landline or
 * unreachable carrier), 30005 (unknown handset: the number does not exist) and 21614 (not a mobile number) (CARRIER-APIS.md
 * §2.3, §4.2). Twilio 30003 (unreachable handset) is left out: Twilio documents it as possibly transient (phone off).
 */
export const NOT_TEXTABLE_ERROR_CODES = new Set(['4720', '4700', '30005', '30006', '21614']);

/**
 * Line type of a number: the cache (`line_type`: lookups for LINE_TYPE_CACHE_DAYS, learned delivery errors for good),
 * else the provider lookup. A failed lookup is not fatal: the text is attempted and the delivery callback teaches us.
 */
@Injectable()
export class LineTypeService {
  constructor(
    private readonly repository: LineTypeRepository,
    @Inject(LINE_TYPE_LOOKUP) private readonly lookup: LineTypeLookup,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LINE_TYPE_CACHE_DAYS) private readonly cacheDays: number,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
  ) {}

  /**
   * The line type of `phone` with `learned` true when a delivery error (not a lookup) decided it; undefined when unknown.
   * With `tx`, the cache is read and written in that transaction (one commit with the decision).
   */
  async resolve(phone: string, tx?: TransactionHandle): Promise<(LineTypeAnswer & { learned: boolean; errorCode?: string }) | undefined> {
    const now = this.clock.now();
    const cached = await this.repository.get(phone, tx);
    if (cached?.source === 'delivery_error') return { lineType: cached.lineType, textable: cached.textable, learned: true, ...(cached.errorCode ? { errorCode: cached.errorCode } : {}) };
    if (cached && now.getTime() - cached.checkedAt.getTime() < this.cacheDays * 86_400_000) return { lineType: cached.lineType, textable: cached.textable, learned: false };
    try {
      const answer = await this.lookup.lookup(phone);
      if (!answer) return undefined;
      await this.repository.putLookup(phone, answer.lineType, answer.textable, now, tx);
      return { ...answer, learned: false };
    } catch (err) {
      this.log.warn({ err }, 'line type lookup failed; the text will be attempted');
      return undefined;
    }
  }

  /** Learns from a delivery error that `phone` is not textable (only for {@link NOT_TEXTABLE_ERROR_CODES}). */
  async learnFromDeliveryError(tx: TransactionContext, phone: string, errorCode: string): Promise<boolean> {
    if (!NOT_TEXTABLE_ERROR_CODES.has(errorCode)) return false;
    await this.repository.markNotTextable(tx.handle, phone, errorCode, this.clock.now());
    return true;
  }
}
