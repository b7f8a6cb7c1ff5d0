import { type Compilable, type CompiledQuery, type Kysely, type QueryResult, sql } from 'kysely';
import type { Database } from './schema.js';
import type { SqlDialect } from './sql-dialect.js';

/**
 * A statement Kysely builds and compiles once per dialect and then runs with new values. Kysely builds an
 * immutable tree and compiles it to SQL on every query: 8 µs of a 12 µs thread lookup and 18 µs of a 23 µs
 * card upsert, measured alone, and about a sixth of a `/celigo link`'s CPU in the profile, where each link
 * runs some twenty statements (docs/architecture.md, "Storage"). Only for statements of one fixed shape:
 * `build` must not branch on the values, transform them or expand a list.
 *
 * `build` receives a stand-in for each key of the first values given (so an insert's `values(v)` lists the
 * same columns every time); every later call must pass the same keys. A stand-in must become a bound
 * parameter: one that ends up in the SQL text, a key `build` reads but the values lack, or keys that change
 * from call to call throw, so a misuse fails in the first test that runs the statement.
 */
export interface Prepared<V extends object, O> {
  execute(db: Kysely<Database>, dialect: SqlDialect, values: V): Promise<QueryResult<O>>;
}

interface Plan {
  readonly query: CompiledQuery;
  /** Per parameter: the key whose value goes there, or the constant Kysely bound itself. */
  readonly slots: ReadonlyArray<{ readonly key: string } | { readonly constant: unknown }>;
  readonly keys: readonly string[];
}

export interface PreparedOptions<V> {
  /**
   * Keys whose values are written into the SQL (with `sql.lit` in `build`) instead of being bound: one plan
   * per distinct value, so only for a few values of our own, such as a row limit (`limitLiteral`).
   */
  readonly literal?: ReadonlyArray<keyof V & string>;
}

const MARK = '\u0000slot:';

export function prepared<V extends object, O>(
  build: (db: Kysely<Database>, values: V, dialect: SqlDialect) => Compilable<O>,
  opts: PreparedOptions<V> = {},
): Prepared<V, O> {
  const literal = opts.literal ?? [];
  const plans = new Map<string, Plan>();
  const planKey = (dialect: SqlDialect, given: Record<string, unknown>): string =>
    literal.length === 0 ? dialect : `${dialect}\u0001${literal.map((k) => String(given[k])).join('\u0001')}`;
  const plan = (db: Kysely<Database>, dialect: SqlDialect, given: Record<string, unknown>, key: string): Plan => {
    const keys = Object.keys(given);
    const standIns = Object.fromEntries(
      keys.map((k) => [k, (literal as readonly string[]).includes(k) ? given[k] : `${MARK}${k}\u0000`]),
    );
    const guarded = new Proxy(standIns, {
      get(target, k) {
        if (typeof k === 'string' && !(k in target)) throw new Error(`prepared statement: no value for ${k}`);
        return Reflect.get(target, k);
      },
    }) as V;
    const query = build(db, guarded, dialect).compile();
    if (query.sql.includes(MARK)) throw new Error(`prepared statement: a value was written into the SQL: ${query.sql}`);
    const slots = query.parameters.map((p) =>
      typeof p === 'string' && p.startsWith(MARK) ? { key: p.slice(MARK.length, -1) } : { constant: p },
    );
    const made = { query, slots, keys };
    plans.set(key, made);
    return made;
  };
  return {
    async execute(db, dialect, values) {
      const given = values as Record<string, unknown>;
      const key = planKey(dialect, given);
      const p = plans.get(key) ?? plan(db, dialect, given, key);
      assertSameKeys(p.keys, given);
      const parameters = p.slots.map((s) => ('key' in s ? given[s.key] : s.constant));
      return await db.executeQuery<O>({ ...p.query, parameters } as CompiledQuery<O>);
    },
  };
}

function assertSameKeys(keys: readonly string[], values: Record<string, unknown>): void {
  let n = 0;
  for (const k in values) {
    if (keys[n] !== k) throw new Error(`prepared statement: values must have the keys ${keys.join(', ')}`);
    n += 1;
  }
  if (n !== keys.length) throw new Error(`prepared statement: values must have the keys ${keys.join(', ')}`);
}

/** The first row, as `executeTakeFirst` would give. */
export const firstRow = <O>(r: QueryResult<O>): O | undefined => r.rows[0];

/**
 * A row limit written into the SQL as a literal, never bound. With a bound `LIMIT ?` the SQLite that
 * better-sqlite3 ships ran the same statement several times slower, even over an empty table: a
 * connection's links (`order by … limit`) 13.7 µs against 2.2 µs, the audit lookup `/celigo status` makes
 * 10.6 against 1.3 µs, the outbox claim 36 against 4 µs (docs/architecture.md, "Storage"). Limits are our
 * own integers, clamped here, so the SQL takes a handful of shapes.
 */
export function limitLiteral(n: number) {
  if (!Number.isFinite(n)) throw new RangeError(`A row limit must be a finite number, not ${n}.`);
  return sql.lit(Math.max(0, Math.trunc(n)));
}
