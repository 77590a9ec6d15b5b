import { describeAnswerConfirmation } from './suites/answer-confirmation-suite';

/** The answer-confirmation suite (`suites/answer-confirmation-suite.ts`) against the six services as processes on the local stack (ports 3961-3966, stand-in 3970). */
describeAnswerConfirmation('distributed', { basePort: 3961, carrierPort: 3970 });
