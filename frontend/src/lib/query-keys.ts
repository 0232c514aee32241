/**
 * Query keys shared between features, so that a change in one screen refreshes another
 * (inviting a person changes the team's member count) without features importing each other.
 */
export const queryKeys = {
  users: ['users'] as const,
  teams: ['teams'] as const,
  company: ['company'] as const,
  tenants: ['tenants'] as const,
  auditLog: ['audit-log'] as const,
};
