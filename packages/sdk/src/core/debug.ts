import type { DebugLogger } from './options.js';

/** What the log shows of a request. */
type LoggedRequest = Pick<Request, 'method' | 'url' | 'headers'>;

const SECRET_KEYS =
  /(secret|password|token|private_key|signing_key|api[-_]?key|^key$|authorization|cookie)/i;
const REDACTED = '[REDACTED]';

/** Headers with credentials replaced. */
export function redactedHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = SECRET_KEYS.test(name)
      ? name.toLowerCase() === 'authorization'
        ? `${value.split(' ')[0] ?? ''} ${REDACTED}`.trim()
        : REDACTED
      : value;
  });
  return out;
}

/** A JSON text with the values of secret-looking keys replaced (other texts as they are). */
export function redactedBody(text: string): string {
  try {
    return JSON.stringify(redactValue(JSON.parse(text)));
  } catch {
    return text;
  }
}

/** Everything under a secret-looking key (a list or an object too) is redacted. */
function redactValue(value: unknown, secret = false): unknown {
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secret));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, redactValue(v, secret || SECRET_KEYS.test(k))]),
    );
  }
  return secret && (typeof value === 'string' || typeof value === 'number') ? REDACTED : value;
}

/** A URL with the values of secret-looking query parameters replaced. */
export function redactedUrl(url: string): string {
  const u = new URL(url);
  for (const key of [...u.searchParams.keys()]) {
    if (SECRET_KEYS.test(key)) u.searchParams.set(key, REDACTED);
  }
  return u.toString();
}

export function logRequest(
  logger: DebugLogger,
  request: LoggedRequest,
  body: string | undefined,
): void {
  logger.group?.(`> ${request.method} ${redactedUrl(request.url)}`);
  logger.log('headers:', redactedHeaders(request.headers));
  if (body !== undefined) logger.log('body:', redactedBody(body));
  logger.groupEnd?.();
}

export function logResponse(
  logger: DebugLogger,
  request: LoggedRequest,
  response: Response,
  body: string,
  ms: number,
): void {
  logger.group?.(`< ${response.status} ${request.method} ${redactedUrl(request.url)} (${ms} ms)`);
  logger.log('headers:', redactedHeaders(response.headers));
  if (body) logger.log('body:', redactedBody(body));
  logger.groupEnd?.();
}

/** An attempt that got no (whole) answer: a refused or broken connection, a timeout, an abort. */
export function logFailure(
  logger: DebugLogger,
  request: LoggedRequest,
  error: Error,
  ms: number,
): void {
  logger.log(
    `x ${request.method} ${redactedUrl(request.url)} (${ms} ms): ${error.name}: ${error.message}`,
  );
}
