import type { FastifyRequest } from 'fastify';
import {
  findClientByDevBrowserToken,
  findClientOfCookieToken,
  instanceOfClientCookieToken,
  type ClientRow,
} from '../clients/client-browser.js';
import { apiErrors } from '../errors/api-errors.js';
import { findInstance, findSoleInstance } from '../instances/instance-lookup.js';
import type { Instance } from '../instances/instance-service.js';
import type { Scope } from '../platform/scope.js';
import { instanceOfDevBrowserToken } from './dev-browser-token.js';
import { formString } from './form-fields.js';
import type { FapiContext, FapiIdentity, FormFields } from './fapi-context.js';
import type { FrontendApiOptions } from './fapi-options.js';

/** Cookies of the request (`name=value; …`), first value of each name. */
export function requestCookies(request: FastifyRequest): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    const name = part.slice(0, at).trim();
    if (!cookies.has(name)) cookies.set(name, decodeCookie(part.slice(at + 1).trim()));
  }
  return cookies;
}

function decodeCookie(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The request's instance (docs/frontend-api.md, "Instance selection"): the `Clerk-Secret-Key`
 * header (an app's proxy); else the instance in the path (`/__clerk/<instance id>/v1/…`);
 * else the one the dev-browser token or the `__client` cookie names; else the server's only
 * instance. The key and the path fix the instance, and the browser's token is then looked
 * up in it alone, so no token ever reaches another instance's data.
 */
async function resolveInstance(
  options: FrontendApiOptions,
  request: FastifyRequest,
  query: FormFields,
  cookies: Map<string, string>,
): Promise<Instance> {
  const db = options.database.db;
  const secretKey = request.headers['clerk-secret-key'];
  let pathInstance = (request.params as { instance_id?: string } | undefined)?.instance_id;
  // `/__clerk/v1/<unknown>` reaches the `/__clerk/:instance_id` scope's 404 with `v1`: no
  // instance is named there.
  if (pathInstance !== undefined && !pathInstance.startsWith('ins_')) {
    if (!request.is404) throw apiErrors.frontendApiInstanceUnknown();
    pathInstance = undefined;
  }
  let instance: Instance | undefined;
  if (typeof secretKey === 'string') {
    instance = await options.resolveInstance(secretKey.trim());
    if (!instance) throw apiErrors.authenticationInvalid();
    if (pathInstance !== undefined && pathInstance !== instance.id) {
      throw apiErrors.frontendApiInstanceUnknown();
    }
    return instance;
  }
  if (pathInstance !== undefined) {
    instance = await findInstance(db, pathInstance);
    if (!instance) throw apiErrors.frontendApiInstanceUnknown();
    return instance;
  }
  const devToken = formString(query, '__clerk_db_jwt') ?? cookies.get('__clerk_db_jwt');
  const named =
    (devToken && instanceOfDevBrowserToken(devToken)) ??
    instanceOfClientCookieToken(cookies.get('__client') ?? '');
  if (named) instance = await findInstance(db, named);
  instance ??= await findSoleInstance(db);
  if (!instance) throw apiErrors.frontendApiInstanceUnknown();
  return instance;
}

/** Who the browser is, and its client if it has one, within the instance. */
async function resolveIdentity(
  scope: Scope,
  query: FormFields,
  cookies: Map<string, string>,
): Promise<{ identity: FapiIdentity; client: ClientRow | undefined }> {
  if (scope.instance.environment === 'development') {
    const token = formString(query, '__clerk_db_jwt') || cookies.get('__clerk_db_jwt');
    if (!token) return { identity: { kind: 'none' }, client: undefined };
    return {
      identity: { kind: 'dev_browser', token },
      client: await findClientByDevBrowserToken(scope.db, scope.instanceId, token),
    };
  }
  const token = cookies.get('__client');
  if (!token) return { identity: { kind: 'none' }, client: undefined };
  return {
    identity: { kind: 'client_cookie', token },
    client: await findClientOfCookieToken(scope, token),
  };
}

/** The request's FAPI context: instance, scope, the browser's identity and client. */
export async function resolveFapiContext(
  options: FrontendApiOptions,
  request: FastifyRequest,
  query: FormFields,
): Promise<FapiContext> {
  const cookies = requestCookies(request);
  const instance = await resolveInstance(options, request, query, cookies);
  const scope: Scope = {
    db: options.database.db,
    dialect: options.database.adapter,
    secrets: options.secrets,
    clock: options.clock,
    instanceId: instance.id,
    instance,
    request: { clientIp: request.ip, userAgent: request.headers['user-agent'] ?? '' },
    files: options.files,
    baseUrl: options.baseUrl(),
    transport: options.transport,
  };
  const { identity, client } = await resolveIdentity(scope, query, cookies);
  const origin = request.headers.origin;
  return {
    scope,
    environment: instance.environment,
    origin: typeof origin === 'string' && origin !== 'null' ? origin : undefined,
    identity,
    client,
    sessionIdHint: formString(query, '_clerk_session_id') || undefined,
    setCookies: [],
    headers: {},
    request,
    modules: options.modules,
    pendingClientToken: undefined,
  };
}
