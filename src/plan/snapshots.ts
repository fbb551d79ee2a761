// Choosing the snapshot to restore and judging it. Pure.

import { formatDuration } from '../durations.js'
import type { Snapshot } from '../kinds/adapter.js'
import { rfc3339 } from '../time.js'

/**
 * The newest completed snapshot, fallback snapshots left out unless allowed. Atlas documents no
 * list order (flex lists come oldest first, dedicated ones as they come), and snapshots still
 * running have no date, so filter and compare rather than take the first.
 */
export function pickLatest(
  snapshots: readonly Snapshot[],
  allowFallback = false
): Snapshot | undefined {
  let latest: Snapshot | undefined
  for (const snapshot of snapshots) {
    if (!snapshot.completed || snapshot.createdAt === undefined) continue
    if (snapshot.type === 'fallback' && !allowFallback) continue
    if (latest?.createdAt === undefined || snapshot.createdAt > latest.createdAt) latest = snapshot
  }
  return latest
}

/** Why a snapshot given by ID cannot be restored, or undefined when it can. */
export function snapshotProblem(
  snapshot: Snapshot,
  clusterName: string,
  allowFallback: boolean
): string | undefined {
  if (!snapshot.completed) {
    return `snapshot ${snapshot.id} of ${clusterName} is not completed yet: only completed snapshots can be restored.`
  }
  if (snapshot.type === 'fallback' && !allowFallback) {
    return `snapshot ${snapshot.id} of ${clusterName} is a fallback snapshot, which Atlas says "may contain inconsistent data" and keeps as a last resort. Pick another snapshotId, or set allowFallbackSnapshot: true if you really want this one.`
  }
  return undefined
}

/** Why a snapshot is too old to restore under maxSnapshotAge, or undefined when it is fine. */
export function staleSnapshotProblem(
  snapshot: Pick<Snapshot, 'id' | 'createdAt'>,
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
