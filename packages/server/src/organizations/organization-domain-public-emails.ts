/**
 * Email providers anyone can sign up with: their domains prove no affiliation, so no
 * organization may claim one (Clerk answers `organization_domain_common`). Matched on the
 * whole (lowercase, ASCII) name; a subdomain of one (`mail.gmail.com`) is refused too.
 * Kept here, in one place; docs/behaviour.md lists the rule.
 */
export const PUBLIC_EMAIL_DOMAINS: ReadonlySet<string> = new Set([
  // Google, Microsoft, Apple, Yahoo, AOL
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'hotmail.co.uk',
  'hotmail.fr',
  'live.com',
  'msn.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'yahoo.com',
  'yahoo.co.uk',
  'yahoo.fr',
  'yahoo.co.jp',
  'ymail.com',
  'rocketmail.com',
  'aol.com',
  // Privacy-focused and independent providers
  'proton.me',
  'protonmail.com',
  'pm.me',
  'tutanota.com',
  'tuta.io',
  'fastmail.com',
  'hey.com',
  'zoho.com',
  'mail.com',
  'gmx.com',
  'gmx.net',
  'gmx.de',
  'web.de',
  'yandex.com',
  'yandex.ru',
  'mail.ru',
  'inbox.com',
  // Regional webmail
  'qq.com',
  '163.com',
  '126.com',
  'naver.com',
  'daum.net',
  'hanmail.net',
  'orange.fr',
  'free.fr',
  'laposte.net',
  'libero.it',
  'seznam.cz',
  'wp.pl',
  'o2.pl',
  'uol.com.br',
  'bol.com.br',
  'rediffmail.com',
]);

/** Whether `name` (lowercase ASCII) is a public email provider's domain or a subdomain of one. */
export function isPublicEmailDomain(name: string): boolean {
  for (let at = name; ;) {
    if (PUBLIC_EMAIL_DOMAINS.has(at)) return true;
    const dot = at.indexOf('.');
    if (dot < 0) return false;
    at = at.slice(dot + 1);
  }
}
