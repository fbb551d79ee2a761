// What to do about an Atlas error: a sentence after Atlas's own words, for the codes whose fix
// is not obvious from its detail. The call's path says which project and cluster it was about,
// so the hint names those rather than guessing at inputs.

import type { Operation } from './operations.js'

/** The project and cluster (or instance) a call's path names. */
function subjects(path: string): { project?: string; cluster?: string } {
  const project = /\/groups\/([^/?]+)/.exec(path)?.[1]
  const cluster = /\/(?:clusters|flexClusters|serverless)\/([^/?]+)/.exec(path)?.[1]
  return {
    ...(project !== undefined && { project }),
    ...(cluster !== undefined && { cluster: decodeURIComponent(cluster) })
  }
}

type Hint = (s: { project?: string; cluster?: string }) => string

const CODE_HINTS: Record<string, Hint> = {
  GROUP_NOT_FOUND: s =>
    `project ${s.project ?? 'in this call'} does not exist, or these credentials cannot see it: check the project ID.`,
  CLUSTER_NOT_FOUND: s =>
    `project ${s.project ?? '?'} has no cluster named ${s.cluster ?? 'as in this call'} that these credentials can see: check the name, and clusterKind if you set it.`,
  SERVERLESS_INSTANCE_NOT_FOUND: s =>
    `project ${s.project ?? '?'} has no serverless instance named ${s.cluster ?? 'as in this call'}: check the name, or use clusterKind: auto.`,
  SNAPSHOT_NOT_FOUND: s =>
    `${s.cluster ?? 'this cluster'} has no snapshot with that ID: snapshotId must name a snapshot of clusterName itself (another cluster's snapshot cannot be restored from it); use snapshotId: latest or pick one from the cluster's Backup page.`,
  CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API: () =>
    'this is a flex cluster: with clusterKind: auto (the default) the action uses the flex API by itself.',
  CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API: () =>
    'this is not a flex cluster: use clusterKind: auto (the default), or the right kind.',
  CANNOT_USE_SERVERLESS_INSTANCE_IN_CLUSTER_API: () =>
    'this is a serverless instance: with clusterKind: auto (the default) the action finds it by itself.',
  IP_ADDRESS_NOT_ON_ACCESS_LIST: () =>
    "add the runner's outbound IP address to the API key's or service account's access list.",
  RATE_LIMITED: () =>
    'Atlas rate-limits the Admin API per project: space out runs or raise pollInterval.',
  RATE_LIMITED_TOKEN_BUCKET: () =>
    "Atlas's rate limit (a token bucket per project and endpoint family) is spent: run fewer jobs at once in this project, or raise pollInterval, so it can refill.",
  INVALID_VERSION_DATE: () =>
    'this Atlas endpoint does not serve the API version the action asked for.',
  VERSION_GONE: () =>
    'Atlas no longer serves the API version this action uses for that call: update the action to a release that uses a current version.',
  ATLAS_CLUSTER_RESTORE_IN_PROGRESS: s =>
    `a restore onto ${s.cluster ?? 'the target'} (or another change to it) is already running: wait until it reports IDLE, then run again; runs onto one target should share a concurrency group.`,
  CLUSTER_PAUSED_CANNOT_RESTORE: () =>
    'the target cluster is paused: resume it in Atlas, then run again.',
  INVALID_PIT_RESTORE_TIME: () =>
    'the point in time is not one Atlas can restore to (in the future, or before continuous backup began): pick a moment within the restore window.',
  NO_CHECKPOINT_FOR_PIT_RESTORE: () =>
    'Atlas has no checkpoint to replay from for that moment: pick a later moment, after the first snapshot taken with continuous backup on.',
  UNABLE_T0_FIND_SNAPSHOT_PRIOR_TO_PIT_RESTORE_OPTIME: () =>
    'Atlas has no snapshot from before that moment: pick a later point in time, within restoreWindowDays of the backup schedule.',
  CANNOT_DOWNLOAD_SNAPSHOT_CONCURRENTLY: () =>
    'a download of this cluster is already being prepared: wait for it to finish (or watch it with restoreJobId), then run again.',
  TOO_MANY_SNAPSHOT_DOWNLOADS: () =>
    'Atlas limits how many snapshot downloads a project may have at once: wait for the running ones to finish or expire, then run again.',
  CANNOT_RESTORE_TO_TARGET: () =>
    'Atlas refuses this target for this snapshot (MongoDB version, topology or kind): pick a target that runs the same or the next major version, with the same topology.',
  CANNOT_CANCEL_AUTOMATED_RESTORE: () =>
    'Atlas cancels download jobs only: an automated or point-in-time restore runs to its end.',
  WRITES_NOT_ALLOWED_DURING_APP_UPGRADES: () =>
    'Atlas is being upgraded and refuses writes for a while; nothing was created. The action sends the call again with backoff within timeout.',
  TENANT_RESTORE_DESTINATION_UNAVAILABLE: () =>
    'the target is not ready to receive a restore yet; nothing was created. The action sends the call again with backoff within timeout.'
}

export function hintFor(
  status: number,
  errorCode: string | undefined,
  operation: Operation,
  path: string
): string | undefined {
  const byCode = errorCode !== undefined ? CODE_HINTS[errorCode] : undefined
  if (byCode) return byCode(subjects(path))
  if (status === 401) {
    return 'check the credentials: the API key or service account is wrong, disabled, or has no access to this project.'
  }
  if (status === 403) {
    const { project } = subjects(path)
    return `the credentials need the ${operation.roles.join(' or ')} role on ${project ? `project ${project}` : 'the project'} for ${operation.id}.`
  }
  if (status === 429) return CODE_HINTS.RATE_LIMITED({})
  return undefined
}
