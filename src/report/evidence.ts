// The evidence file (reportPath): one JSON object per run, for auditors and drill history.
// Pure; unknown values are null so every record has the same keys. Never holds a secret or a
// download URL (the failure text has any URL removed).

import { rfc3339 } from '../time.js'
import { VERSION } from '../version.js'
import {
  durationSeconds,
  finishedAt,
  snapshotAgeSeconds,
  snapshotCreatedAt,
  timeToReadySeconds,
  withinObjective
} from './outputs.js'
import type { RunRecord } from './record.js'

export const EVIDENCE_SCHEMA_VERSION = 1

const date = (d: Date | undefined) => (d ? rfc3339(d) : null)
const or = <T>(v: T | undefined): T | null => (v === undefined ? null : v)

export function buildEvidence(record: RunRecord, env: Record<string, string | undefined>) {
  const { job } = record
  const deliveryType = record.deliveryType ?? job?.deliveryType
  const target = deliveryType === 'download' ? undefined : (job?.target ?? record.target)
  const snapshotId = record.snapshot?.id ?? job?.snapshotId
  const runId = env.GITHUB_RUN_ID
  return {
    schemaVersion: EVIDENCE_SCHEMA_VERSION,
    result: record.result === 'running' ? 'failed' : record.result,
    failure:
      record.failure === undefined
        ? null
        : record.failure.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, '<url>'),
    source: record.source
      ? { groupId: record.source.groupId, clusterName: record.source.clusterName }
      : null,
    target: target ? { groupId: target.groupId, clusterName: target.clusterName } : null,
    clusterKind: or(record.clusterKind),
    deliveryType: or(deliveryType),
    snapshot: snapshotId
      ? {
          id: snapshotId,
          createdAt: date(snapshotCreatedAt(record)),
          type: or(record.snapshot?.type),
          ageSeconds: or(snapshotAgeSeconds(record))
        }
      : null,
    requestedPointInTime: date(record.requestedPointInTime),
    restoreJobId: or(job?.id),
    status: or(job?.status),
    jobCreatedAt: date(record.jobCreatedAt),
    finishedAt: date(finishedAt(record)),
    targetReadyAt: date(record.readyAt),
    durationSeconds: or(durationSeconds(record)),
    timeToReadySeconds: or(timeToReadySeconds(record)),
    maxRestoreDurationSeconds:
      record.maxRestoreDurationMs === undefined
        ? null
        : Math.round(record.maxRestoreDurationMs / 1000),
    withinObjective: or(withinObjective(record)),
    apiCalls: record.apiCalls ?? 0,
    run: {
      repository: env.GITHUB_REPOSITORY ?? null,
      workflow: env.GITHUB_WORKFLOW ?? null,
      runId: runId === undefined ? null : runId,
      runAttempt: env.GITHUB_RUN_ATTEMPT ?? null,
      sha: env.GITHUB_SHA ?? null,
      serverUrl: env.GITHUB_SERVER_URL ?? null
    },
    actionVersion: VERSION,
    startedAt: rfc3339(record.startedAt),
    endedAt: date(record.endedAt)
  }
}

export type Evidence = ReturnType<typeof buildEvidence>
