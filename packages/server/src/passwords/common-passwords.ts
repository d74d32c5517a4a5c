/**
 * An offline stand-in for Clerk's breached-password check: the ~49,000 most common
 * leaked passwords zxcvbn ships (`passwords-common` in @zxcvbn-ts/language-common,
 * itself drawn from breach corpora). The module is imported and the Set built on the
 * first check, not at startup; concurrent first checks share one load.
 */
let commonPasswords: Promise<ReadonlySet<string>> | undefined;

function loadCommonPasswords(): Promise<ReadonlySet<string>> {
  // A CommonJS module: read through `default` (its `module.exports`), the one export both
  // Node and the bundle (build.mjs) give an `import()` of it.
  commonPasswords ??= import('@zxcvbn-ts/language-common').then(
    (module) => {
      const { dictionary } = (module as unknown as { default: typeof module }).default;
      return new Set(dictionary['passwords-common'].map((entry) => entry.toLowerCase()));
    },
    (error: unknown) => {
      commonPasswords = undefined; // let the next check retry rather than cache the failure
      throw error;
    },
  );
  return commonPasswords;
}

/** Whether the password is on the list, ignoring case (`PassWord1` counts as `password1`). */
export async function isCommonPassword(password: string): Promise<boolean> {
  return (await loadCommonPasswords()).has(password.toLowerCase());
}
