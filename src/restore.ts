// The pipeline once inputs are valid: resolve the kind → resolve the snapshot → create (or
// pick up) the job → wait for it → wait for the target. Every fact lands in the RunRecord as
// soon as it is known, so the outputs are complete whenever and however the run ends.

import type { AtlasClient } from './atlas/client.js'
import { mediaType, resolvePath } from './atlas/operations.js'
import { formatDuration } from './durations.js'
import { checkKindSupport, InputError, type Settings } from './inputs.js'
import {
  isFinal,
  type ClusterKind,
  type CreatePlan,
  type DeploymentRef,
  type DeploymentState,
  type KindAdapter,
  type RestoreJob
} from './kinds/adapter.js'
import { KindBackup } from './kinds/backup.js'
import { confirmKind, describeDeployment, detectKind } from './kinds/detect.js'
import { adapters } from './kinds/index.js'
import type { Log } from './log.js'
import type { RunRecord } from './report/record.js'
import { rfc3339, staleSnapshotProblem } from './snapshots.js'
import { waitFor, type Clock } from './wait/waiter.js'

export interface RestoreContext {
  client: AtlasClient
  log: Log
  clock: Clock
  /** Registers a value with the runner so logs show it as ***. */
  setSecret: (secret: string) => void
  /** Runs a phase inside a collapsible log group. */
  group: <T>(name: string, work: () => Promise<T>) => Promise<T>
  /** Aborts when the workflow run is cancelled. */
  signal: AbortSignal
}

/** The run ended without the restore the user asked for; the message says why. */
export class RestoreFailure extends Error {}

/** Time allowed for a cancel when the run is being cancelled (the runner kills at 10 s). */
const ABORT_BUDGET_MS = 5_000

export async function restore(
  settings: Settings,
  record: RunRecord,
  ctx: RestoreContext
): Promise<void> {
  const { client, log, clock } = ctx
  const deadline = record.startedAt.getTime() + settings.timeoutMs
  client.deadline = deadline
  const source: DeploymentRef = { groupId: settings.groupId, clusterName: settings.clusterName }
  record.source = source

  const kind = await ctx.group('Cluster kind', () => resolveKind(settings, source, client, log))
  record.clusterKind = kind
  const adapter = adapters[kind]
  const problems = checkKindSupport(settings, adapter)
  if (problems.length > 0) throw new InputError(problems)
  const backup = new KindBackup(client, adapter, source, log, ms => clock.sleep(ms, ctx.signal))

  const observe = jobObserver(settings, record, ctx)

  if (settings.restoreJobId !== undefined) {
    const job = await ctx.group(`Restore job ${settings.restoreJobId}`, () =>
      backup.getJob(settings.restoreJobId!)
    )
    record.deliveryType = job.deliveryType
    if (job.target) record.target = job.target
    if (job.createdAt) record.createdAt = job.createdAt
    observe(job, 0)
    log.info(
      `Watching existing restore job ${job.id} of ${adapter.label} ${source.clusterName}: ${job.status}.`
    )
  } else {
    record.deliveryType = settings.deliveryType
    const target: DeploymentRef | undefined =
      settings.deliveryType === 'download' || settings.targetClusterName === undefined
        ? undefined
        : { groupId: settings.targetGroupId, clusterName: settings.targetClusterName }
    if (target) record.target = target

    const plan: CreatePlan = { source, deliveryType: settings.deliveryType }
    if (settings.deliveryType === 'pointInTime') {
      plan.pointInTime = settings.pointInTime!
    } else {
      const snapshot = await ctx.group('Snapshot', () =>
        resolveSnapshot(settings, backup, clock, log)
      )
      record.snapshot = snapshot.createdAt
        ? { id: snapshot.id, createdAt: snapshot.createdAt }
        : { id: snapshot.id }
      const stale = staleSnapshotProblem(snapshot, settings.maxSnapshotAgeMs, clock.now())
      if (stale !== undefined) throw new RestoreFailure(stale)
      plan.snapshotId = snapshot.id
    }
    if (target) plan.target = target

    const call = adapter.create(plan)
    if (settings.dryRun) {
      if (target) await checkTargetExists(client, target, adapter, log)
      record.plannedCall = call
      log.info(
        `Dry run: would send ${call.operation.method} ${resolvePath(call.operation, call.params)} ` +
          `(Accept and Content-Type ${mediaType(call.operation)}) with body:\n${JSON.stringify(call.body, null, 2)}`
      )
      record.result = 'dryRun'
      return
    }

    if (ctx.signal.aborted) {
      record.result = 'aborted'
      throw new RestoreFailure(
        'The workflow run was cancelled before a restore job was created: nothing was created.'
      )
    }
    await ctx.group('Create the restore job', async () => {
      const sentAt = clock.now()
      const { job, adopted } = await backup.create(plan, () => clock.now())
      // Dedicated and serverless jobs carry no creation time: this run times the jobs it
      // creates (an adopted job was made by this run's first create call).
      record.createdAt = job.createdAt ?? new Date(sentAt)
      observe(job, 0)
      log.info(
        `${adopted ? 'Adopted' : 'Created'} restore job ${job.id} (${settings.deliveryType}) of ${adapter.label} ${source.clusterName}: ${job.status}.`
      )
    })
  }

  if (settings.dryRun || !settings.waitForCompletion) {
    record.result = settings.dryRun ? 'dryRun' : 'created'
    failOnFinalStatus(record.job!)
    if (!settings.dryRun) log.info('waitForCompletion is false: not waiting for the job to finish.')
    return
  }

  const startedAt = record.createdAt?.getTime() ?? clock.now()
  const waited = await ctx.group('Wait for the restore job', () =>
    waitFor<RestoreJob>({
      poll: () => backup.getJob(record.job!.id),
      isDone: job => isFinal(job.status),
      onValue: (job, elapsed) => observe(job, elapsed),
      initial: record.job!,
      startedAt,
      deadline,
      pollIntervalMs: settings.pollIntervalMs,
      clock,
      rateLimit: () => client.lastRateLimit,
      signal: ctx.signal
    })
  )
  if (waited.outcome !== 'done') {
    await stopJob(waited.outcome, settings, record, backup, ctx)
  }
  failOnFinalStatus(record.job!)

  const target = record.job!.target ?? record.target
  if (record.deliveryType !== 'download' && target !== undefined) {
    await ctx.group('Wait for the target', () =>
      waitForTarget(target, deadline, settings, record, ctx)
    )
  }
  record.result = 'succeeded'
}

