/** Expected outcomes are values: a success, or a failure with a code the caller can switch on. */
export type Result<T, C extends string> = { ok: true; value: T } | { ok: false; code: C; message: string };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const fail = <C extends string>(code: C, message: string): { ok: false; code: C; message: string } => ({
  ok: false,
  code,
  message,
});
