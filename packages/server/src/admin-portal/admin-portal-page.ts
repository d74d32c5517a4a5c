import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SecretKeyAuthOptions } from '../auth/secret-key-auth.js';
import type { Scope } from '../platform/scope.js';
import { openAdminPortalLink, type PortalAccess } from './admin-portal-access.js';
import { findLinkInstance } from './admin-portal-store.js';

/** No script at all; the inline style is the page's own (hashed would be stricter, not needed). */
const CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const COOKIE = 'castellan_admin_portal';

const escapeHtml = (value: unknown) =>
  String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const STYLE = `body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.4rem;text-align:left;vertical-align:top}
th{background:#f4f4f4}code{font-size:.9em;word-break:break-all}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>${body}</body></html>
`;
}

const CLOSED: Record<Exclude<PortalAccess['state'], 'open'>, [number, string, string]> = {
  unknown: [404, 'Link not valid', 'This admin portal link is not valid.'],
  expired: [410, 'Link expired', 'This admin portal link has expired. Ask for a new one.'],
  revoked: [410, 'Link revoked', 'This admin portal link was revoked. Ask for a new one.'],
  used: [
    410,
    'Link already used',
    'This admin portal link was already opened in another browser: each link works once. Ask for a new one.',
  ],
};

/** The page of an open link: the organization's enterprise connections (no secrets). */
export function renderPortal(access: Extract<PortalAccess, { state: 'open' }>): string {
  const rows = access.connections.map((c) => {
    const saml = c.saml_connection;
    const details = saml
      ? `SAML<br>ACS URL: <code>${escapeHtml(saml.acs_url)}</code><br>SP entity ID: <code>${escapeHtml(saml.sp_entity_id)}</code><br>SP metadata: <code>${escapeHtml(saml.sp_metadata_url)}</code><br>IdP entity ID: <code>${escapeHtml(saml.idp_entity_id)}</code>`
      : c.oauth_config
        ? `OIDC<br>Discovery URL: <code>${escapeHtml(c.oauth_config.discovery_url)}</code>`
        : '';
    return `<tr><td>${escapeHtml(c.name)}</td><td>${escapeHtml(c.provider)}</td><td>${escapeHtml(c.domains.join(', '))}</td><td>${c.active ? 'active' : 'inactive'}</td><td>${details}</td></tr>`;
  });
  const table =
    rows.length === 0
      ? '<p>This organization has no enterprise connections yet.</p>'
      : `<table><thead><tr><th>Name</th><th>Provider</th><th>Domains</th><th>State</th><th>Details</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return page(
    `Admin portal: ${access.organizationName}`,
    `<h1>Enterprise connections of ${escapeHtml(access.organizationName)}</h1>${table}`,
  );
}

function send(reply: FastifyReply, status: number, html: string) {
  return reply
    .code(status)
    .header('content-security-policy', CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(html);
}

function cookieOf(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return value.join('=');
  }
  return undefined;
}

/**
 * `GET /castellan/admin-portal/{token}`: the page a link opens (docs/admin-portal.md). No
 * secret key: the link is the credential. Registered in the `/castellan` scope.
 */
export function registerAdminPortalPage(app: FastifyInstance, auth: SecretKeyAuthOptions) {
  const { database } = auth;
  const scopeFor = async (instanceId: string): Promise<Scope | undefined> => {
    const row = await findLinkInstance(database.db, instanceId);
    if (!row) return undefined;
    return {
      db: database.db,
      dialect: database.adapter,
      secrets: auth.secrets,
      clock: auth.clock,
      instanceId: row.id,
      instance: {
        id: row.id,
        frontendApi: row.frontend_api,
        publishableKey: row.publishable_key,
        environment: row.environment,
      },
      request: undefined,
      files: auth.files,
      baseUrl: auth.baseUrl(),
      transport: auth.transport,
    };
  };
  app.get<{ Params: { token: string } }>(
    '/admin-portal/:token',
    { config: { public: true, secretPath: true } },
    async (request, reply) => {
      const { token } = request.params;
      const access = await openAdminPortalLink(
        database.db,
        scopeFor,
        token,
        cookieOf(request.headers.cookie),
      );
      if (access.state !== 'open') {
        const [status, title, text] = CLOSED[access.state];
        return send(reply, status, page(title, `<h1>${title}</h1><p>${text}</p>`));
      }
      if (access.newSession) {
        const secure = auth.baseUrl().startsWith('https:') ? '; Secure' : '';
        reply.header(
          'set-cookie',
          `${COOKIE}=${access.newSession.value}; Path=/castellan/admin-portal/${token}; Max-Age=${access.newSession.maxAgeSeconds}; HttpOnly; SameSite=Strict${secure}`,
        );
      }
      return send(reply, 200, renderPortal(access));
    },
  );
}
