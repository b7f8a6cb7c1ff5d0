import { describe, expect, test } from 'vitest';
import { type AuditEntry, GENESIS_HASH, hashAudit, verifyChain } from '../../../src/domain/audit.js';

const KEY = new Uint8Array(32).fill(7);

/** `keyedFrom`: entries from that seq on are HMAC-keyed with KEY (a log that got AUDIT_KEY later). */
function chain(n: number, keyedFrom = Number.POSITIVE_INFINITY, key: Uint8Array = KEY): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e = {
      seq,
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
      teamId: 'T1',
      userId: 'U1',
      channelId: 'C1',
      action: 'link.generate' as const,
      connectionId: 'a'.repeat(24),
      before: null,
      after: `label ${seq}`,
      result: 'ok' as const,
      detail: null,
      requestId: `r${seq}`,
      prevHash,
    };
    const keyed = seq >= keyedFrom;
    const entry: AuditEntry = {
      ...e,
      hash: hashAudit(e, keyed ? key : null),
      scheme: keyed ? 'hmac-sha256' : 'sha256',
    };
    out.push(entry);
    prevHash = entry.hash;
  }
  return out;
}

describe('verifyChain', () => {
  test('an untouched chain verifies', () => {
    expect(verifyChain(chain(5))).toEqual({ ok: true, count: 5 });
  });

  test('an edited entry is caught at that entry', () => {
    const c = chain(5);
    c[2] = { ...c[2]!, after: 'tampered' };
    expect(verifyChain(c)).toEqual({ ok: false, seq: 3, problem: 'hash_mismatch' });
  });

  test('a deleted entry is caught where the gap is', () => {
    const c = chain(5);
    c.splice(1, 1);
    expect(verifyChain(c)).toMatchObject({ ok: false, seq: 3 });
  });

  test('reordered entries are caught', () => {
    const c = chain(5);
    [c[1], c[2]] = [c[2]!, c[1]!];
    expect(verifyChain(c)).toMatchObject({ ok: false });
  });

  test('a deleted and re-hashed entry still breaks the link to the next one', () => {
    const c = chain(4);
    const edited = { ...c[1]!, after: 'rewritten' };
    c[1] = { ...edited, hash: hashAudit(edited) };
    expect(verifyChain(c)).toEqual({ ok: false, seq: 3, problem: 'broken_link' });
  });
});

describe('verifyChain with a key', () => {
  test('a log that starts unkeyed and later gets a key verifies with the key', () => {
    expect(verifyChain(chain(6, 4), KEY)).toEqual({ ok: true, count: 6 });
  });

  test('keyed entries cannot be checked without the key', () => {
    expect(verifyChain(chain(6, 4))).toEqual({ ok: false, seq: 4, problem: 'key_required' });
  });

  test('a wrong key fails at the first keyed entry', () => {
    expect(verifyChain(chain(6, 4), new Uint8Array(32).fill(8))).toEqual({
      ok: false,
      seq: 4,
      problem: 'hash_mismatch',
    });
  });

  test('a tail re-chained without the key after a keyed entry is refused', () => {
    const c = chain(6, 3);
    // An attacker without the key rewrites entries 5 and 6 as plain SHA-256, linking them correctly.
    let prevHash = c[3]!.hash;
    for (const i of [4, 5]) {
      const { hash: _h, scheme: _s, ...rest } = { ...c[i]!, prevHash, after: 'rewritten' };
      c[i] = { ...rest, hash: hashAudit(rest), scheme: 'sha256' };
      prevHash = c[i]!.hash;
    }
    expect(verifyChain(c, KEY)).toEqual({ ok: false, seq: 5, problem: 'unkeyed_after_keyed' });
  });

  test('a keyed entry forged with plain SHA-256 but still labelled keyed fails', () => {
    const c = chain(4, 1);
    const { hash: _h, scheme: _s, ...rest } = { ...c[3]!, after: 'forged' };
    c[3] = { ...rest, hash: hashAudit(rest), scheme: 'hmac-sha256' };
    expect(verifyChain(c, KEY)).toEqual({ ok: false, seq: 4, problem: 'hash_mismatch' });
  });
});
