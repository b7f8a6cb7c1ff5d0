/**
 * zod at the Slack boundary: private_metadata and submitted view state. private_metadata is echoed by the
 * client, so it carries only the channel id and an idempotency key, and every action is re-checked by the
 * services as the verified user (a forged channel still has to pass access.check).
 */

import { z } from 'zod';
import { ACTIONS, BLOCKS } from '../../blocks/ids.js';
import { isConnectionKey } from '../../domain/account.js';

const metadataSchema = z.object({
  c: z
    .string()
    .regex(/^[CGD][A-Z0-9]{1,30}$/)
    .nullable(),
  k: z.string().regex(/^[A-Za-z0-9._:-]{8,100}$/),
});

export interface ModalMetadata {
  readonly channelId: string | null;
  readonly idempotencyKey: string;
}

export const encodeMetadata = (m: ModalMetadata): string => JSON.stringify({ c: m.channelId, k: m.idempotencyKey });

export function decodeMetadata(raw: string | undefined): ModalMetadata | null {
  try {
    const parsed = metadataSchema.safeParse(JSON.parse(raw ?? ''));
    return parsed.success ? { channelId: parsed.data.c, idempotencyKey: parsed.data.k } : null;
  } catch {
    return null;
  }
}

const stateValue = z.object({
  type: z.string(),
  value: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
  selected_options: z.array(z.object({ value: z.string() })).nullish(),
});
const stateSchema = z.record(z.string(), z.record(z.string(), stateValue));

type StateValues = z.infer<typeof stateSchema>;

function values(raw: unknown): StateValues {
  const parsed = stateSchema.safeParse(raw);
  return parsed.success ? parsed.data : {};
}

const text = (v: StateValues, block: string, action: string): string => (v[block]?.[action]?.value ?? '').trim();
const selected = (v: StateValues, block: string, action: string): string | null =>
  v[block]?.[action]?.selected_option?.value ?? null;

type Form<T> = Readonly<T & { connectionId: string | null }>;

export function readLinkForm(state: unknown): Form<{ customerLabel: string; landingUrl: string }> {
  const v = values(state);
  return {
    connectionId: selected(v, BLOCKS.connection, ACTIONS.connectionSelect),
    customerLabel: text(v, BLOCKS.customerLabel, ACTIONS.customerLabel),
    landingUrl: text(v, BLOCKS.landingUrl, ACTIONS.landingUrl),
  };
}

export function readRedirectForm(state: unknown): Form<{ url: string; dryRun: boolean }> {
  const v = values(state);
  const options = v[BLOCKS.dryRun]?.[ACTIONS.dryRun]?.selected_options ?? [];
  return {
    connectionId: selected(v, BLOCKS.connection, ACTIONS.connectionSelect),
    url: text(v, BLOCKS.redirectUrl, ACTIONS.redirectUrl),
    dryRun: options.some((o) => o.value === 'dry_run'),
  };
}

export function readStatusForm(state: unknown): Form<object> {
  return { connectionId: selected(values(state), BLOCKS.connection, ACTIONS.connectionSelect) };
}

/** Button values are client-echoed too: parsed, bounded, never trusted for identity. */
const reauthorizeSchema = z.object({
  id: z.string().max(60).refine(isConnectionKey),
  name: z.string().max(200),
  label: z.string().max(200).optional(),
});
export function decodeReauthorizeValue(
  raw: string | undefined,
): { id: string; name: string; label?: string | undefined } | null {
  try {
    const parsed = reauthorizeSchema.safeParse(JSON.parse(raw ?? ''));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const relayRestoreSchema = z.object({
  id: z.string().max(60).refine(isConnectionKey),
  url: z.string().max(2000).nullable(),
});
export function decodeRelayRestoreValue(raw: string | undefined): { id: string; url: string | null } | null {
  try {
    const parsed = relayRestoreSchema.safeParse(JSON.parse(raw ?? ''));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const auditCursorSchema = z.object({ c: z.string().max(200).nullable(), b: z.number().int().positive() });
export function decodeAuditCursor(raw: string | undefined): { connectionRef: string | null; beforeSeq: number } | null {
  try {
    const parsed = auditCursorSchema.safeParse(JSON.parse(raw ?? ''));
    return parsed.success ? { connectionRef: parsed.data.c, beforeSeq: parsed.data.b } : null;
  } catch {
    return null;
  }
}

export const CHANGE_ID_PATTERN = /^[A-Za-z0-9_-]{6,64}$/;