async function resolveKind(
  settings: Settings,
  source: DeploymentRef,
  client: AtlasClient,
  log: Log
): Promise<ClusterKind> {
  if (settings.clusterKind === 'auto') {
    const kind = await detectKind(client, source)
    log.info(`clusterKind: ${kind} (found with read-only calls)`)
    return kind
  }
  await confirmKind(client, source, settings.clusterKind)
  log.info(`clusterKind: ${settings.clusterKind}`)
  return settings.clusterKind
}

async function resolveSnapshot(settings: Settings, backup: KindBackup, clock: Clock, log: Log) {
  const { clusterName } = backup.source
  let snapshot
  if (settings.snapshotId === 'latest') {
    snapshot = await backup.latestSnapshot()
    if (snapshot === undefined) {
      throw new RestoreFailure(
        `${clusterName} has no completed snapshot to restore (snapshotId: latest). Check that cloud backup is on and has taken a snapshot.`
      )
    }
  } else {
    snapshot = await backup.getSnapshot(settings.snapshotId)
    if (!snapshot.completed) {
      throw new RestoreFailure(
        `snapshot ${snapshot.id} of ${clusterName} is not completed yet: only completed snapshots can be restored.`
      )
    }
  }
  const taken = snapshot.createdAt
  log.info(
    `Snapshot ${snapshot.id}${settings.snapshotId === 'latest' ? ' (the latest completed)' : ''}` +
      (taken
        ? `, taken ${rfc3339(taken)}, ${formatDuration(clock.now() - taken.getTime())} ago.`
        : '.')
  )
  return snapshot
}

/** Records each job read: masks download URLs first, then logs status changes. */
function jobObserver(settings: Settings, record: RunRecord, ctx: RestoreContext) {
  const seenUrls = new Set<string>()
  return (job: RestoreJob, elapsedMs: number): void => {
    if (settings.maskDeliveryUrls) {
      for (const url of job.deliveryUrls) {
        if (!seenUrls.has(url)) ctx.setSecret(url)
        seenUrls.add(url)
      }
    }
    const previous = record.job?.status
    record.job = job
    if (job.status === 'completed' && record.completedSeenAt === undefined) {
      record.completedSeenAt = new Date(ctx.clock.now())
    }
    if (previous !== undefined && previous !== job.status) {
      ctx.log.info(
        `[+${formatDuration(elapsedMs)}] restore job ${job.id}: ${previous} → ${job.status}`
      )
    }
  }
}

