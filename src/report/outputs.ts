// Step outputs from the run record. Pure; main.ts writes them.

import { rfc3339 } from '../time.js'
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
  'restoreJob',
  'snapshotType',
  'privateDeliveryUrls',
  'requestedPointInTime',
  'timeToReadySeconds',
  'withinObjective',
  'restoredNamespaces',
  'downloadedFiles',
  'downloadBytes',
  'downloadSeconds'
] as const

export type OutputName = (typeof OUTPUT_NAMES)[number]

/** GitHub documents 1 MB for a job's outputs: the job document stays well below. */
export const MAX_DOCUMENT_BYTES = 900_000
const KEEP_ITEMS = 20

/** When the job finished: Atlas's finishedAt, else (downloads carry none) when the run saw it. */
export function finishedAt(record: RunRecord): Date | undefined {
  if (record.job?.status !== 'completed') return record.job?.finishedAt
  return record.job.finishedAt ?? record.completedSeenAt
}

/** Whole seconds between two times, compared at Atlas's one-second resolution. */
const secondsBetween = (from: Date, to: Date) =>
  Math.max(0, Math.floor(to.getTime() / 1000) - Math.floor(from.getTime() / 1000))

/** Creation to finish of a completed job: the restore time. */
export function durationSeconds(record: RunRecord): number | undefined {
  const end = record.job?.status === 'completed' ? finishedAt(record) : undefined
  if (record.jobCreatedAt === undefined || end === undefined) return undefined
  return secondsBetween(record.jobCreatedAt, end)
}

/** Creation until the data was usable (target IDLE, or the download URL there). */
export function timeToReadySeconds(record: RunRecord): number | undefined {
  if (record.jobCreatedAt === undefined || record.readyAt === undefined) return undefined
  return secondsBetween(record.jobCreatedAt, record.readyAt)
}

export function withinObjective(record: RunRecord): boolean | undefined {
  const ready = timeToReadySeconds(record)
  if (record.maxRestoreDurationMs === undefined || ready === undefined) return undefined
  return ready * 1000 <= record.maxRestoreDurationMs
}

/** Seconds to a tenth: a loopback gigabyte takes about one. */
export const downloadSeconds = (ms: number): number => Math.round(ms / 100) / 10

export function snapshotCreatedAt(record: RunRecord): Date | undefined {
  return record.snapshot?.createdAt ?? record.job?.snapshotCreatedAt
}

export function snapshotAgeSeconds(record: RunRecord): number | undefined {
  const taken = snapshotCreatedAt(record)
  if (taken === undefined) return undefined
  return Math.max(0, Math.floor((record.startedAt.getTime() - taken.getTime()) / 1000))
}

/** JSON of a document, kept under `maxBytes`: long arrays and strings are cut and say so. */
export function boundedJson(document: unknown, maxBytes = MAX_DOCUMENT_BYTES): string {
  const full = JSON.stringify(document)
  if (full === undefined || Buffer.byteLength(full) <= maxBytes) return full ?? ''
  const cut = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      const kept = value.slice(0, KEEP_ITEMS).map(cut)
      if (value.length > KEEP_ITEMS)
        kept.push(`… ${value.length - KEEP_ITEMS} more items cut to keep this output under 1 MB`)
      return kept
    }
    if (typeof value === 'string' && value.length > 2000) return `${value.slice(0, 2000)}… (cut)`
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cut(v)]))
    }
    return value
  }
  const smaller = JSON.stringify(cut(document))
  if (Buffer.byteLength(smaller) <= maxBytes) return smaller
  const id = (document as { id?: unknown } | null)?.id
  return JSON.stringify({
    id,
    cut: 'the job document is over 1 MB even with its arrays cut: read it from Atlas'
  })
}

/** Only the outputs known by now; the rest stay unset. */
export function buildOutputs(record: RunRecord): Partial<Record<OutputName, string>> {
  const { job } = record
  const out: Partial<Record<OutputName, string>> = {}
  const set = (name: OutputName, value: string | number | boolean | undefined) => {
    if (value !== undefined && value !== '') out[name] = String(value)
  }
  // What was asked for; when watching an existing job, what the job says it is.
  const deliveryType = record.deliveryType ?? job?.deliveryType
  const snapshotTime = snapshotCreatedAt(record)
  const finished = finishedAt(record)
  const target = deliveryType === 'download' ? undefined : (job?.target ?? record.target)

  set('restoreJobId', job?.id)
  set('status', job?.status)
  set('clusterKind', record.clusterKind)
  set('deliveryType', deliveryType)
  set('snapshotId', record.snapshot?.id ?? job?.snapshotId)
  set('snapshotCreatedAt', snapshotTime && rfc3339(snapshotTime))
  set('snapshotAgeSeconds', snapshotAgeSeconds(record))
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
  set('durationSeconds', durationSeconds(record))
  set(
    'targetConnectionString',
    record.targetState?.ready ? record.targetState.connectionString : undefined
  )
  set('restoreJob', job && boundedJson(job.document))
  set('snapshotType', record.snapshot?.type)
  if (job && job.privateDeliveryUrls.length > 0)
    set('privateDeliveryUrls', JSON.stringify(job.privateDeliveryUrls))
  set('requestedPointInTime', record.requestedPointInTime && rfc3339(record.requestedPointInTime))
  set('timeToReadySeconds', timeToReadySeconds(record))
  set('withinObjective', withinObjective(record))
  if (record.namespaces) set('restoredNamespaces', JSON.stringify(record.namespaces))
  if (record.download) {
    set('downloadedFiles', JSON.stringify(record.download.files))
    set('downloadBytes', record.download.bytes)
    if (record.download.ms !== undefined)
      set('downloadSeconds', downloadSeconds(record.download.ms))
  }
  return out
}
