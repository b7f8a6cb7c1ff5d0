import { describe, expect, test } from 'vitest';
import { type AuditEntry, GENESIS_HASH, hashAudit, verifyChain } from '../../../src/domain/audit.js';

function chain(n: number): AuditEntry[] {
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
    const entry = { ...e, hash: hashAudit(e) };
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
