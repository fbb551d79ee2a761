// Runs one kind's calls through the Atlas client: the I/O half of an adapter, the same for
// every kind. Creating is the careful part: one run makes at most one restore job.

import type { AtlasClient } from '../atlas/client.js'
import { AtlasApiError, AtlasNetworkError } from '../atlas/errors.js'
import type { Log } from '../log.js'
import { pickLatest } from '../snapshots.js'
import type { ApiCall } from '../atlas/operations.js'
import {
  isFinal,
  type CreatePlan,
  type DeploymentRef,
  type KindAdapter,
  type RestoreJob,
  type Snapshot
} from './adapter.js'
import { asDoc, objectIdTime } from './fields.js'

/** Creates sent again after Atlas surely made none; each ambiguous failure is checked first. */
const MAX_CREATE_ATTEMPTS = 3
/** Let an ambiguous create settle on Atlas's side before looking for it. */
const SETTLE_MS = 2_000
/** Allowance for Atlas's clock running behind ours when matching creation times. */
const CLOCK_SKEW_MS = 30_000

export class KindBackup {
  constructor(
    private readonly client: AtlasClient,
    readonly adapter: KindAdapter,
    readonly source: DeploymentRef,
    private readonly log: Log,
    private readonly sleep: (ms: number) => Promise<void>
  ) {}

  async getJob(restoreJobId: string): Promise<RestoreJob> {
    return this.adapter.parseJob(await this.send(this.adapter.getJob(this.source, restoreJobId)))
  }

  async listJobs(): Promise<RestoreJob[]> {
    const documents = await this.guard(() => this.client.list(this.adapter.listJobs(this.source)))
    return documents.map(d => this.adapter.parseJob(d))
  }

  async getSnapshot(snapshotId: string): Promise<Snapshot> {
    return this.adapter.parseSnapshot(
      await this.send(this.adapter.getSnapshot(this.source, snapshotId))
    )
  }

  /** The newest completed snapshot, or undefined when there is none. */
  async latestSnapshot(): Promise<Snapshot | undefined> {
    const documents = await this.guard(() =>
      this.client.list(this.adapter.listSnapshots(this.source))
    )
    return pickLatest(documents.map(d => this.adapter.parseSnapshot(d)))
  }

  async cancel(restoreJobId: string): Promise<void> {
    const call = this.adapter.cancelJob?.(this.source, restoreJobId)
    if (call === undefined)
      throw new Error(`the ${this.adapter.kind} API offers no way to cancel a restore job`)
    await this.guard(() => this.client.send(call, 'once'))
  }

  /**
   * Creates the restore job. A 429 or a request that never left is sent again by the client.
   * After an ambiguous failure (5xx, reset, timeout once the body was sent) the job list tells
   * whether Atlas created it anyway: that job is adopted; only a job surely missing is created
   * again.
   */
  async create(
    plan: CreatePlan,
    now: () => number
  ): Promise<{ job: RestoreJob; adopted: boolean }> {
    const call = this.adapter.create(plan)
    for (let attempt = 1; ; attempt++) {
      const sentAt = now()
      try {
        return { job: this.adapter.parseJob(await this.send(call, 'create')), adopted: false }
      } catch (error) {
        if (!isAmbiguous(error)) throw error
        this.log.warning(
          `${(error as Error).message}. Atlas may have created the restore job anyway: checking its restore jobs before doing anything else.`
        )
        await this.sleep(SETTLE_MS)
        let jobs: RestoreJob[]
        try {
          jobs = await this.listJobs()
        } catch (listError) {
          throw new Error(
            `The create call failed without a clear answer and the restore jobs of ${this.source.clusterName} could not be read to check whether Atlas created one (${(listError as Error).message}). Nothing was created again; look at the cluster's restore jobs in Atlas before running again.`
          )
        }
        const created = findCreatedJob(jobs, plan, sentAt - CLOCK_SKEW_MS, now())
        if (created !== undefined) {
          this.log.info(`Atlas did create restore job ${created.id}: watching it.`)
          return { job: created, adopted: true }
        }
        if (attempt >= MAX_CREATE_ATTEMPTS) throw error
        this.log.info('Atlas has no such restore job: sending the create call again.')
      }
    }
  }

  private send(call: ApiCall, retry: 'read' | 'create' = 'read'): Promise<unknown> {
    return this.guard(() => this.client.send(call, retry))
  }

  /** Errors of a retired kind's endpoints say that the endpoint was retired. */
  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } catch (error) {
      const sunset = this.adapter.sunset
      if (
        sunset &&
        error instanceof AtlasApiError &&
        error.status >= 400 &&
        error.status < 500 &&
        error.status !== 429
      ) {
        error.addNote(sunset)
      }
      throw error
    }
  }
}

/** A failure after which Atlas may or may not have acted on the request. */
export function isAmbiguous(error: unknown): boolean {
  if (error instanceof AtlasNetworkError) return !error.notSent
  return error instanceof AtlasApiError && error.status >= 500
}

/**
 * The job a create for `plan` would have made, from a job list: same delivery type, snapshot,
 * target and point in time, not ended before `notBefore`, and created after it. Dedicated and
 * serverless jobs carry no creation time, but their IDs do (ObjectIds).
 */
export function findCreatedJob(
  jobs: readonly RestoreJob[],
  plan: CreatePlan,
  notBefore: number,
  now: number
): RestoreJob | undefined {
  const pit = plan.pointInTime as Record<string, number> | undefined
  return jobs.find(job => {
    // Flex and tenant jobs only say RESTORE (automated) or DOWNLOAD.
    const planned =
      plan.deliveryType === 'pointInTime' && job.deliveryType === 'automated'
        ? 'automated'
        : plan.deliveryType
    if (job.deliveryType !== undefined && job.deliveryType !== planned) return false
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
      if (Object.entries(pit).some(([key, value]) => doc[key] !== value)) return false
    }
    // A job that ended before the create was sent cannot be the one it made.
    if (
      isFinal(job.status) &&
      (job.finishedAt === undefined || job.finishedAt.getTime() < notBefore)
    )
      return false
    const created = job.createdAt ?? objectIdTime(job.id, now)
    return created === undefined || created.getTime() >= notBefore
  })
}
