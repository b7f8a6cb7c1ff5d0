/**
 * Wire shapes of Celigo answers, validated at the boundary. Deliberately lenient: unknown fields are kept,
 * nulls read as absent, and `offline` may be missing (Q-offline-signal) — only what we truly need is required.
 */
import { z } from 'zod';
import type { ConnectionSummary } from '../../domain/connection.js';
import type { CeligoErrorEntry } from '../../ports/celigo-errors.js';

const optionalString = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);

const oauthWire = z.looseObject({
  grantType: optionalString,
  oauth2RedirectUrl: optionalString,
});

const authWire = z.looseObject({
  type: optionalString,
  oauth: oauthWire.nullish().transform((v) => v ?? undefined),
});

const httpWire = z.looseObject({
  auth: authWire.nullish().transform((v) => v ?? undefined),
});

export const connectionWire = z.looseObject({
  _id: z.string().min(1),
  name: z
    .string()
    .nullish()
    .transform((v) => v ?? ''),
  type: optionalString,
  offline: z
    .boolean()
    .nullish()
    .transform((v) => v ?? undefined),
  lastModified: optionalString,
  http: httpWire.nullish().transform((v) => v ?? undefined),
});
export type ConnectionWire = z.infer<typeof connectionWire>;

export const connectionListWire = z.array(connectionWire);

export const tokenInfoWire = z.looseObject({ _userId: z.string().min(1) });

/** Celigo's `{ errors: [...] }` envelope, or undefined when the body is anything else (HTML, text, empty). */
export function parseErrorEnvelope(body: unknown): CeligoErrorEntry[] | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const errors: unknown = (body as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return undefined;
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  return errors.map((raw: unknown) => {
    if (typeof raw !== 'object' || raw === null) return { code: undefined, message: str(raw), field: undefined };
    const e = raw as { code?: unknown; message?: unknown; field?: unknown };
    return { code: str(e.code), message: str(e.message), field: str(e.field) };
  });
}

export function toConnectionSummary(w: ConnectionWire): ConnectionSummary {
  return {
    id: w._id,
    name: w.name,
    type: w.type ?? '',
    authType: w.http?.auth?.type,
    grantType: w.http?.auth?.oauth?.grantType,
    offline: w.offline,
    lastModified: w.lastModified,
    redirectUrl: w.http?.auth?.oauth?.oauth2RedirectUrl,
  };
}

/**
 * The authorization URL from `/oauth2`: `authorizationURL` or `authorizationUrl`, matched case-insensitively
 * (Q-authorization-url-key). Returns undefined when absent or not an http(s) URL.
 */
export function pickAuthorizationUrl(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  for (const [key, value] of Object.entries(body)) {
    if (key.toLowerCase() !== 'authorizationurl' || typeof value !== 'string') continue;
    try {
      const u = new URL(value.trim());
      if (u.protocol === 'https:' || u.protocol === 'http:') return value.trim();
    } catch {
      // not a URL; keep looking at other spellings
    }
  }
  return undefined;
}
