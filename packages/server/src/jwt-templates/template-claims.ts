import { apiErrors } from '../errors/api-errors.js';
import {
  readShortcode,
  resolveShortcode,
  type Shortcode,
  type TemplateTokenSubject,
} from './template-shortcodes.js';

/** Claims every token sets itself (Clerk's default claims): a template cannot set them. */
export const RESERVED_CLAIMS: readonly string[] = ['azp', 'exp', 'iat', 'iss', 'jti', 'nbf', 'sub'];

type Operand = { shortcode: Shortcode } | { literal: string | number | boolean };
/** `{{a || b || 'x'}}`: the first operand neither null nor false, else the last one. */
type Expression = readonly Operand[];

/** A claims value ready to render: what a shortcode string became when it was checked. */
type Node =
  | { kind: 'static'; value: unknown }
  | { kind: 'expression'; expression: Expression }
  | { kind: 'text'; parts: readonly (string | Expression)[] }
  | { kind: 'array'; items: readonly Node[] }
  | { kind: 'object'; entries: readonly (readonly [string, Node])[] };

export type CompiledClaims = Extract<Node, { kind: 'object' }>;

const SHORTCODE = /\{\{(.*?)\}\}/gs;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const QUOTED = /^(?:'([^']*)'|"([^"]*)")$/;

/** Splits `a || 'x || y' || b` on the `||` outside quotes. */
function splitOperands(source: string): string[] {
  const operands: string[] = [];
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '|' && source[i + 1] === '|') {
      operands.push(source.slice(start, i));
      start = i + 2;
      i++;
    }
  }
  operands.push(source.slice(start));
  return operands.map((operand) => operand.trim());
}

function parseOperand(text: string, fail: (reason: string) => Error): Operand {
  if (text === '') throw fail('has an empty operand in a shortcode');
  const quoted = QUOTED.exec(text);
  if (quoted) return { literal: quoted[1] ?? quoted[2]! };
  if (text === 'true' || text === 'false') return { literal: text === 'true' };
  if (NUMBER.test(text)) return { literal: Number(text) };
  if (text === 'null') throw fail('uses null as a literal: only strings, numbers and booleans are');
  if (/^[A-Za-z_]/.test(text) && !/[\s'"{}|]/.test(text)) {
    const shortcode = resolveShortcode(text);
    if (typeof shortcode === 'string') throw fail(shortcode);
    return { shortcode };
  }
  throw fail(
    `uses {{${text}}}: an operand is a shortcode, a string in single quotes, a number or a boolean`,
  );
}

function parseExpression(source: string, fail: (reason: string) => Error): Expression {
  return splitOperands(source).map((operand) => parseOperand(operand, fail));
}

function compileString(text: string, path: string): Node {
  const fail = (reason: string) => apiErrors.shortcodeInvalid(path, reason);
  if (!text.includes('{{')) return { kind: 'static', value: text };
  const trimmed = text.trim();
  const whole = /^\{\{(.*)\}\}$/s.exec(trimmed);
  if (whole && !whole[1]!.includes('}}') && !whole[1]!.includes('{{')) {
    return { kind: 'expression', expression: parseExpression(whole[1]!, fail) };
  }
  const parts: (string | Expression)[] = [];
  let last = 0;
  for (const match of trimmed.matchAll(SHORTCODE)) {
    const literal = trimmed.slice(last, match.index);
    if (literal.includes('{{')) throw fail('has a {{ that is never closed');
    parts.push(literal, parseExpression(match[1]!, fail));
    last = match.index + match[0].length;
  }
  const tail = trimmed.slice(last);
  if (tail.includes('{{')) throw fail('has a {{ that is never closed');
  parts.push(tail);
  return { kind: 'text', parts };
}

function compileNode(value: unknown, path: string): Node {
  if (typeof value === 'string') return compileString(value, path);
  if (Array.isArray(value)) {
    return { kind: 'array', items: value.map((item, i) => compileNode(item, `${path}[${i}]`)) };
  }
  if (typeof value === 'object' && value !== null) {
    return {
      kind: 'object',
      entries: Object.entries(value).map(([key, item]) => [
        key,
        compileNode(item, `${path}.${key}`),
      ]),
    };
  }
  return { kind: 'static', value };
}

/**
 * Checks a template's claims and prepares them for rendering: no reserved claim at the top,
 * every shortcode known and well formed. A fault is a 422 naming the claim (`claims.a[0]`).
 */
export function compileClaims(claims: Record<string, unknown>): CompiledClaims {
  for (const key of Object.keys(claims)) {
    if (RESERVED_CLAIMS.includes(key)) throw apiErrors.reservedClaim(`claims.${key}`, key);
  }
  return compileNode(claims, 'claims') as CompiledClaims;
}

function evaluate(expression: Expression, subject: TemplateTokenSubject): unknown {
  let value: unknown = null;
  for (const operand of expression) {
    value = 'literal' in operand ? operand.literal : readShortcode(operand.shortcode, subject);
    if (value !== null && value !== false) return value;
  }
  return value;
}

/** Interpolated values are text; objects and arrays as JSON, null as `null` (Clerk's docs). */
function asText(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

function renderNode(node: Node, subject: TemplateTokenSubject): unknown {
  switch (node.kind) {
    case 'static':
      return node.value;
    case 'expression':
      return evaluate(node.expression, subject);
    case 'text':
      return node.parts
        .map((part) => (typeof part === 'string' ? part : asText(evaluate(part, subject))))
        .join('')
        .trim();
    case 'array':
      return node.items.map((item) => renderNode(item, subject));
    case 'object':
      return Object.fromEntries(
        node.entries.map(([key, item]) => [key, renderNode(item, subject)]),
      );
  }
}

/** The template's claims for one subject: each shortcode replaced by its value. */
export function renderClaims(
  compiled: CompiledClaims,
  subject: TemplateTokenSubject,
): Record<string, unknown> {
  return renderNode(compiled, subject) as Record<string, unknown>;
}
