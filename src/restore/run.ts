// The pipeline once inputs are valid: kind → snapshot and preflight → create (or pick up) the
// job → wait for it → wait for the target → check the objective. A RestoreRun owns what the run
// works with (settings, session, current job, deadline); every fact also goes to the RunRecord
// as soon as it is known (never read back here), so the report is complete however it ends.

import { AtlasAbortedError, AtlasApiError, AtlasDeadlineError } from '../atlas/errors.js'
import { checkKindSupport } from '../inputs/kind-rules.js'
import { InputError } from '../inputs/problems.js'
import type { Settings } from '../inputs/settings.js'
import { isFinal, type DeploymentRef, type RestoreJob } from '../kinds/adapter.js'
import { collectionRestores } from '../kinds/collections.js'
import { objectIdTime } from '../kinds/documents/fields.js'
import { adapters, type Adapter } from '../kinds/index.js'
import { KindSession } from '../kinds/session.js'
import { buildPlan, describeCall, requestedMoment, targetOf } from '../plan/plan.js'
import { objectiveProblem } from '../plan/objective.js'
import { staleSnapshotProblem } from '../plan/snapshots.js'
import { ignoredWhenWatching, watchedFacts } from '../plan/watch.js'
import type { RunRecord, RunResult } from '../report/record.js'
import { waitFor } from '../wait/waiter.js'
import { RestoreFailure, type RestoreContext } from './context.js'
import { createJob } from './create.js'
import { downloadStage } from './download.js'
import { resolveKind } from './kind.js'
import { JobObserver } from './observe.js'
import { checkBeforeCreate } from './preflight.js'
import { failOnFinalStatus, stopJob } from './stop.js'
import { waitForTarget } from './target.js'
import { quote } from '../atlas/redact.js'

/** Time allowed for a cancel when the run is being cancelled (the runner kills at 10 s). */
const ABORT_BUDGET_MS = 5_000
/** A job may read 404 for this long after its creation (seen when restoring onto the source). */
const NOT_FOUND_GRACE_MS = 120_000

export class RestoreRun {
  readonly deadline: number
  private readonly source: DeploymentRef
  private adapter!: Adapter
  private session!: KindSession
  private observer!: JobObserver
  private jobCreatedAt?: number

  constructor(
    private readonly settings: Settings,
    private readonly record: RunRecord,
    private readonly ctx: RestoreContext
  ) {
    this.deadline = record.startedAt.getTime() + settings.timeoutMs
    this.source = { groupId: settings.groupId, clusterName: settings.clusterName }
  }

  /** Runs to the end; resolves with the result, or throws (RestoreFailure says which). */
  async execute(): Promise<RunResult> {
    const { settings, record, ctx } = this
    record.source = this.source
    record.maxRestoreDurationMs = settings.maxRestoreDurationMs
    const kind = await ctx.group('Cluster kind', () =>
      resolveKind(settings.clusterKind, this.source, ctx.client, ctx.log)
    )
    this.adapter = adapters[kind]
    record.clusterKind = kind
    record.kindLabel = this.adapter.label
    record.uiPaths = { source: this.adapter.uiPath(this.source) }
    const problems = checkKindSupport(settings, this.adapter)
    if (problems.length > 0) throw new InputError(problems)
    const restores = settings.collections ? collectionRestores : this.adapter.restores
    this.session = new KindSession(ctx.client, this.adapter, restores, this.source)
    record.jobLabel = restores.jobLabel
    this.observer = new JobObserver({
      log: ctx.log,
      now: ctx.clock.now,
      setSecret: ctx.setSecret,
      maskDeliveryUrls: settings.maskDeliveryUrls,
      jobLabel: () => this.session.restores.jobLabel,
      onJob: job => (record.job = job)
    })

    const started =
      settings.restoreJobId !== undefined
        ? await this.watchExisting(settings.restoreJobId)
        : await this.createNew()
    if (started !== undefined) return started
    return this.waitToTheEnd()
  }

