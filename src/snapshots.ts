// Choosing the snapshot to restore and judging its age. Pure.

import { formatDuration } from './durations.js'
import type { Snapshot } from './kinds/adapter.js'

/**
 * The newest completed snapshot. Atlas documents no list order (flex lists come oldest first,
 * dedicated ones as they come), and snapshots still running have no date, so filter and
 * compare rather than take the first.
 */
export function pickLatest(snapshots: readonly Snapshot[]): Snapshot | undefined {
  let latest: Snapshot | undefined
  for (const snapshot of snapshots) {
    if (!snapshot.completed || snapshot.createdAt === undefined) continue
    if (latest?.createdAt === undefined || snapshot.createdAt > latest.createdAt) latest = snapshot
  }
  return latest
}

/** Why a snapshot is too old to restore under maxSnapshotAge, or undefined when it is fine. */
export function staleSnapshotProblem(
  snapshot: Snapshot,
  maxAgeMs: number | undefined,
  now: number
): string | undefined {
  if (maxAgeMs === undefined) return undefined
  if (snapshot.createdAt === undefined) {
    return `snapshot ${snapshot.id} has no creation time yet, so its age cannot be checked against maxSnapshotAge ${formatDuration(maxAgeMs)}`
  }
  const age = now - snapshot.createdAt.getTime()
  if (age <= maxAgeMs) return undefined
  return `snapshot ${snapshot.id} was taken at ${rfc3339(snapshot.createdAt)}, ${formatDuration(age)} ago: older than maxSnapshotAge ${formatDuration(maxAgeMs)}. Backups may have stopped; nothing was restored`
}

/** RFC 3339 in UTC without milliseconds, as Atlas writes dates. */
export const rfc3339 = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z')
