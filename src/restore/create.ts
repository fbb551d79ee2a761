// Stage 4: creating the restore job, exactly once. A 429 or a request that never left is sent
// again by the client. After an ambiguous failure (5xx, reset, timeout once the body was sent,
// an unreadable answer) the job list tells whether Atlas created it anyway: that job is
// adopted. The list is read for up to a minute (it may lag the create) before the create is
// ever sent again, and never once the run is cancelled.

import type { AtlasClient } from '../atlas/client.js'
import {
  AtlasAbortedError,
  AtlasApiError,
  AtlasDeadlineError,
  AtlasNetworkError
} from '../atlas/errors.js'
import { OBJECT_ID } from '../atlas/names.js'
import { isFinal, type CreatePlan, type RestoreJob } from '../kinds/adapter.js'
import { asDoc, objectIdTime } from '../kinds/documents/fields.js'
import type { KindSession } from '../kinds/session.js'
import type { Log } from '../log.js'
import type { Clock } from '../wait/clock.js'
import { RestoreFailure } from './context.js'

/** Creates sent after Atlas surely made none; each ambiguous failure is checked first. */
const MAX_CREATE_ATTEMPTS = 2
/** How long to keep looking in the job list after an ambiguous create. */
const LOOK_FOR_MS = 60_000
/** Pauses between looks: let the create settle on Atlas's side first. */
const LOOK_PAUSES_MS = [2_000, 3_000, 5_000, 10_000, 10_000, 15_000, 15_000]
/** Allowance for Atlas's clock differing from ours when matching creation times. */
const CLOCK_SKEW_MS = 30_000
/**
 * The allowance once Atlas's clock is known from its Date header (a lower bound of the offset):
 * only the whole seconds of an ObjectId's time.
 */
const MEASURED_SKEW_MS = 1_000
/** The look after a cancel mid-create: the runner kills ten seconds after the signal. */
const QUICK_LOOK_MS = 4_000

export interface Created {
  job: RestoreJob
  adopted: boolean
  /** When the create that made the job was sent (this run's clock). */
  sentAt: number
}

export async function createJob(
  session: KindSession,
  plan: CreatePlan,
  deps: {
    clock: Clock
    log: Log
    signal: AbortSignal
    deadline: number
    existingJobIds?: ReadonlySet<string>
  }
): Promise<Created> {
  const call = session.restores.create(plan)
  const existing = deps.existingJobIds
  const { clock, log, signal } = deps
  let firstSentAt: number | undefined
  for (let attempt = 1; ; attempt++) {
    if (signal.aborted) throw cancelledBeforeCreate()
    const sentAt = clock.now()
    firstSentAt ??= sentAt
    try {
      const job = await session.create(call)
      return { job, adopted: false, sentAt }
    } catch (error) {
      if (error instanceof AtlasAbortedError && error.ambiguous) {
        // Cancelled mid-create: never sent again, but one quick look so the job is reported.
        const quick = session.over(session.client.derive({ deadline: clock.now() + QUICK_LOOK_MS }))
        const found = await quick.listJobs().then(
          jobs => findCreatedJob(jobs, plan, sentAt - CLOCK_SKEW_MS, clock.now(), existing),
          () => undefined
        )
        if (found !== undefined) return { job: found, adopted: true, sentAt }
        throw new RestoreFailure(
          `The workflow run was cancelled while the create call was under way: Atlas may have created a ${session.restores.jobLabel}, and it was not sent again. Look at the cluster's restore jobs in Atlas.`,
          'aborted'
        )
      }
      if (!isAmbiguous(error)) throw error
      log.warning(
        `${(error as Error).message.replace(/[.\s]+$/, '')}. Atlas may have created the ${session.restores.jobLabel} anyway: checking its ${session.restores.jobLabel}s before doing anything else.`
      )
      const found = await lookForJob(session, plan, firstSentAt, deps)
      if (found !== undefined) {
        log.info(`Atlas did create ${session.restores.jobLabel} ${found.id}: watching it.`)
        return { job: found, adopted: true, sentAt: firstSentAt }
      }
      if (signal.aborted) throw cancelledBeforeCreate()
      if (attempt >= MAX_CREATE_ATTEMPTS || clock.now() >= deps.deadline) throw error
      log.info(
        `Atlas has no such ${session.restores.jobLabel} after a minute: sending the create call again.`
      )
    }
  }
}

const cancelledBeforeCreate = () =>
  new RestoreFailure(
    'The workflow run was cancelled before a restore job was created: nothing was created.',
    'aborted'
  )