  /** Picks up an existing job; applies the inputs that still apply and says which do not. */
  private async watchExisting(jobId: string): Promise<RunResult | undefined> {
    const { settings, record, ctx } = this
    const { job, session } = await ctx.group(`Restore job ${jobId}`, () =>
      this.session.findJob(jobId)
    )
    this.session = session
    record.jobLabel = session.restores.jobLabel
    Object.assign(record, watchedFacts(job))
    // Job IDs are ObjectIds: their first bytes are the creation time.
    const created = job.createdAt ?? objectIdTime(job.id, ctx.clock.now())
    if (created) this.noteCreated(created.getTime())
    this.observer.see(job, 0)
    const ignored = ignoredWhenWatching(settings, job)
    if (ignored.length > 0) {
      record.ignoredInputs = ignored
      ctx.log.warning(
        `Watching existing ${this.session.restores.jobLabel} ${quote(job.id)}: ${ignored.join(', ')} ${ignored.length > 1 ? 'do' : 'does'} not apply and ${ignored.length > 1 ? 'were' : 'was'} ignored (the job says what it restores${job.target ? `: onto ${job.target.clusterName}` : ''}).`
      )
    }
    if (job.snapshotCreatedAt !== undefined) {
      record.snapshot = { id: job.snapshotId ?? 'unknown', createdAt: job.snapshotCreatedAt }
      const stale = staleSnapshotProblem(
        { id: job.snapshotId ?? 'of the job', createdAt: job.snapshotCreatedAt },
        settings.maxSnapshotAgeMs,
        record.startedAt.getTime()
      )
      if (stale !== undefined) throw new RestoreFailure(stale)
    }
    ctx.log.info(
      `Watching existing ${this.session.restores.jobLabel} ${quote(job.id)} of ${this.adapter.label} ${this.source.clusterName}: ${job.status}.`
    )
    return this.notWaiting()
  }

  private async createNew(): Promise<RunResult | undefined> {
    const { settings, record, ctx } = this
    record.deliveryType = settings.deliveryType
    const target = targetOf(settings)
    if (target) {
      record.target = target
      record.uiPaths = { ...record.uiPaths, target: this.adapter.uiPath(target) }
    }
    const moment = requestedMoment(settings.pointInTime)
    if (moment) {
      record.requestedPointInTime = moment
      ctx.log.info(`Point in time requested: ${moment.toISOString().replace(/\.000Z$/, 'Z')}.`)
    }
    const { snapshot, existingJobIds } = await ctx.group('Snapshot and preflight', () =>
      checkBeforeCreate(settings, this.session, target, moment, { ...ctx, record })
    )
    const plan = buildPlan(settings, snapshot?.id)
    const call = this.session.restores.create(plan)
    if (settings.dryRun) {
      record.plannedCall = describeCall(call)
      const planned = record.plannedCall
      ctx.log.info(
        `Dry run: would send ${planned.method} ${planned.path} (Accept and Content-Type ${planned.mediaType}) with body:\n${JSON.stringify(planned.body, null, 2)}`
      )
      return 'dryRun'
    }
    if (ctx.signal.aborted) {
      throw new RestoreFailure(
        'The workflow run was cancelled before a restore job was created: nothing was created.',
        'aborted'
      )
    }
    await ctx.group(`Create the ${this.session.restores.jobLabel}`, async () => {
      const created = await createJob(this.session, plan, {
        clock: ctx.clock,
        log: ctx.log,
        signal: ctx.signal,
        deadline: this.deadline,
        existingJobIds
      })
      // Dedicated jobs carry no creation time: this run times the jobs it creates (an adopted
      // job was made by this run's first create call).
      this.noteCreated(created.job.createdAt?.getTime() ?? created.sentAt)
      this.observer.see(created.job, 0)
      ctx.log.info(
        `${created.adopted ? 'Adopted' : 'Created'} ${this.session.restores.jobLabel} ${quote(created.job.id)} (${settings.deliveryType}) of ${this.adapter.label} ${this.source.clusterName}: ${created.job.status}.`
      )
    })
    return this.notWaiting()
  }

  private notWaiting(): RunResult | undefined {
    if (this.settings.waitForCompletion) return undefined
    failOnFinalStatus(this.current, this.session.restores.jobLabel)
    this.ctx.log.info('waitForCompletion is false: not waiting for the job to finish.')
    return 'created'
  }

