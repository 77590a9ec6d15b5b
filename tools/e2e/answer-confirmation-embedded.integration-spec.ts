import { describeAnswerConfirmation } from './suites/answer-confirmation-suite';

/**
 * The answer-confirmation suite (`suites/answer-confirmation-suite.ts`) against the single process on a temporary data
 * directory (PGlite, the in-process bus, chDB; its port chosen free), the stand-in on 3972. Needs no Kafka, PostgreSQL
 * or ClickHouse.
 */
describeAnswerConfirmation('embedded', { basePort: 0, carrierPort: 3972 });
