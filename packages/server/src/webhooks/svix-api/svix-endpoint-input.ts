import { isEndpointSecret } from '../webhook-secrets.js';
import { svixErrors, type SvixValidationItem } from './svix-api-errors.js';
import { isKnownEventType } from './svix-event-types.js';

/** An endpoint's settable fields, as stored (camelCase here, snake_case in the table). */
export interface EndpointFields {
  url: string;
  description: string;
  version: number;
  rateLimit: number | null;
  uid: string | null;
  disabled: boolean;
  filterTypes: string[] | null;
  channels: string[] | null;
  metadata: Record<string, string>;
}

export type EndpointPatchFields = Partial<EndpointFields> & { secret?: string };

const UID = /^[a-zA-Z0-9\-_.]{1,256}$/;
const CHANNEL = /^[a-zA-Z0-9\-_.:]{1,128}$/;
const MAX_URL = 65_536;
const MAX_DESCRIPTION = 4_096;
const MAX_METADATA_BYTES = 8_192;

type Body = Record<string, unknown>;

/** Reads every field given, collecting all problems, Svix-style (`loc: ['body', field]`). */
class Reader {
  readonly problems: SvixValidationItem[] = [];
  constructor(private readonly body: Body) {}

  take<T>(field: string, check: (value: unknown) => Outcome<T>): T | undefined {
    const result = check(this.body[field]);
    if ('error' in result) {
      this.problems.push({ loc: ['body', field], msg: result.error, type: 'value_error' });
      return undefined;
    }
    return result.ok;
  }
}

type Outcome<T> = { ok: T } | { error: string };

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const checks = {
  url(value: unknown): Outcome<string> {
    if (typeof value !== 'string' || value === '') return { error: 'field required' };
    if (value.length > MAX_URL || !isHttpUrl(value)) {
      return { error: 'must be an absolute http or https URL' };
    }
    return { ok: value };
  },
  description(value: unknown): Outcome<string> {
    if (typeof value !== 'string') return { error: 'must be a string' };
    if (value.length > MAX_DESCRIPTION) return { error: `at most ${MAX_DESCRIPTION} characters` };
    return { ok: value };
  },
  version(value: unknown): Outcome<number> {
    return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65_535
      ? { ok: value as number }
      : { error: 'must be an integer from 1' };
  },
  rateLimit(value: unknown): Outcome<number | null> {
    if (value === null) return { ok: null };
    return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65_535
      ? { ok: value as number }
      : { error: 'must be an integer from 1 to 65535, or null' };
  },
  uid(value: unknown): Outcome<string | null> {
    if (value === null) return { ok: null };
    return typeof value === 'string' && UID.test(value)
      ? { ok: value }
      : { error: 'must be 1 to 256 of a-z A-Z 0-9 - _ .' };
  },
  disabled(value: unknown): Outcome<boolean> {
    return typeof value === 'boolean' ? { ok: value } : { error: 'must be a boolean' };
  },
  filterTypes(value: unknown): Outcome<string[] | null> {
    if (value === null) return { ok: null };
    if (!Array.isArray(value) || value.length === 0 || value.some((t) => typeof t !== 'string')) {
      return { error: 'must be a non-empty list of event type names, or null' };
    }
    const unknown = value.filter((t: string) => !isKnownEventType(t));
    if (unknown.length > 0) return { error: `unknown event types: ${unknown.join(', ')}` };
    return { ok: [...new Set(value as string[])] };
  },
  channels(value: unknown): Outcome<string[] | null> {
    if (value === null) return { ok: null };
    if (
      !Array.isArray(value) ||
      value.length === 0 ||
      value.length > 10 ||
      value.some((c) => typeof c !== 'string' || !CHANNEL.test(c))
    ) {
      return { error: 'must be 1 to 10 channel names (a-z A-Z 0-9 - _ . :), or null' };
    }
    return { ok: [...new Set(value as string[])] };
  },
  metadata(value: unknown): Outcome<Record<string, string>> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { error: 'must be an object of strings' };
    }
    if (Object.values(value).some((v) => typeof v !== 'string')) {
      return { error: 'must be an object of strings' };
    }
    if (Buffer.byteLength(JSON.stringify(value)) > MAX_METADATA_BYTES) {
      return { error: `at most ${MAX_METADATA_BYTES} bytes` };
    }
    return { ok: value as Record<string, string> };
  },
  secret(value: unknown): Outcome<string> {
    return typeof value === 'string' && isEndpointSecret(value)
      ? { ok: value }
      : { error: 'must be whsec_ followed by base64 of 24 to 64 bytes' };
  },
};

