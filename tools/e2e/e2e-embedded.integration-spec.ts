import { describeEndToEnd } from './suites/e2e-suite';

/**
 * The end-to-end suite (`suites/e2e-suite.ts`) against the single process on a temporary data directory (PGlite, the
 * in-process bus, chDB; its port chosen free), the stand-in on 3911. Needs no Kafka, PostgreSQL or ClickHouse.
 */
describeEndToEnd('embedded', { basePort: 0, carrierPort: 3911 });
