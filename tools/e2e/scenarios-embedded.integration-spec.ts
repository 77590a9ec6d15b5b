import { describeScenarios } from './suites/scenario-suite';

/** Every conversation scenario (`suites/scenario-suite.ts`) against the single process on a temporary data directory, the stand-in on 3971. */
describeScenarios('embedded', { basePort: 0, carrierPort: 3971 });
