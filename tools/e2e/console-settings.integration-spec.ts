import { describeConsoleSettings } from './suites/console-settings-suite';

/** The location-settings suite (`suites/console-settings-suite.ts`) against the services and the console as processes on the local stack (ports 3961-3967, stand-in 3970). */
describeConsoleSettings('distributed', { basePort: 3961, carrierPort: 3970 });
