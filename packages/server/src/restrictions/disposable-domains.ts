/**
 * Disposable (throwaway) email domains, from `mailchecker`, a list maintained across
 * languages and released often. It is about a megabyte of JavaScript, so it loads on the
 * first check of an instance that blocks disposable domains, not at start-up.
 */
let domains: Promise<ReadonlySet<string>> | undefined;

function loadDomains(): Promise<ReadonlySet<string>> {
  // A CommonJS module: read through `default` (its `module.exports`), the one export both
  // Node and the bundle (build.mjs) give an `import()` of it, whatever its typings say.
  domains ??= import('mailchecker').then((module) =>
    (module as unknown as { default: { blacklist(): Set<string> } }).default.blacklist(),
  );
  return domains;
}

/**
 * Whether an address's domain, or any domain it is under (`mail.tempmail.com` is under
 * `tempmail.com`), is a disposable one. `emailLower` is a validated, lowercased address.
 */
export async function isDisposableEmail(emailLower: string): Promise<boolean> {
  const list = await loadDomains();
  let domain = emailLower.slice(emailLower.lastIndexOf('@') + 1);
  for (;;) {
    if (list.has(domain)) return true;
    const dot = domain.indexOf('.');
    if (dot === -1) return false;
    domain = domain.slice(dot + 1);
  }
}
