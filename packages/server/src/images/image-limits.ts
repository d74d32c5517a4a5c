/** Largest profile image accepted, as Clerk's (10 MB). */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
