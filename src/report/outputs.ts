// Step outputs from the run record. Pure; main.ts writes them.

import { rfc3339 } from '../snapshots.js'
import type { RunRecord } from './record.js'

export const OUTPUT_NAMES = [
  'restoreJobId',
  'status',
  'clusterKind',
  'deliveryType',
  'snapshotId',
  'snapshotCreatedAt',
  'snapshotAgeSeconds',
  'targetGroupId',
  'targetClusterName',
  'deliveryUrl',
  'deliveryUrls',
  'finishedAt',
  'expiresAt',
  'durationSeconds',
  'targetConnectionString',
  'restoreJob'
] as const

export type OutputName = (typeof OUTPUT_NAMES)[number]

/** When the job finished: Atlas's finishedAt, else (downloads carry none) when the run saw it. */
export function finishedAt(record: RunRecord): Date | undefined {
  if (record.job?.status !== 'completed') return record.job?.finishedAt
  return record.job.finishedAt ?? record.completedSeenAt
}

export function durationSeconds(record: RunRecord): number | undefined {
  const end = finishedAt(record)
  if (record.createdAt === undefined || end === undefined) return undefined
  return Math.max(0, Math.round((end.getTime() - record.createdAt.getTime()) / 1000))
}

export function snapshotCreatedAt(record: RunRecord): Date | undefined {
  return record.snapshot?.createdAt ?? record.job?.snapshotCreatedAt
}

/** Only the outputs known by now; the rest stay unset. */
export function buildOutputs(record: RunRecord): Partial<Record<OutputName, string>> {
  const { job } = record
  const out: Partial<Record<OutputName, string>> = {}
  const set = (name: OutputName, value: string | number | undefined) => {
    if (value !== undefined && value !== '') out[name] = String(value)
  }
  // What was asked for; when watching an existing job, what the job says it is.
  const deliveryType = record.deliveryType ?? job?.deliveryType
  const snapshotTime = snapshotCreatedAt(record)
  const finished = finishedAt(record)
  const duration = durationSeconds(record)
  const target = deliveryType === 'download' ? undefined : (job?.target ?? record.target)

  set('restoreJobId', job?.id)
  set('status', job?.status)
  set('clusterKind', record.clusterKind)
  set('deliveryType', deliveryType)
  set('snapshotId', record.snapshot?.id ?? job?.snapshotId)
  set('snapshotCreatedAt', snapshotTime && rfc3339(snapshotTime))
  set(
    'snapshotAgeSeconds',
    snapshotTime &&
      Math.max(0, Math.floor((record.startedAt.getTime() - snapshotTime.getTime()) / 1000))
  )
  set('targetGroupId', target?.groupId)
  set('targetClusterName', target?.clusterName)
  if (job && job.deliveryUrls.length > 0) {
    set('deliveryUrl', job.deliveryUrls[0])
    set('deliveryUrls', JSON.stringify(job.deliveryUrls))
  }
  set('finishedAt', finished && rfc3339(finished))
  set(
    'expiresAt',
    deliveryType === 'download' && job?.expiresAt ? rfc3339(job.expiresAt) : undefined
  )
  set('durationSeconds', duration)
  set(
    'targetConnectionString',
    record.targetState?.ready ? record.targetState.connectionString : undefined
  )
  set('restoreJob', job && JSON.stringify(job.document))
  return out
}
