// Stage 3: the snapshot choice and the preflight reads (the target, and for a point in time the
// source and its backup schedule) go out together, so checking costs no extra round trip; the
// rules themselves are pure (plan/preflight.ts). Nothing is created when a check fails.

import type { AtlasClient } from '../atlas/client.js'
import { AtlasApiError } from '../atlas/errors.js'
import { quote } from '../atlas/redact.js'
import type { Settings } from '../inputs/settings.js'
import type { DeploymentRef, DeploymentState, Snapshot } from '../kinds/adapter.js'
import { describeDeployment } from '../kinds/detect.js'
import type { Adapter, ClusterKind } from '../kinds/index.js'
import type { KindSession } from '../kinds/session.js'
import type { Log } from '../log.js'
import { preflight } from '../plan/preflight.js'
import { staleSnapshotProblem } from '../plan/snapshots.js'
import type { RunRecord } from '../report/record.js'
import type { Clock } from '../wait/clock.js'
import { RestoreFailure } from './context.js'
import { chooseSnapshot } from './snapshot.js'

/** How long the job list read beside preflight may take. */
const EXISTING_JOBS_MS = 10_000

export interface Checked {
  /** The snapshot to restore (none for a point in time). */
  snapshot?: Snapshot
  /** The jobs there before the create, which it cannot have made (unknown if unreadable). */
  existingJobIds?: ReadonlySet<string>
}

/** What the create needs, once every check has passed. */
export async function checkBeforeCreate(
  settings: Settings,
  session: KindSession,
  target: DeploymentRef | undefined,
  moment: Date | undefined,
  deps: { client: AtlasClient; clock: Clock; log: Log; record: RunRecord; signal: AbortSignal }
): Promise<Checked> {
  const { clock, log, record } = deps
  const { adapter } = session
  const pointInTime = settings.deliveryType === 'pointInTime'
  const choose = async (): Promise<Snapshot | undefined> => {
    if (pointInTime) return undefined
    const snapshot = await chooseSnapshot(
      session,
      { snapshotId: settings.snapshotId, allowFallback: settings.allowFallbackSnapshot },
      clock.now,
      log
    )
    record.snapshot = {
      id: snapshot.id,
      ...(snapshot.createdAt && { createdAt: snapshot.createdAt }),
      ...(snapshot.type && { type: snapshot.type })
    }
    const stale = staleSnapshotProblem(snapshot, settings.maxSnapshotAgeMs, clock.now())
    if (stale !== undefined) throw new RestoreFailure(stale)
    return snapshot
  }
  const [snapshot, reads, existingJobIds] = await Promise.all([
    choose(),
    readPreflight(deps.client, adapter, session.source, target, pointInTime),
    settings.dryRun ? undefined : existingJobs(session, deps)
  ])
  const failures = reads.targetProblem
    ? [{ rule: 'target readable', message: reads.targetProblem }]
    : preflight({
        sourceKind: adapter.kind,
        targetName: target?.clusterName,
        target: reads.target,
        snapshot,
        source: reads.source,
        restoreWindowDays: reads.restoreWindowDays,
        moment,
        collectionLevel: settings.collections !== undefined,
        allowProductionTarget: settings.allowProductionTarget,
        now: clock.now()
      })
  if (failures.length > 0) {
    record.preflightFailures = failures
    throw new RestoreFailure(
      `Preflight found ${failures.length === 1 ? 'a reason' : `${failures.length} reasons`} not to restore, so nothing was created:\n` +
        failures.map(f => `- ${f.rule}: ${f.message}`).join('\n')
    )
  }
  if (reads.target) {
    const { kind, stateName, mongoDBVersion } = reads.target
    log.info(
      `Preflight: target ${target?.clusterName} is ${kind}, ${quote(stateName ?? 'state unknown')}${mongoDBVersion ? `, MongoDB ${quote(mongoDBVersion)}` : ''}: checks passed.`
    )
  }
  return { ...(snapshot && { snapshot }), ...(existingJobIds && { existingJobIds }) }
}

/** Best effort, beside the other reads: the list only sharpens adoption after an ambiguous create. */
async function existingJobs(
  session: KindSession,
  deps: { clock: Clock; log: Log; signal: AbortSignal }
): Promise<ReadonlySet<string> | undefined> {
  const quick = session.over(
    session.client.derive({ deadline: deps.clock.now() + EXISTING_JOBS_MS, signal: deps.signal })
  )
  return quick.listJobs().then(
    jobs => new Set(jobs.map(j => j.id)),
    (error: unknown) => {
      deps.log.debug(
        `The job list before the create could not be read: ${(error as Error).message}`
      )
      return undefined
    }
  )
}

export interface PreflightReads {
  target?: DeploymentState & { kind: ClusterKind }
  source?: DeploymentState
  restoreWindowDays?: number
  /** A target that cannot be read: the reason, naming the call's answer. */
  targetProblem?: string
}

async function readPreflight(
  client: AtlasClient,
  adapter: Adapter,
  source: DeploymentRef,
  target: DeploymentRef | undefined,
  pointInTime: boolean
): Promise<PreflightReads> {
  const readTarget = async (): Promise<Partial<PreflightReads>> => {
    if (target === undefined) return {}
    try {
      return { target: await describeDeployment(client, target, adapter) }
    } catch (error) {
      if (
        !(error instanceof AtlasApiError) ||
        (error.status !== 404 && error.status !== 403 && error.status !== 401)
      )
        throw error
      const where = `target ${target.clusterName} in project ${target.groupId}`
      return {
        targetProblem:
          error.status === 404
            ? `${where} does not exist or is not a deployment this key can see (${error.message}). Check targetClusterName and targetGroupId; nothing was restored`
            : `this key cannot read ${where} (${error.message}). The credentials need at least Project Read Only there, and a restore role; nothing was restored`
      }
    }
  }
  const readSource = async (): Promise<Partial<PreflightReads>> => {
    if (!pointInTime) return {}
    const [state, schedule] = await Promise.all([
      client.send(adapter.describe(source)).then(d => adapter.parseDeployment(d)),
      adapter.describeSchedule
        ? client
            .send(adapter.describeSchedule(source))
            .then(d => adapter.parseSchedule?.(d) ?? {})
            // Older media versions of the schedule are retired in places: the window stays unknown.
            .catch((error: unknown) => {
              if (error instanceof AtlasApiError && error.status < 500 && error.status !== 429)
                return {}
              throw error
            })
        : Promise.resolve({})
    ])
    return { source: state, ...schedule }
  }
  const [t, s] = await Promise.all([readTarget(), readSource()])
  return { ...t, ...s }
}
