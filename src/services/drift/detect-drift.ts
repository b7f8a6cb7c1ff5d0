import type { ConnectionSummary } from '../../domain/connection.js';
import { isRelayUrl, relayUrl } from '../../domain/public-urls.js';
import type { ConnectionSettings, Watch } from '../../ports/storage.js';
import { entry } from '../common/audit-recorder.js';
import type { ServiceContext } from '../common/context.js';
import { announce } from '../common/thread-notices.js';
import { noPause, type Pause } from '../common/turns.js';

/** What this app last put in Celigo's oauth2RedirectUrl, as far as its settings say; undefined if it never did. */
function expectedValue(settings: ConnectionSettings | undefined, publicUrl: string | null, id: string) {
  if (!settings) return undefined;
  return settings.relayActive && publicUrl !== null ? relayUrl(publicUrl, id) : settings.landingUrl;
}

/**
 * Part of the polling round, from the same listing (no extra Celigo call): a watched connection whose
 * oauth2RedirectUrl changed since the last round, to a value this app did not set, gets one reply in each
 * of its threads (old → new). The compare-and-set on the last seen value makes it once across replicas.
 * The first sighting only records the baseline. Returns how many drifts were announced.
 */
export async function detectDrift(
  ctx: ServiceContext,
  watches: readonly Watch[],
  byId: ReadonlyMap<string, ConnectionSummary>,
  pause: Pause = noPause,
): Promise<number> {
  const publicUrl = ctx.config.http.publicUrl;
  let found = 0;
  // One read for the round and one write for all first sightings, not a query or two per watch.
  const listed = watches.filter((w) => byId.has(w.connectionId)).map((w) => w.connectionId);
  const seenValues = await ctx.storage.redirectSeen.getMany(listed);
  const firstSightings = listed
    .filter((id) => !seenValues.has(id))
    .map((id) => ({ connectionId: id, value: byId.get(id)?.redirectUrl ?? null }));
  if (firstSightings.length > 0) await ctx.storage.redirectSeen.baselineMany(firstSightings, ctx.clock.now());
  for (const w of watches) {
    await pause();
    const conn = byId.get(w.connectionId);
    if (!conn || !seenValues.has(w.connectionId)) continue;
    const current = conn.redirectUrl ?? null;
    const seen = { value: seenValues.get(w.connectionId) ?? null };
    const now = ctx.clock.now();
    if (seen.value === current) continue;
    const announced = await ctx.storage.transaction(async (tx) => {
      if (!(await tx.redirectSeen.change(w.connectionId, seen.value, current, now))) return false;
      const settings = await tx.settings.get(w.connectionId);
      // The app's own change (Confirm, Undo, the relay set at link creation) is already in its settings. Only
      // this app points Celigo at its relay, so that value is its own change even if the listing saw it
      // before the settings were saved.
      if (current === expectedValue(settings, publicUrl, w.connectionId)) return false;
      if (publicUrl !== null && current === relayUrl(publicUrl, w.connectionId)) return false;
      const relayRemoved = isRelayUrl(publicUrl, seen.value) && !isRelayUrl(publicUrl, current);
      const landingUrl = settings?.landingUrl ?? (isRelayUrl(publicUrl, current) ? null : current);
      if (settings) {
        // Keep what the app believes in line with Celigo, so the card and the relay tell the truth.
        await tx.settings.save({
          ...settings,
          landingUrl: settings.relayActive && !relayRemoved ? settings.landingUrl : landingUrl,
          relayActive: settings.relayActive && !relayRemoved,
          updatedBy: null,
          updatedAt: now,
        });
      }
      await ctx.record(
        tx,
        entry({
          teamId: w.teamId,
          action: 'redirect.drift',
          result: 'ok',
          connectionId: w.connectionId,
          before: seen.value,
          after: current,
          detail: relayRemoved ? `${conn.name}: return relay removed` : conn.name,
        }),
      );
      for (const thread of await tx.threads.listByConnection(w.teamId, w.connectionId)) {
        await announce(
          tx,
          thread.key,
          { connectionName: conn.name, lastEvent: 'landing page changed outside the app' },
          { type: 'redirect.drift', before: seen.value, after: current, relayRemoved, landingUrl },
          now,
        );
      }
      return true;
    });
    if (announced) found += 1;
  }
  return found;
}
