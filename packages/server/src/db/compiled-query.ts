/* eslint-disable @typescript-eslint/no-explicit-any -- any schema: the query is the builder's */
import type { Compilable, CompiledQuery, Kysely } from 'kysely';

interface Compiled<Row> {
  compiled: CompiledQuery<Row>;
  /** For each parameter, the argument it takes, or -1 for a constant of the query. */
  slots: number[];
}

const placeholderOf = (i: number) => `\u0000castellan-placeholder-${i}\u0000`;

function compile<Row>(query: Compilable<Row>, placeholders: readonly string[]): Compiled<Row> {
  const compiled = query.compile();
  const slots = compiled.parameters.map((p) => placeholders.indexOf(p as string));
  return { compiled, slots };
}

async function execute<Row>(
  db: Kysely<any>,
  { compiled, slots }: Compiled<Row>,
  args: readonly unknown[],
): Promise<Row[]> {
  const parameters = compiled.parameters.map((p, i) => (slots[i]! >= 0 ? args[slots[i]!] : p));
  return (await db.executeQuery<Row>({ ...compiled, parameters })).rows;
}

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
  const byShape = compileByShape(
    (db, _shape: 0, ...placeholders: Args) => build(db, ...placeholders),
    () => arity,
  );
  return (db: Kysely<any>, ...args: Args): Promise<Row[]> => byShape(db, 0, ...args);
}

/**
 * `compileOnce` for a query whose SQL depends on a small `shape` (how many IDs an `in (…)`
 * lists, a sort direction): compiled once per shape, with `arityOf(shape)` arguments. The
 * shapes a caller passes must be few and bounded (a list's page limit, two directions):
 * each is kept for the life of the database.
 */
export function compileByShape<Shape extends string | number, Args extends readonly unknown[], Row>(
  build: (db: Kysely<any>, shape: Shape, ...placeholders: Args) => Compilable<Row>,
  arityOf: (shape: Shape) => number,
) {
  const cache = new WeakMap<Kysely<any>, Map<Shape, Compiled<Row>>>();
  return function run(db: Kysely<any>, shape: Shape, ...args: Args): Promise<Row[]> {
    let shapes = cache.get(db);
    if (!shapes) cache.set(db, (shapes = new Map()));
    let entry = shapes.get(shape);
    if (!entry) {
      const placeholders = Array.from({ length: arityOf(shape) }, (_, i) => placeholderOf(i));
      entry = compile(build(db, shape, ...(placeholders as unknown as Args)), placeholders);
      shapes.set(shape, entry);
    }
    return execute(db, entry, args);
  };
}

/**
 * `compileByShape` for a query on one instance's rows by a list of IDs (`id in (…)`):
 * compiled once per number of IDs, which a page's limit bounds.
 */
export function compileForIds<Row>(
  build: (db: Kysely<any>, instanceId: string, ids: string[]) => Compilable<Row>,
) {
  const byCount = compileByShape(
    (db, _count: number, instanceId: string, ...ids: string[]) => build(db, instanceId, ids),
    (count) => count + 1,
  );
  return (db: Kysely<any>, instanceId: string, ids: readonly string[]): Promise<Row[]> =>
    byCount(db, ids.length, instanceId, ...ids);
}
