import { z } from 'zod';

/** Hex first (`openssl rand -hex 32`), then base64 or base64url; null when it is neither or under 32 bytes. */
function decodeKey(text: string): Uint8Array | null {
  const bytes = /^(?:[0-9a-fA-F]{2})+$/.test(text)
    ? Buffer.from(text, 'hex')
    : /^[A-Za-z0-9+/_-]+={0,2}$/.test(text)
      ? Buffer.from(text, 'base64')
      : null;
  return bytes && bytes.length >= 32 ? new Uint8Array(bytes) : null;
}

/** AUDIT_KEY (config.ts): optional; a bad value is named, never repeated, since it is a secret. */
export const auditKeySetting = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : decodeKey(v.trim())))
  .refine(
    (v) => v !== null,
    'must be at least 32 random bytes written as hex or base64 (generate one with: openssl rand -hex 32)',
  );
