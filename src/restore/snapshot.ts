// Stage 2: the snapshot to restore: `latest` resolved (fallbacks left out unless allowed), or
// the one given checked (its age is judged by the caller, once it is recorded).

import { formatDuration } from '../durations.js'
import { OBJECT_ID } from '../atlas/names.js'
import type { Snapshot } from '../kinds/adapter.js'
import type { KindSession } from '../kinds/session.js'
import type { Log } from '../log.js'
import { pickLatest, snapshotProblem } from '../plan/snapshots.js'
import { rfc3339 } from '../time.js'
import { RestoreFailure } from './context.js'
import { quote } from '../atlas/redact.js'

export interface SnapshotChoice {
  snapshotId: string
  allowFallback: boolean
}

export async function chooseSnapshot(
  session: KindSession,
  choice: SnapshotChoice,
  now: () => number,
  log: Log
): Promise<Snapshot> {
  const { clusterName } = session.source
  let snapshot: Snapshot | undefined
  if (choice.snapshotId === 'latest') {
    const all = await session.listSnapshots()
    snapshot = pickLatest(all, choice.allowFallback)
    if (snapshot === undefined) {
      const fallbacks = all.filter(s => s.completed && s.type === 'fallback').length
      throw new RestoreFailure(
        `${clusterName} has no completed snapshot to restore (snapshotId: latest)` +
          (fallbacks > 0
            ? `: only ${fallbacks} fallback snapshot${fallbacks > 1 ? 's' : ''}, which may contain inconsistent data (set allowFallbackSnapshot: true to accept one).`
            : '. Check that cloud backup is on and has taken a snapshot.')
      )
    }
  } else {
    snapshot = await session.getSnapshot(choice.snapshotId)
    const problem = snapshotProblem(snapshot, clusterName, choice.allowFallback)
    if (problem !== undefined) throw new RestoreFailure(problem)
  }
  // An ID goes into a request body and the outputs: only an ObjectId is trusted that far.
  if (!OBJECT_ID.test(snapshot.id)) {
    throw new RestoreFailure(
      `Atlas gave a snapshot ID that is not 24 hexadecimal characters (${JSON.stringify(snapshot.id.slice(0, 40))}): not sent to Atlas, nothing was created.`
    )
  }
  const taken = snapshot.createdAt
  log.info(
    `Snapshot ${quote(snapshot.id)}${choice.snapshotId === 'latest' ? ' (the latest completed)' : ''}` +
      (snapshot.type ? `, ${snapshot.type}` : '') +
      (taken ? `, taken ${rfc3339(taken)}, ${formatDuration(now() - taken.getTime())} ago.` : '.')
  )
  return snapshot
}