  private async waitToTheEnd(): Promise<RunResult> {
    const { settings, record, ctx } = this
    const label = this.session.restores.jobLabel
    const waited = await ctx.group(`Wait for the ${label}`, () =>
      waitFor<RestoreJob>({
        poll: () => this.readJob(this.current.id),
        isDone: job => isFinal(job.status),
        onValue: (job, elapsed) => {
          this.observer.see(job, elapsed)
          if (job.status === 'completed' && record.completedSeenAt === undefined)
            record.completedSeenAt = new Date(ctx.clock.now())
        },
        onPause: (pause, elapsed) => this.observer.pausing(pause, elapsed),
        initial: this.current,
        startedAt: this.jobCreatedAt ?? ctx.clock.now(),
        deadline: this.deadline,
        pollIntervalMs: settings.pollIntervalMs,
        clock: ctx.clock,
        rateLimit: () => ctx.client.lastRateLimit,
        signal: ctx.signal
      }).catch((error: unknown) => {
        // A read cut short by the deadline or the cancel is the end of the wait, not an API failure.
        if (error instanceof AtlasDeadlineError)
          return { outcome: 'timeout' as const, last: this.current }
        if (error instanceof AtlasAbortedError)
          return { outcome: 'aborted' as const, last: this.current }
        throw error
      })
    )
    if (waited.outcome !== 'done') {
      await stopJob(waited.outcome, this.current, {
        session: this.session,
        cancelOnAbort: settings.cancelOnAbort,
        timeoutMs: settings.timeoutMs,
        log: ctx.log,
        cancel: (session, job) => this.cancel(session, job),
        onJob: job => (record.job = job)
      })
    }
    // Per-namespace states are outputs of a failed job too (then read as best effort).
    const done = this.current.status === 'completed'
    const namespaces = await this.session.listNamespaces(this.current.id, !done)
    if (namespaces) record.namespaces = namespaces
    failOnFinalStatus(this.current, label)
    if (done && this.current.deliveryType === 'download') record.readyAt = record.completedSeenAt

    const target = this.current.target ?? record.target
    if (this.current.deliveryType !== 'download' && target !== undefined) {
      await ctx.group('Wait for the target', () =>
        waitForTarget(target, this.adapter, {
          client: ctx.client,
          clock: ctx.clock,
          log: ctx.log,
          signal: ctx.signal,
          deadline: this.deadline,
          pollIntervalMs: settings.pollIntervalMs,
          timeoutMs: settings.timeoutMs,
          onState: (state, ready) => {
            record.targetState = { ...state, ready }
            if (ready && record.readyAt === undefined) record.readyAt = new Date(ctx.clock.now())
          }
        })
      )
    }
    await downloadStage(this.current, settings, { ...ctx, record, deadline: this.deadline })
    this.checkObjective()
    return 'succeeded'
  }

  /** A poll; a job that reads 404 soon after its creation is read again for a while. */
  private async readJob(jobId: string): Promise<RestoreJob> {
    for (;;) {
      try {
        return await this.session.getJob(jobId)
      } catch (error) {
        const young =
          this.jobCreatedAt !== undefined &&
          this.ctx.clock.now() - this.jobCreatedAt < NOT_FOUND_GRACE_MS
        const notFound = error instanceof AtlasApiError && error.status === 404
        if (!young || !notFound || this.ctx.signal.aborted) throw error
        await this.ctx.clock.sleep(5_000, this.ctx.signal)
      }
    }
  }

  private async cancel(session: KindSession, job: RestoreJob): Promise<RestoreJob | undefined> {
    const call = session.cancelCall(job)
    if (call === undefined) return undefined
    // The run may be cancelled or out of time: the cancel gets a short budget of its own.
    const budget = session.over(
      this.ctx.client.derive({ deadline: this.ctx.clock.now() + ABORT_BUDGET_MS })
    )
    await budget.send(call, 'once')
    try {
      return await budget.getJob(job.id)
    } catch {
      return undefined
    }
  }

  private checkObjective(): void {
    const { readyAt } = this.record
    if (this.jobCreatedAt === undefined || readyAt === undefined) return
    const problem = objectiveProblem(
      readyAt.getTime() - this.jobCreatedAt,
      this.settings.maxRestoreDurationMs
    )
    if (problem !== undefined) throw new RestoreFailure(problem)
  }

  private noteCreated(at: number): void {
    this.jobCreatedAt = at
    this.record.jobCreatedAt = new Date(at)
  }

  private get current(): RestoreJob {
    const job = this.observer.job
    if (job === undefined) throw new Error('no restore job yet')
    return job
  }
}
