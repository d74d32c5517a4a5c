/* eslint-disable @typescript-eslint/no-explicit-any -- any schema: the query is the builder's */
import type { Compilable, CompiledQuery, Kysely } from 'kysely';

/**
 * A query built and compiled once, then run with new parameter values. Kysely spends about
 * as long building and compiling a point query as the database spends running it, so the
 * hot paths (a user by id) skip that work. `build` receives placeholder values; each call
 * substitutes the real ones at the positions the placeholders landed in.
 */
export function compileOnce<Args extends readonly unknown[], Row>(
  build: (db: Kysely<any>, ...placeholders: Args) => Compilable<Row>,
  arity: Args['length'],
) {
  const placeholders = Array.from(
    { length: arity },
    (_, i) => `\u0000castellan-placeholder-${i}\u0000`,
  );
  const cache = new WeakMap<Kysely<any>, { compiled: CompiledQuery<Row>; slots: number[] }>();

  return async function run(db: Kysely<any>, ...args: Args): Promise<Row[]> {
    let entry = cache.get(db);
    if (!entry) {
      const compiled = build(db, ...(placeholders as unknown as Args)).compile();
      const slots = compiled.parameters.map((p) => placeholders.indexOf(p as string));
      entry = { compiled, slots };
      cache.set(db, entry);
    }
    const { compiled, slots } = entry;
    const parameters = compiled.parameters.map((p, i) => (slots[i]! >= 0 ? args[slots[i]!] : p));
    const result = await db.executeQuery<Row>({ ...compiled, parameters });
    return result.rows;
  };
}
