import { randomUUID } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import type { RequestQuery } from '@castellan/contract';
import { apiErrors } from '../errors/api-errors.js';
import { generateId } from '../ids/generate-id.js';
import { pageOf } from '../lists/list-params.js';
import { paginated } from '../lists/list-responses.js';
import type { Scope } from '../platform/scope.js';
import { runWrite } from '../platform/write.js';
import { RESOURCE } from './connection-writes.js';
import { testRunToApi, type TestRun } from './enterprise-connection-mapper.js';
import {
  findConnection,
  insertTestRun,
  listTestRunRows,
  type ConnectionRow,
} from './enterprise-connection-store.js';
import { spUrls } from './sp-urls.js';

/** A SAML 2.0 AuthnRequest for the HTTP-Redirect binding (deflated, base64; §3.4.4.1). */
function authnRequest(baseUrl: string, row: ConnectionRow, nowMs: number): string {
  const urls = spUrls(baseUrl, row.saml_connection_id!);
  const xml =
    `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ` +
    `xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_${randomUUID()}" Version="2.0" ` +
    `IssueInstant="${new Date(nowMs).toISOString()}" Destination="${row.idp_sso_url}" ` +
    `AssertionConsumerServiceURL="${urls.acs}" ` +
    `ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"` +
    `${row.force_authn ? ' ForceAuthn="true"' : ''}>` +
    `<saml:Issuer>${urls.entityId}</saml:Issuer></samlp:AuthnRequest>`;
  return deflateRawSync(Buffer.from(xml, 'utf8')).toString('base64');
}

/** Where the test flow starts, or what is missing for it. */
function startUrl(
  scope: Scope,
  row: ConnectionRow,
  runId: string,
): { url?: string; missing: string[] } {
  if (row.saml_connection_id !== null) {
    const missing = (['idp_entity_id', 'idp_sso_url', 'idp_certificate'] as const).filter(
      (field) => row[field] === null,
    );
    if (missing.length > 0) return { missing };
    const url = new URL(row.idp_sso_url!);
    url.searchParams.set('SAMLRequest', authnRequest(scope.baseUrl, row, scope.clock.now()));
    url.searchParams.set('RelayState', runId);
    return { url: url.toString(), missing };
  }
  const missing = (['oidc_client_id', 'oidc_auth_url'] as const).filter((f) => row[f] === null);
  if (missing.length > 0) return { missing: missing.map((f) => f.replace('oidc_', 'oidc.')) };
  const url = new URL(row.oidc_auth_url!);
  url.searchParams.set('client_id', row.oidc_client_id!);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', 'openid email profile');
  url.searchParams.set(
    'redirect_uri',
    `${scope.baseUrl}/enterprise_sso/${encodeURIComponent(row.oauth_config_id!)}/callback`,
  );
  url.searchParams.set('state', runId);
  return { url: url.toString(), missing };
}

/**
 * `POST /v1/enterprise_connections/{id}/test_runs`: records a test run and answers the URL
 * that starts the IdP's sign-in (an AuthnRequest to the SSO URL, or the OIDC authorization
 * request). Castellan does not consume the IdP's answer yet, so a started run stays
 * `pending`; a connection missing its IdP configuration records a `failed` run, with a log
 * naming what is missing, and answers 422 (docs/enterprise-sso.md).
 */
export async function createTestRun(scope: Scope, connectionId: string): Promise<{ url: string }> {
  const connection = await findConnection(scope.db, scope.instanceId, { id: connectionId });
  if (!connection) throw apiErrors.notFound(RESOURCE, connectionId);
  const id = generateId('ectr', scope.clock.now());
  const start = startUrl(scope, connection, id);
  const logs =
    start.url === undefined
      ? [
          {
            level: 'error',
            code: 'configuration_missing',
            short_message: 'The IdP is not configured',
            message: `Missing: ${start.missing.join(', ')}.`,
          },
        ]
      : [
          {
            level: 'info',
            code: 'test_started',
            short_message: 'Test flow started',
            message: 'Sent to the IdP; Castellan does not process IdP answers yet.',
          },
        ];
  await runWrite(scope, (tx) =>
    insertTestRun(tx.db, {
      id,
      instance_id: tx.instanceId,
      connection_id: connection.id,
      status: start.url === undefined ? 'failed' : 'pending',
      connection_type: connection.saml_connection_id !== null ? 'saml' : 'oauth',
      logs: JSON.stringify(logs),
      created_at: tx.now,
    }),
  );
  if (start.url === undefined) {
    throw apiErrors.enterpriseConnectionNotConfigured(
      connectionId,
      `missing ${start.missing.join(', ')}`,
      id,
    );
  }
  return { url: start.url };
}

/** `GET /v1/enterprise_connections/{id}/test_runs`: newest first, by status. */
export async function listTestRuns(
  scope: Scope,
  connectionId: string,
  query: RequestQuery<'ListEnterpriseConnectionTestRuns'>,
): Promise<{ data: TestRun[]; total_count: number }> {
  const connection = await findConnection(scope.db, scope.instanceId, { id: connectionId });
  if (!connection) throw apiErrors.notFound(RESOURCE, connectionId);
  const { rows, total } = await listTestRunRows(
    scope.db,
    connection.id,
    query.status ?? [],
    pageOf(query),
  );
  return paginated(rows.map(testRunToApi), total);
}
