// One deployment's API session: the calls of its kind (snapshots, state) and of the restore API
// in use (the kind's own, or collection-level), run through the Atlas client. Errors from a
// retired kind's endpoints say that the endpoint was retired.

import type { AtlasClient, RetryMode } from '../atlas/client.js'
import { AtlasApiError } from '../atlas/errors.js'
import { OBJECT_ID } from '../atlas/names.js'
import type { ApiCall } from '../atlas/operations.js'
import type {
  DeploymentRef,
  RestoreApi,
  RestoredNamespace,
  RestoreJob,
  Snapshot
} from './adapter.js'
import { collectionRestores } from './collections.js'
import type { Adapter } from './index.js'

export class KindSession {
  constructor(
    readonly client: AtlasClient,
    readonly adapter: Adapter,
    readonly restores: RestoreApi,
    readonly source: DeploymentRef
  ) {}

  /** The same session over another client (e.g. one with a short budget of its own). */
  over(client: AtlasClient): KindSession {
    return new KindSession(client, this.adapter, this.restores, this.source)
  }

  /**
   * The create call. An answer without a job ID fit for a path is a bad answer, which for a
   * create is ambiguous (Atlas may well have made the job): the caller looks for it.
   */
  async create(call: ApiCall): Promise<RestoreJob> {
    const document = await this.withSunsetNote(() =>
      this.client.send(call, {
        retry: 'create',
        validate: body => {
          const id = (body as { id?: unknown } | null)?.id
          return typeof id === 'string' && OBJECT_ID.test(id)
            ? undefined
            : 'the answer carries no job ID of 24 hexadecimal characters'
        }
      })
    )
    return this.restores.parseJob(document)
  }

  /**
   * A job to watch by ID, from this session's restore API or, for a dedicated cluster's job that
   * API does not know (404), from collection-level restores: the session that knows the job
   * comes back with it.
   */
  async findJob(jobId: string): Promise<{ job: RestoreJob; session: KindSession }> {
    const alternative =
      this.adapter.kind === 'dedicated' && this.restores !== collectionRestores
        ? collectionRestores
        : undefined
    try {
      return { job: await this.getJob(jobId), session: this }
    } catch (error) {
      if (alternative === undefined || !(error instanceof AtlasApiError) || error.status !== 404)
        throw error
      const other = new KindSession(this.client, this.adapter, alternative, this.source)
      try {
        return { job: await other.getJob(jobId), session: other }
      } catch {
        throw error
      }
    }
  }

  /** A job by ID; an answer about another job (misrouted, cached) is a bad answer, read again. */
  async getJob(jobId: string): Promise<RestoreJob> {
    const document = await this.withSunsetNote(() =>
      this.client.send(this.restores.getJob(this.source, jobId), {
        retry: 'read',
        validate: body => {
          const id = (body as { id?: unknown } | null)?.id
          return id === jobId
            ? undefined
            : `the answer is about job ${JSON.stringify(id)}, not ${jobId}`
        }
      })
    )
    return this.restores.parseJob(document)
  }

  async listJobs(): Promise<RestoreJob[]> {
    const documents = await this.withSunsetNote(() =>
      this.client.list(this.restores.listJobs(this.source))
    )
    return documents.map(d => this.restores.parseJob(d))
  }

  async listSnapshots(): Promise<Snapshot[]> {
    const documents = await this.withSunsetNote(() =>
      this.client.list(this.adapter.listSnapshots(this.source))
    )
    return documents.map(d => this.adapter.parseSnapshot(d))
  }

  async getSnapshot(snapshotId: string): Promise<Snapshot> {
    return this.adapter.parseSnapshot(
      await this.send(this.adapter.getSnapshot(this.source, snapshotId))
    )
  }

  /**
   * The per-namespace statuses of a job, for restore APIs that report them. Best effort (for a
   * job that already failed): a read that fails gives undefined, so the job's own failure stands.
   */
  async listNamespaces(
    jobId: string,
    bestEffort = false
  ): Promise<RestoredNamespace[] | undefined> {
    const call = this.restores.listNamespaces?.(this.source, jobId)
    const parse = this.restores.parseNamespace
    if (call === undefined || parse === undefined) return undefined
    try {
      return (await this.client.list(call)).map(d => parse(d))
    } catch (error) {
      if (bestEffort) return undefined
      throw error
    }
  }

  /** The cancel call for a job, or undefined where Atlas cannot cancel it. */
  cancelCall(job: RestoreJob): ApiCall | undefined {
    return this.restores.cancelJob?.(this.source, job)
  }

  send(call: ApiCall, retry: RetryMode = 'read'): Promise<unknown> {
    return this.withSunsetNote(() => this.client.send(call, retry))
  }

  private async withSunsetNote<T>(work: () => Promise<T>): Promise<T> {
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
