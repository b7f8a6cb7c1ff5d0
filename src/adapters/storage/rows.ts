import type { QueryResult, UpdateResult } from 'kysely';

/** Row ↔ domain conversions shared by the stores (times as ISO-8601 UTC text, booleans as 0/1). */
export const iso = (d: Date): string => d.toISOString();
export const isoOrNull = (d: Date | null): string | null => (d === null ? null : d.toISOString());
export const date = (s: string): Date => new Date(s);
export const dateOrNull = (s: string | null): Date | null => (s === null ? null : new Date(s));
export const bit = (b: boolean): number => (b ? 1 : 0);
export const bitOrNull = (b: boolean | null): number | null => (b === null ? null : b ? 1 : 0);
export const boolOrNull = (n: number | null): boolean | null => (n === null ? null : n !== 0);

/**
 * A compare-and-set UPDATE won when it changed exactly one row: Kysely's update result, or the raw result of
 * a prepared statement (src/adapters/storage/prepared.ts).
 */
export const changedOne = (r: UpdateResult | QueryResult<unknown> | undefined): boolean =>
  r !== undefined && ('numUpdatedRows' in r ? r.numUpdatedRows : r.numAffectedRows) === 1n;

/** PostgreSQL returns count(*) as a string (bigint); SQLite as a number. */
export const count = (v: string | number | bigint): number => Number(v);
