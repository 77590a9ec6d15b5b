import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@textback/platform';
import { entityManagerOf, type TransactionHandle } from '@textback/persistence';
import { type DataSource } from 'typeorm';
import { type LineType } from '../carrier/port/sms-carrier.port';
import { MessagingSchema } from '../shared/messaging-schema';

/** A cached line type; `source` tells whether a lookup said so or a delivery error taught us. */
export interface CachedLineType {
  phoneE164: string;
  lineType: LineType;
  textable: boolean;
  source: 'lookup' | 'delivery_error';
  errorCode: string | null;
  checkedAt: Date;
}

/** SQL of the line-type cache (`line_type`). */
@Injectable()
export class LineTypeRepository {
  constructor(
    private readonly schema: MessagingSchema,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  /** The cached line type of `phone`, read in `tx` when given (else on its own connection). */
  async get(phone: string, tx?: TransactionHandle): Promise<CachedLineType | null> {
    const rows = (await (tx ? entityManagerOf(tx) : this.dataSource).query(`SELECT * FROM ${this.schema.sql}.line_type WHERE phone_e164 = $1`, [phone])) as {
      phone_e164: string;
      line_type: LineType;
      textable: boolean;
      source: 'lookup' | 'delivery_error';
      error_code: string | null;
      checked_at: Date;
    }[];
    const r = rows[0];
    return r ? { phoneE164: r.phone_e164, lineType: r.line_type, textable: r.textable, source: r.source, errorCode: r.error_code, checkedAt: r.checked_at } : null;
  }

  /** Stores a lookup answer (in `tx` when given); never overwrites a learned non-textable verdict. */
  async putLookup(phone: string, lineType: LineType, textable: boolean, at: Date, tx?: TransactionHandle): Promise<void> {
    await (tx ? entityManagerOf(tx) : this.dataSource).query(
      `INSERT INTO ${this.schema.sql}.line_type (phone_e164, line_type, textable, source, checked_at) VALUES ($1,$2,$3,'lookup',$4)
       ON CONFLICT ON CONSTRAINT pk_line_type DO UPDATE SET line_type = EXCLUDED.line_type, textable = EXCLUDED.textable, checked_at = EXCLUDED.checked_at
       WHERE ${this.schema.sql}.line_type.source = 'lookup'`,
      [phone, lineType, textable, at],
    );
  }

  /** Records that a delivery error (Bandwidth 4720/4700, Twilio 30006) showed `phone` cannot receive texts. */
  async markNotTextable(tx: TransactionHandle, phone: string, errorCode: string, at: Date): Promise<void> {
    await entityManagerOf(tx).query(
      `INSERT INTO ${this.schema.sql}.line_type (phone_e164, line_type, textable, source, error_code, checked_at) VALUES ($1,'unknown',false,'delivery_error',$2,$3)
       ON CONFLICT ON CONSTRAINT pk_line_type DO UPDATE SET textable = false, source = 'delivery_error', error_code = EXCLUDED.error_code, checked_at = EXCLUDED.checked_at`,
      [phone, errorCode, at],
    );
  }
}
