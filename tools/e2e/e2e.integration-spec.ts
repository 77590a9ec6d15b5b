import { describeEndToEnd } from './suites/e2e-suite';

/** The end-to-end suite (`suites/e2e-suite.ts`) against the six services as processes on the local stack (ports 3901-3906, stand-in 3910). */
describeEndToEnd('distributed', { basePort: 3901, carrierPort: 3910 });
