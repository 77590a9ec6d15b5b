import { z } from 'zod';

/** Roles of Textback users (lead-crm's model). */
export const userRoleSchema = z.enum(['owner', 'admin', 'regional_manager', 'dispatcher', 'agent']);
export type UserRole = z.infer<typeof userRoleSchema>;

/** Claims reporting reads from an API JWT (issued by the same identity provider as lead-crm's). */
export const reportClaimsSchema = z.object({
  sub: z.string().min(1),
  tenantId: z.string().min(1),
  role: userRoleSchema,
  regionIds: z.array(z.string()).default([]),
  locationIds: z.array(z.string()).default([]),
});
export type ReportPrincipal = z.infer<typeof reportClaimsSchema>;
