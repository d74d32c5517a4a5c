import type { FastifyInstance } from 'fastify';
import { createInstance } from '../../src/instances/instance-service.js';
import type { InstanceSettings } from '../../src/instances/instance-settings.js';
import { Api } from '../helpers/api.js';
import { useTestInstance, type TestInstance } from '../helpers/test-instance.js';
import type { DialectName } from '../helpers/test-server.js';

/**
 * Core's FAPI test helpers: instances of either kind on the worker's server, and a
 * `FapiBrowser` that calls `/__clerk/<instance id>/v1/…` the way clerk-js does (form
 * bodies, `_method`, `__clerk_db_jwt` on every request in development, cookies kept).
 */

export interface FapiTestInstance extends TestInstance {
  kind: 'development' | 'production';
  publishableKey: string;
}

let made = 0;

/** A fresh instance of `kind` on the worker's server (the suite's clock on real time). */
export async function useFapiInstance(
  dialect: DialectName,
  kind: 'development' | 'production',
  settings?: InstanceSettings,
): Promise<FapiTestInstance> {
  const base = await useTestInstance(dialect);
  if (kind === 'development' && !settings) {
    return { ...base, kind, publishableKey: base.instance.publishableKey };
  }
  made += 1;
  const name = `core-${kind}-${process.pid}-${made}`;
  const { instance, secretKey } = await createInstance(base.database.db, {
    name,
    frontendApi:
      kind === 'development' ? `${name}.castellan.accounts.dev` : `clerk.${name}.example`,
    environment: kind,
    secrets: base.app.castellan.secrets,
    settings,
  });
  return {
    ...base,
    kind,
    instanceId: instance.id,
    instance,
    secretKey,
    auth: { authorization: `Bearer ${secretKey}` },
    api: new Api(base.app, secretKey),
    publishableKey: instance.publishableKey,
  };
}

export interface FapiResponse {
  status: number;
  body: any;
  headers: Record<string, string | string[] | number | undefined>;
  setCookies: string[];
}

export interface FapiCallOptions {
  form?: Record<string, string | string[]>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** Send no `__clerk_db_jwt` even when the browser has one. */
  noDevToken?: boolean;
}

/** A browser of one instance, as clerk-js drives the FAPI. */
export class FapiBrowser {
  devToken: string | undefined;
  readonly cookies = new Map<string, string>();

  constructor(
    readonly app: FastifyInstance,
    readonly instanceId: string,
    readonly origin: string | null = 'http://localhost:3000',
    readonly prefix = `/__clerk/${instanceId}`,
  ) {}

  /** `POST /v1/dev_browser`, keeping the token as clerk-js does. */
  async setUpDevBrowser(): Promise<string> {
    const res = await this.call('POST', '/v1/dev_browser');
    if (res.status !== 200)
      throw new Error(`dev_browser: ${res.status} ${JSON.stringify(res.body)}`);
    this.devToken = res.body.id as string;
    return this.devToken;
  }

  async call(method: string, path: string, options: FapiCallOptions = {}): Promise<FapiResponse> {
    const query = new URLSearchParams({
      __clerk_api_version: '2025-11-10',
      _clerk_js_version: '6.40.0',
      ...options.query,
    });
    if (this.devToken && !options.noDevToken) query.set('__clerk_db_jwt', this.devToken);
    const wireMethod = method === 'GET' || method === 'POST' ? method : 'POST';
    if (wireMethod !== method) query.set('_method', method);
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(options.form ?? {})) {
      for (const v of Array.isArray(value) ? value : [value]) form.append(key, v);
    }
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await this.app.inject({
      method: wireMethod,
      url: `${this.prefix}${path}?${query}`,
      headers: {
        ...(this.origin ? { origin: this.origin } : {}),
        ...(cookie ? { cookie } : {}),
        ...(wireMethod === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...options.headers,
      },
      ...(wireMethod === 'POST' ? { payload: form.toString() } : {}),
    });
    const raw = res.headers['set-cookie'];
    const setCookies = raw === undefined ? [] : Array.isArray(raw) ? raw : [String(raw)];
    for (const line of setCookies) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    let body: unknown;
    try {
      body = res.body === '' ? undefined : JSON.parse(res.body);
    } catch {
      body = res.body;
    }
    return { status: res.statusCode, body, headers: res.headers, setCookies };
  }
}
