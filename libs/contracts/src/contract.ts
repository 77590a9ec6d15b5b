import { type z } from 'zod';
import { envelopeSchema } from './envelope';

/** What a contract describes: a fact that happened or a command asking for an action. */
export type ContractKind = 'event' | 'command';

/**
 * One versioned event or command: its CloudEvents `type`, the Kafka topic it travels on, the
 * zod schema of its `data`, and the function that derives its Kafka key from the envelope.
 * Topic names follow STYLE.md: `<domain>.<entity>.<event>.v<N>` for facts and
 * `<domain>.<entity>.<verb>.cmd.v<N>` for commands. A contract never changes incompatibly:
 * a breaking change is a new contract with the next version.
 */
export interface Contract<TData extends z.ZodType = z.ZodType> {
  readonly type: string;
  readonly topic: string;
  readonly kind: ContractKind;
  readonly version: number;
  readonly description: string;
  readonly data: TData;
  readonly envelope: ReturnType<typeof envelopeSchema<TData>>;
  /** Kafka message key; `null` is never returned, so ordering is always defined. */
  readonly key: (event: { locationId: string; data: z.infer<TData> }) => string;
  /** Kafka topic config entries (e.g. `cleanup.policy=compact` for state topics). */
  readonly topicConfig?: Readonly<Record<string, string>>;
}

/** The data type carried by contract `C`. */
export type ContractData<C extends Contract> = z.infer<C['data']>;

/**
 * Declares a contract. The topic is the type (STYLE.md: one topic per type and version).
 * @throws Error if `type` does not end with `.v<N>`.
 */
export function defineContract<TData extends z.ZodType>(spec: {
  type: string;
  kind: ContractKind;
  description: string;
  data: TData;
  key: Contract<TData>['key'];
  topicConfig?: Record<string, string>;
}): Contract<TData> {
  const match = /\.v(\d+)$/.exec(spec.type);
  if (!match) throw new Error(`contract type ${spec.type} has no .v<N> suffix`);
  if (spec.kind === 'command' && !spec.type.includes('.cmd.')) {
    throw new Error(`command contract ${spec.type} must contain .cmd.`);
  }
  return {
    type: spec.type,
    topic: spec.type,
    kind: spec.kind,
    version: Number(match[1]),
    description: spec.description,
    data: spec.data,
    envelope: envelopeSchema(spec.type, spec.data),
    key: spec.key,
    ...(spec.topicConfig ? { topicConfig: spec.topicConfig } : {}),
  };
}

/** Name of the dead-letter topic of `topic` (STYLE.md: `<topic>.dlq`). */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}