function failOnFinalStatus(job: RestoreJob): void {
  if (job.status === 'failed' || job.status === 'cancelled' || job.status === 'expired') {
    throw new RestoreFailure(`Restore job ${job.id} ended ${job.status}.`)
  }
}

/** After a timeout or a cancelled run: cancel the job if asked to (and possible), then fail. */
async function stopJob(
  why: 'timeout' | 'aborted',
  settings: Settings,
  record: RunRecord,
  backup: KindBackup,
  ctx: RestoreContext
): Promise<never> {
  const job = record.job!
  const reason =
    why === 'timeout'
      ? `Restore job ${job.id} did not finish within timeout ${formatDuration(settings.timeoutMs)} (last status: ${job.status}).`
      : `The workflow run was cancelled while restore job ${job.id} was ${job.status}.`
  record.result = why === 'timeout' ? 'timedOut' : 'aborted'
  if (!settings.cancelOnAbort) {
    ctx.log.warning(
      `${reason} The job keeps running in Atlas (cancelOnAbort is false); watch it with restoreJobId: ${job.id}.`
    )
    throw new RestoreFailure(reason)
  }
  if (backup.adapter.cancelJob === undefined) {
    ctx.log.warning(
      `${reason} cancelOnAbort is set, but the ${backup.adapter.kind} API offers no way to cancel a restore job: it keeps running in Atlas.`
    )
    throw new RestoreFailure(reason)
  }
  // A cancelled run has seconds before the runner kills it: no retries, a short deadline.
  if (why === 'aborted')
    ctx.client.deadline = Math.min(ctx.client.deadline, ctx.clock.now() + ABORT_BUDGET_MS)
  try {
    await backup.cancel(job.id)
    ctx.log.warning(`${reason} Cancelled restore job ${job.id} (cancelOnAbort).`)
    try {
      record.job = await backup.getJob(job.id)
    } catch {
      record.job = { ...job, status: 'cancelled' }
    }
  } catch (error) {
    ctx.log.warning(
      `${reason} Cancelling restore job ${job.id} failed: ${(error as Error).message}`
    )
  }
  throw new RestoreFailure(reason)
}

/** Waits (within the same deadline) until the target reports IDLE, so the next step can connect. */
async function waitForTarget(
  target: DeploymentRef,
  deadline: number,
  settings: Settings,
  record: RunRecord,
  ctx: RestoreContext
): Promise<void> {
  const likely = adapters[record.clusterKind!]
  let previous: string | undefined
  const waited = await waitFor<DeploymentState>({
    poll: () => describeDeployment(ctx.client, target, likely),
    isDone: state => state.stateName === 'IDLE',
    onValue: (state, elapsed) => {
      record.targetState = { ...state, ready: state.stateName === 'IDLE' }
      if (state.stateName !== previous) {
        ctx.log.info(
          `[+${formatDuration(elapsed)}] target ${target.clusterName}: ${state.stateName ?? 'state unknown'}`
        )
      }
      previous = state.stateName
    },
    startedAt: ctx.clock.now(),
    deadline,
    pollIntervalMs: settings.pollIntervalMs,
    clock: ctx.clock,
    rateLimit: () => ctx.client.lastRateLimit,
    signal: ctx.signal
  })
  if (waited.outcome === 'done') return
  record.result = waited.outcome === 'timeout' ? 'timedOut' : 'aborted'
  throw new RestoreFailure(
    waited.outcome === 'timeout'
      ? `The restore completed, but target ${target.clusterName} was still ${waited.last.stateName ?? 'not ready'} when timeout ${formatDuration(settings.timeoutMs)} ran out.`
      : `The workflow run was cancelled while waiting for target ${target.clusterName} (the restore itself completed).`
  )
}

/** A dry run checks what a create would need: that the target exists. */
async function checkTargetExists(
  client: AtlasClient,
  target: DeploymentRef,
  adapter: KindAdapter,
  log: Log
): Promise<void> {
  const state = await describeDeployment(client, target, adapter)
  log.info(`Target ${target.clusterName} exists (${state.stateName ?? 'state unknown'}).`)
}
