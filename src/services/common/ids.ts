import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { IdSource } from './deps.js';

/** Ids are UUIDs; tokens are 32 random bytes (256 bits), base64url, so they fit in a URL path. */
export const randomIds: IdSource = {
  newId: () => randomUUID(),
  newToken: () => randomBytes(32).toString('base64url'),
};

/** Only the hash of a hosted-link token is stored. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
