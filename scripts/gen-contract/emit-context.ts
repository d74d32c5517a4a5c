// What a schema emitter needs from its surroundings: ref naming, ref lookup and a notebook.
import type { OaSchema } from './openapi-types.js';

export interface EmitContext {
  /** The identifier a `#/components/schemas/X` ref is emitted as; records the dependency. */
  refConst(ref: string): string;
  /** The raw schema a ref points to (allOf members are merged from it). */
  lookupRef(ref: string): OaSchema;
  /** Formats ajv-formats knows; any other format is dropped. */
  knownFormats: ReadonlySet<string>;
  /** Records something in the spec that could not be carried over as is. */
  note(where: string, message: string): void;
}

/** Deduplicated, sorted notes, so the generator's report is stable. */
export class Notebook {
  private readonly entries = new Set<string>();

  add(where: string, message: string): void {
    this.entries.add(`${where}: ${message}`);
  }

  list(): string[] {
    return [...this.entries].sort();
  }
}

/** A TypeScript literal for a JSON value (strings, numbers, booleans, null, arrays, objects). */
export function literal(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${literal(v)}`);
    return `{ ${entries.join(', ')} }`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