/** One field's check, typed for the loops over FIELDS. */
function checkOf(name: (typeof FIELDS)[number]): (value: unknown) => Outcome<unknown> {
  return checks[name];
}

const DEFAULTS: Omit<EndpointFields, 'url'> = {
  description: '',
  version: 1,
  rateLimit: null,
  uid: null,
  disabled: false,
  filterTypes: null,
  channels: null,
  metadata: {},
};

const FIELDS = [
  'description',
  'version',
  'rateLimit',
  'uid',
  'disabled',
  'filterTypes',
  'channels',
  'metadata',
] as const;

function objectBody(body: unknown): Body {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw svixErrors.field('body', '__root__', 'the body must be a JSON object', 'type_error');
  }
  const fields = body as Body;
  // Svix's newer name for rateLimit.
  if (fields.rateLimit === undefined && fields.throttleRate !== undefined) {
    return { ...fields, rateLimit: fields.throttleRate };
  }
  return fields;
}

function refuseUnsupported(reader: Reader, body: Body): void {
  if (body.headers !== undefined && body.headers !== null) {
    reader.problems.push({
      loc: ['body', 'headers'],
      msg: 'custom endpoint headers are not supported by Castellan',
      type: 'value_error',
    });
  }
}

/**
 * A full endpoint (`EndpointIn` for create, `EndpointUpdate` for PUT): what is not given
 * takes Svix's default. `secret` only on create.
 */
export function readEndpointIn(
  body: unknown,
  withSecret: boolean,
): { fields: EndpointFields; secret?: string } {
  const given = objectBody(body);
  const reader = new Reader(given);
  const url = reader.take('url', checks.url);
  const fields: Record<string, unknown> = { ...DEFAULTS };
  for (const name of FIELDS) {
    if (given[name] !== undefined) fields[name] = reader.take(name, checkOf(name));
  }
  const secret =
    withSecret && given.secret !== undefined && given.secret !== null
      ? reader.take('secret', checks.secret)
      : undefined;
  refuseUnsupported(reader, given);
  if (reader.problems.length > 0) throw svixErrors.invalid(reader.problems);
  return { fields: { ...(fields as Omit<EndpointFields, 'url'>), url: url! }, secret };
}

/** `EndpointPatch`: only the fields given change; `null` clears a nullable one. */
export function readEndpointPatch(body: unknown): EndpointPatchFields {
  const given = objectBody(body);
  const reader = new Reader(given);
  const patch: Record<string, unknown> = {};
  if (given.url !== undefined) patch.url = reader.take('url', checks.url);
  for (const name of FIELDS) {
    if (given[name] === undefined) continue;
    // description, version, disabled and metadata are not nullable: null means the default.
    patch[name] =
      given[name] === null && !['rateLimit', 'uid', 'filterTypes', 'channels'].includes(name)
        ? DEFAULTS[name]
        : reader.take(name, checkOf(name));
  }
  if (given.secret !== undefined && given.secret !== null) {
    patch.secret = reader.take('secret', checks.secret);
  }
  refuseUnsupported(reader, given);
  if (reader.problems.length > 0) throw svixErrors.invalid(reader.problems);
  return patch as EndpointPatchFields;
}

/** `EndpointSecretRotateIn`: an optional `key` to use instead of a generated one. */
export function readSecretRotateIn(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  const given = objectBody(body);
  if (given.key === undefined || given.key === null) return undefined;
  const reader = new Reader(given);
  const key = reader.take('key', checks.secret);
  if (reader.problems.length > 0) throw svixErrors.invalid(reader.problems);
  return key;
}