/** Reads the job list until the job shows up, a minute passes, the deadline, or an abort. */
async function lookForJob(
  session: KindSession,
  plan: CreatePlan,
  sentAt: number,
  deps: {
    clock: Clock
    signal: AbortSignal
    deadline: number
    existingJobIds?: ReadonlySet<string>
  }
): Promise<RestoreJob | undefined> {
  const { clock, signal } = deps
  const until = Math.min(clock.now() + LOOK_FOR_MS, deps.deadline)
  let lastError: unknown
  let listed = false
  for (const pause of LOOK_PAUSES_MS) {
    await clock.sleep(Math.min(pause, Math.max(0, until - clock.now())), signal)
    if (signal.aborted) break
    try {
      const jobs = await session.listJobs()
      listed = true
      const skew = serverOffset(session.client)
      // With Atlas's clock measured, the allowance is only for an ObjectId's whole seconds: a
      // like job made a few seconds before this run's create is not adopted.
      const margin =
        session.client.serverClockOffsetMs === undefined ? CLOCK_SKEW_MS : MEASURED_SKEW_MS
      const found = findCreatedJob(
        jobs,
        plan,
        sentAt + skew - margin,
        clock.now() + skew,
        deps.existingJobIds
      )
      if (found !== undefined) return found
    } catch (error) {
      lastError = error
      // A refusal (404, 403) will not change within a minute: stop looking.
      if (error instanceof AtlasApiError && error.status < 500 && error.status !== 429) break
    }
    if (clock.now() >= until) break
  }
  if (!listed && lastError !== undefined) {
    throw new RestoreFailure(
      `The create call failed without a clear answer and the ${session.restores.jobLabel}s of ${session.source.clusterName} could not be read to check whether Atlas created one (${(lastError as Error).message}). Nothing was created again; look at the cluster's restore jobs in Atlas before running again.`
    )
  }
  return undefined
}

/** Atlas's clock minus ours, when the client has seen a Date header. */
function serverOffset(client: AtlasClient): number {
  const offset = client.serverClockOffsetMs
  return offset !== undefined && Number.isFinite(offset) ? offset : 0
}

/**
 * A failure after which Atlas may or may not have acted on the request (the client says which:
 * a 5xx, a gateway's 429, a reset after sending, an unreadable answer). A deadline or an abort
 * ends the run whatever happened: no look, no re-send.
 */
export function isAmbiguous(error: unknown): boolean {
  if (error instanceof AtlasDeadlineError || error instanceof AtlasAbortedError) return false
  if (error instanceof AtlasApiError || error instanceof AtlasNetworkError) return error.ambiguous
  return false
}

/**
 * The job a create for `plan` would have made, from a job list: same delivery type, snapshot,
 * target and point in time, not ended before `notBefore`, and created after it (Atlas's
 * clock), and not among the jobs listed before the create was sent. Dedicated and serverless
 * jobs carry no creation time, but their IDs do (ObjectIds).
 */
export function findCreatedJob(
  jobs: readonly RestoreJob[],
  plan: CreatePlan,
  notBefore: number,
  now: number,
  existing: ReadonlySet<string> = new Set()
): RestoreJob | undefined {
  const pit = plan.pointInTime as Record<string, number> | undefined
  const createdAt = (job: RestoreJob) =>
    (job.createdAt ?? objectIdTime(job.id, now))?.getTime() ?? Number.NEGATIVE_INFINITY
  const matches = jobs.filter(job => {
    // An ID that is not an ObjectId is never used in a path or an output.
    if (!OBJECT_ID.test(job.id) || existing.has(job.id)) return false
    // Flex and tenant jobs only say RESTORE (automated) or DOWNLOAD.
    const planned =
      plan.deliveryType === 'pointInTime' && job.deliveryType === 'automated'
        ? 'automated'
        : plan.deliveryType
    if (
      job.deliveryType !== undefined &&
      job.deliveryType !== planned &&
      plan.namespaces === undefined
    )
      return false
    if (plan.snapshotId !== undefined && job.snapshotId !== plan.snapshotId) return false
    if (plan.deliveryType !== 'download' && plan.target !== undefined && job.target !== undefined) {
      if (
        job.target.clusterName !== plan.target.clusterName ||
        job.target.groupId !== plan.target.groupId
      )
        return false
    }
    if (pit !== undefined) {
      const doc = asDoc(job.document)
      const same = Object.entries(pit).every(
        ([key, value]) =>
          doc[key] === value ||
          (key === 'pointInTimeUTCSeconds' && doc.pointInTimeUtcSeconds === value)
      )
      if (!same) return false
    }
    const created = job.createdAt ?? objectIdTime(job.id, now)
    // A job that ended before the create was sent cannot be the one it made. A ready download
    // may carry no finishedAt (its URL says it is done): its ID's time decides then.
    if (isFinal(job.status)) {
      if (job.finishedAt !== undefined && job.finishedAt.getTime() < notBefore) return false
      if (job.finishedAt === undefined && created === undefined) return false
    }
    return created === undefined || created.getTime() >= notBefore
  })
  // The newest match: without the list from before, the clock allowance may let in a like job
  // made just before this run's.
  return matches.sort((a, b) => createdAt(b) - createdAt(a))[0]
}
