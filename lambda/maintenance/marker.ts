import type { MaintenanceStore } from '../lake/store.js';
import { maintenanceFolder } from './layout.js';

/** A replay marker older than this is ignored (a replay that crashed and was never run again). */
const MARKER_MAX_AGE_MS = 7 * 86_400_000;

/** Markers of replays in progress: `maintenance/replay-in-progress/<started epoch ms>-<run>.json`. */
export const markerFolder = (prefix: string) => `${maintenanceFolder(prefix)}replay-in-progress/`;

/** Marks a replay as in progress, so that compaction keeps off the lake meanwhile (its finish step removes it). */
export async function markReplayStarted(
  lake: MaintenanceStore,
  prefix: string,
  run: string,
  now: number,
): Promise<void> {
  await lake.put(
    `${markerFolder(prefix)}${now}-${run}.json`,
    new TextEncoder().encode(JSON.stringify({ run, started: now })),
    'application/json',
  );
}

/** The run id of a replay in progress (a marker younger than 7 days), or null: one LIST. */
export async function replayInProgress(
  lake: MaintenanceStore,
  prefix: string,
  now: number,
): Promise<string | null> {
  for (const object of await lake.listAll(markerFolder(prefix))) {
    const match = /\/(\d+)-([^/]+)\.json$/.exec(object.key);
    if (match === null) continue;
    if (now - Number(match[1]) < MARKER_MAX_AGE_MS) return match[2] ?? null;
  }
  return null;
}
