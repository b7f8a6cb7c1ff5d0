import type { Config } from '../../config.js';
import type { AuditAction, AuditEntry, AuditInput } from '../../domain/audit.js';
import { clip, escapeMrkdwn, stripUrls } from '../../domain/text.js';
import type { Clock } from '../../ports/clock.js';
import type { Stores } from '../../ports/storage.js';
import { anchorLine, isAnchorSeq } from './audit-anchor.js';
import { isCeligoFailureCode } from './celigo-failure.js';
import type { Actor } from './contracts.js';

export type RecordFn = (tx: Stores, input: AuditInput) => Promise<AuditEntry>;

/**
 * The one way use cases write the audit log, keyed with AUDIT_KEY when it is set. With AUDIT_CHANNEL_ID set, the same transaction enqueues a
 * one-line mirror for the audit channel, so the line exists exactly when the entry does, and after every
 * 100th entry a line with the head hash (an anchor outside the database).
 */
export function createAuditRecorder(config: Config, clock: Clock): RecordFn {
  return async (tx, input) => {
    const at = clock.now();
    const entry = await tx.audit.append(input, at, config.audit.key);
    const channelId = config.audit.channelId;
    if (channelId) {
      // The anchor is decided here, under the append lock: exactly one replica appends entry #100k.
      const lines = isAnchorSeq(entry.seq) ? [auditLine(entry), anchorLine(entry)] : [auditLine(entry)];
      await tx.outbox.enqueue(
        lines.map((text) => ({ kind: 'channel_line', channelId, text })),
        at,
      );
    }
    return entry;
  };
}

/** One short mrkdwn-safe line. Before/after values are left out: they are URLs, and lines carry none. */
export function auditLine(e: AuditEntry): string {
  const parts = [`#${e.seq}`, e.action, e.result, `by ${e.userId ?? 'the app'}`];
  if (e.connectionId) parts.push(`on ${e.connectionId}`);
  if (e.channelId) parts.push(`in ${e.channelId}`);
  let line = parts.join(' · ');
  // Clipped before any scan: details can hold outside text (labels, names).
  if (e.detail) line += ` — ${stripUrls(clip(e.detail, 1000))}`;
  return escapeMrkdwn(clip(line.replace(/\s+/g, ' '), 300));
}

/** Defaults for the fields most entries leave empty. */
export const entry = (fields: Pick<AuditInput, 'action' | 'result'> & Partial<AuditInput>): AuditInput => ({
  teamId: null,
  userId: null,
  channelId: null,
  connectionId: null,
  before: null,
  after: null,
  detail: null,
  requestId: null,
  ...fields,
});

/** An entry made by the acting user: who, where, and the request it came with. */
export const actorEntry = (
  actor: Actor,
  fields: Pick<AuditInput, 'action' | 'result'> & Partial<AuditInput>,
): AuditInput =>
  entry({
    teamId: actor.teamId,
    userId: actor.userId,
    channelId: actor.channelId,
    requestId: actor.requestId,
    ...fields,
  });

/** Records one entry in its own transaction (ServiceContext.recordNow). */
interface RecordsNow {
  recordNow(input: AuditInput): Promise<void>;
}

/** What an outcome was about: the action, the connection when known, and the change or link it concerned. */
export interface OutcomeSubject {
  readonly action: AuditAction;
  readonly connectionId: string | null;
  /** For example `change <id>`; the detail then reads `change <id>: <code>`. */
  readonly subject?: string;
}

/** One audit entry for an outcome that did nothing: a refusal or a failure, its reason code as the detail. */
export async function auditOutcome(
  ctx: RecordsNow,
  actor: Actor,
  about: OutcomeSubject,
  result: 'failed' | 'refused',
  code: string,
): Promise<void> {
  const detail = about.subject ? `${about.subject}: ${code}` : code;
  await ctx.recordNow(actorEntry(actor, { action: about.action, result, connectionId: about.connectionId, detail }));
}

/**
 * Every outcome of an action is audited, refusals and the user's mistakes included: this records the code
 * (`failed` when Celigo failed, `refused` otherwise) and returns the failure to answer with.
 */
export async function refuse<C extends string>(
  ctx: RecordsNow,
  actor: Actor,
  about: OutcomeSubject,
  r: { readonly code: C; readonly message: string },
): Promise<{ ok: false; code: C; message: string }> {
  await auditOutcome(ctx, actor, about, isCeligoFailureCode(r.code) ? 'failed' : 'refused', r.code);
  return { ok: false, code: r.code, message: r.message };
}
