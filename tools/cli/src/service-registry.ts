import { type ServiceDefinition } from '@textback/platform';
import { consoleService } from '../../../services/console/src/console.definition';
import { conversationAiService } from '../../../services/conversation-ai/src/conversation-ai.definition';
import { leadCrmService } from '../../../services/lead-crm/src/lead-crm.definition';
import { messagingService } from '../../../services/messaging/src/messaging.definition';
import { reportingService } from '../../../services/reporting/src/reporting.definition';
import { schedulingService } from '../../../services/scheduling/src/scheduling.definition';
import { telephonyIngestService } from '../../../services/telephony-ingest/src/telephony-ingest.definition';

/** Every service, in pipeline order. */
export const SERVICES: readonly ServiceDefinition[] = [
  telephonyIngestService,
  messagingService,
  conversationAiService,
  leadCrmService,
  schedulingService,
  reportingService,
  consoleService,
];

/**
 * Resolves service names (`all` for every one).
 * @throws Error naming the unknown service and the known ones.
 */
export function resolveServices(names: readonly string[]): ServiceDefinition[] {
  if (names.length === 0 || names.includes('all')) return [...SERVICES];
  return names.map((n) => {
    const found = SERVICES.find((s) => s.name === n);
    if (!found) throw new Error(`unknown service "${n}"; known: ${SERVICES.map((s) => s.name).join(', ')}, all`);
    return found;
  });
}
