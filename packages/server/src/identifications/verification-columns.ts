/** The verification columns of an identification verified by the admin (this API). */
export const ADMIN_VERIFIED = {
  verification_status: 'verified',
  verification_strategy: 'admin',
  verification_attempts: null,
  verification_expire_at: null,
} as const;

/** Unverified, with no code pending: the identification shows no verification. */
export const ADMIN_UNVERIFIED = { ...ADMIN_VERIFIED, verification_status: 'unverified' } as const;

/**
 * `identification_status` of the replace operations: `reserved` is unverified but held for
 * the user (usable for sign-in); `unverified` is neither.
 */
export const REPLACEMENT_STATUS = {
  verified: { reserved: false, ...ADMIN_VERIFIED },
  reserved: { reserved: true, ...ADMIN_UNVERIFIED },
  unverified: { reserved: false, ...ADMIN_UNVERIFIED },
} as const;
