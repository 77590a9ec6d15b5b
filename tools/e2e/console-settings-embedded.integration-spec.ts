import { describeConsoleSettings } from './suites/console-settings-suite';

/**
 * The location-settings suite (`suites/console-settings-suite.ts`) against the single process on a temporary data
 * directory (PGlite, the in-process bus, chDB; the console on its one port, chosen free), the stand-in on 3973. Needs
 * no Kafka, PostgreSQL or ClickHouse.
 */
describeConsoleSettings('embedded', { basePort: 0, carrierPort: 3973 });
