// After a timeout or a cancelled run: cancel the job where asked to and where Atlas can (only
// download jobs), say plainly what keeps running, and fail.

import { formatDuration } from '../durations.js'
import type { RestoreJob } from '../kinds/adapter.js'
import type { KindSession } from '../kinds/session.js'
import type { Log } from '../log.js'
import { capitalized, RestoreFailure } from './context.js'
import { quote } from '../atlas/redact.js'

export async function stopJob(
  why: 'timeout' | 'aborted',
  job: RestoreJob,
  deps: {
    session: KindSession
    cancelOnAbort: boolean
    timeoutMs: number
    log: Log
    /** Sends the cancel within its own short budget (the run may be being cancelled). */
    cancel: (session: KindSession, job: RestoreJob) => Promise<RestoreJob | undefined>
    onJob: (job: RestoreJob) => void
  }
): Promise<never> {
  const { session, log } = deps
  const label = session.restores.jobLabel
  const id = quote(job.id)
  const result = why === 'timeout' ? 'timedOut' : 'aborted'
  const reason =
    why === 'timeout'
      ? `${capitalized(label)} ${id} did not finish within timeout ${formatDuration(deps.timeoutMs)} (last status: ${job.status}).`
      : `The workflow run was cancelled while ${label} ${id} was ${job.status}.`
  const ontoTarget = job.deliveryType !== 'download'
  const consequence = ontoTarget
    ? ` The target is being overwritten and will be left partly restored until the job ends.`
    : ''
  if (!deps.cancelOnAbort) {
    log.warning(
      `${reason} The job keeps running in Atlas (cancelOnAbort is false); watch it with restoreJobId: ${id}.${consequence}`
    )
    throw new RestoreFailure(reason, result)
  }
  if (session.cancelCall(job) === undefined) {
    log.warning(
      `${reason} cancelOnAbort is set, but Atlas cannot cancel ${ontoTarget ? `an ${job.deliveryType ?? 'automated'} ${label}` : `a ${session.adapter.kind} download`}: it keeps running in Atlas (watch it with restoreJobId: ${id}).${consequence}`
    )
    throw new RestoreFailure(reason, result)
  }
  try {
    const after = await deps.cancel(session, job)
    deps.onJob(after ?? { ...job, status: 'cancelled' })
    log.warning(`${reason} Cancelled ${label} ${id} (cancelOnAbort).`)
  } catch (error) {
    log.warning(`${reason} Cancelling ${label} ${id} failed: ${(error as Error).message}`)
  }
  throw new RestoreFailure(reason, result)
}

/** A job that ended without the restore fails the run, with what Atlas said. */
export function failOnFinalStatus(job: RestoreJob, label: string): void {
  if (job.status === 'failed' || job.status === 'cancelled' || job.status === 'expired') {
    const said = job.errorMessage ? ` Atlas says: ${quote(job.errorMessage)}.` : ''
    throw new RestoreFailure(
      `${capitalized(label)} ${quote(job.id)} ended ${job.status}.${said} See the job in the Atlas UI (Backup → Restores) or read it with restoreJobId: ${quote(job.id)}.`
    )
  }
}
