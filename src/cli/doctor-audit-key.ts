import type { Config } from '../config.js';
import { AUDIT_UNKEYED_WARNING } from '../domain/audit.js';

/** Said by doctor and at start: without the key anyone who can write the database can re-chain the log. */
export function auditKeyLine(config: Config): { status: 'pass' | 'warn'; text: string; fix?: string } {
  return config.audit.key
    ? {
        status: 'pass',
        text: 'Audit log: keyed with AUDIT_KEY (HMAC-SHA-256); keep a copy of the key outside the database',
      }
    : {
        status: 'warn',
        text: `AUDIT_KEY is not set: ${AUDIT_UNKEYED_WARNING}`,
        fix: 'set AUDIT_KEY to 32 random bytes, e.g. the output of: openssl rand -hex 32 (see README → Audit log)',
      };
}
