import { describeScenarios } from './suites/scenario-suite';

/** Every conversation scenario (`suites/scenario-suite.ts`) against the six services as processes on the local stack (ports 3961-3966, stand-in 3970). */
describeScenarios('distributed', { basePort: 3961, carrierPort: 3970 });
