/**
 * Clerk's documented Backend API rate limits (clerk.com/docs, "Rate limits": counted per
 * application instance, the one the secret key identifies). Every limited request counts
 * against its instance's general budget; the operations below have a budget of their own
 * on top of it.
 */

export interface Limit {
  /** Requests allowed in one window. */
  max: number;
  windowMs: number;
}

export type Environment = 'development' | 'production';

/** Clerk's general budget per instance: 1000 / 10 s in production, 100 / 10 s in development. */
export const CLERK_GENERAL_LIMITS: Readonly<Record<Environment, Limit>> = {
  production: { max: 1000, windowMs: 10_000 },
  development: { max: 100, windowMs: 10_000 },
};

export interface OperationRule extends Limit {
  /** The budget's name (in its counter's key and the 429's message); operations may share one. */
  budget: string;
  /** Counted per value of this path parameter too (Clerk: "per user"), else per instance. */
  perParam?: string;
}

const HOUR = 3_600_000;
/** One budget for the three ways to update a user (Clerk lists them together). */
const perUser = { budget: 'user updates', max: 10, windowMs: 10_000, perParam: 'user_id' } as const;

/** Clerk's stricter per-endpoint limits, by operation. */
export const OPERATION_RULES: ReadonlyMap<string, OperationRule> = new Map<string, OperationRule>([
  ['CreateInvitation', { budget: 'CreateInvitation', max: 100, windowMs: HOUR }],
  ['CreateBulkInvitations', { budget: 'CreateBulkInvitations', max: 25, windowMs: HOUR }],
  [
    'CreateOrganizationInvitation',
    { budget: 'CreateOrganizationInvitation', max: 250, windowMs: HOUR },
  ],
  [
    'CreateOrganizationInvitationBulk',
    { budget: 'CreateOrganizationInvitationBulk', max: 50, windowMs: HOUR },
  ],
  ['UpdateUser', perUser],
  ['UpdateUserMetadata', perUser],
  ['ReplaceUserMetadata', perUser],
]);

/** Clerk: "Get the JWKS of the instance, no rate limit" (SDKs fetch it to verify tokens). */
export const UNLIMITED_OPERATIONS: ReadonlySet<string> = new Set(['GetJWKS']);
