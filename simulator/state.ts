// What the simulated Atlas holds: projects, deployments, snapshots and restore jobs. Jobs and
// on-demand snapshots move with the wall clock: their state is computed from their age whenever
// someone looks, so nothing needs a timer.

import { createHash } from 'node:crypto'

export type Kind = 'dedicated' | 'flex' | 'shared' | 'serverless' | 'free'
/** How a job ends; `cancelledAndFailed` is the recorded download that died: both flags true. */
export type Outcome = 'completed' | 'failed' | 'cancelled' | 'expired' | 'cancelledAndFailed'
export type ClusterType = 'REPLICASET' | 'SHARDED' | 'GEOSHARDED'
export type SnapshotType = 'scheduled' | 'onDemand' | 'fallback'
export interface Tag {
  key: string
  value: string
}
export type SnapshotStatus = 'queued' | 'inProgress' | 'completed' | 'failed'
export type StateName = 'IDLE' | 'CREATING' | 'UPDATING' | 'DELETING' | 'REPAIRING'

export interface SimDeployment {
  groupId: string
  name: string
  kind: Kind
  id: string
  /** M10… for dedicated, M2/M5 for shared, M0 for free, FLEX, SERVERLESS. */
  instanceSize: string
  clusterType: ClusterType
  shards: number
  /** The full version the cluster runs, e.g. '8.0.29' (mongoDBVersion). */
  mongoDBVersion: string
  paused: boolean
  tags: Tag[]
  /** The backup schedule's restoreWindowDays: how far back a point in time may lie. */
  restoreWindowDays: number
  /** The namespaces (`db.coll`) the cluster holds: collection restores read and write them. */
  namespaces: Set<string>
  /** A serverless instance that runs on flex: its serverless backup endpoints are retired. */
  flexBacked: boolean
  /** The state when no restore is writing to it (tests may change it at any time). */
  stateName: StateName
  pitEnabled: boolean
  backupEnabled: boolean
  /** The host id in connection strings and download URLs, like the recorded `ljxf1b`. */
  hostId: string
  /** The replica-set id: `replicaSet=atlas-<rsId>-shard-0`, `targetDeploymentItemName: atlas-<rsId>`. */
  rsId: string
  createdAt: Date
  /** Set by DELETE: the deployment is DELETING until then, and gone after. */
  removedAt?: number
}

export interface SimSnapshot {
  id: string
  groupId: string
  clusterName: string
  /** The status now (on-demand snapshots move on their own; see `schedule`). */
  status: SnapshotStatus
  /** When it was taken (flex/shared: its finishTime; dedicated: createdAt once completed). */
  createdAt: Date
  /** 'scheduled' (addSnapshot default), 'fallback', or 'onDemand' (POST …/backup/snapshots). */
  snapshotType: SnapshotType
  /** The MongoDB version it was taken with (mongodVersion; flex: mongoDBVersion). */
  mongodVersion: string
  description?: string
  retentionInDays: number
  /** On-demand snapshots: when they were requested and when each status begins. */
  schedule?: { requestedAt: number; runningAt: number; completedAt: number }
}

export interface SimJob {
  id: string
  kind: Kind
  groupId: string
  clusterName: string
  /** automated | download | pointInTime (flex and tenant RESTORE jobs are automated). */
  deliveryType: 'automated' | 'download' | 'pointInTime'
  snapshotId?: string
  target?: { groupId: string; name: string }
  pointInTime?: { pointInTimeUTCSeconds?: number; oplogTs?: number; oplogInc?: number }
  createdAt: Date
  /** How long it runs before it ends with `outcome`. */
  durationMs: number
  outcome: Outcome
  /** The status now: pending, running, or how it ended. */
  status: 'pending' | 'running' | Outcome
  /** Whether it has been cancelled (DELETE, finishJob or a scripted outcome), as of now. */
  cancelled: boolean
  /** When it ended (any outcome), once it has. */
  finishedAt?: Date
  /** Download URLs (one per shard); in the documents once the download is ready. */
  deliveryUrls: string[]
  /** What a dedicated automated job reports as `targetDeploymentItemName` (`atlas-<rsId>`). */
  targetDeploymentItemName?: string
  /** Set when it was cancelled or a test forced its end (finishJob): the end replaces durationMs. */
  endedAt?: Date
  /** Flex, with the flexQueued option: PENDING, then QUEUED, before RUNNING (as in history.json). */
  queuedPhase?: boolean
}

/** The part of a job's life before RUNNING (flex PENDING, tenant QUEUED). */
export const pendingMs = (job: SimJob) => Math.min(400, job.durationMs * 0.2)

/** A job's state at `now`: a forced end or cancellation wins, then time. */
export function jobState(job: SimJob, now: number): Pick<SimJob, 'status' | 'finishedAt'> {
  if (job.endedAt !== undefined && job.endedAt.getTime() <= now)
    return { status: job.outcome, finishedAt: job.endedAt }
  const end = job.createdAt.getTime() + job.durationMs
  if (now >= end) return { status: job.outcome, finishedAt: new Date(end) }
  if (now - job.createdAt.getTime() < pendingMs(job)) return { status: 'pending' }
  return { status: 'running' }
}

/** Brings a job's public fields (status, finishedAt) up to `now`. */
export function refreshJob(job: SimJob, now: number): SimJob {
  const { status, finishedAt } = jobState(job, now)
  job.status = status
  job.cancelled = status === 'cancelled' || status === 'cancelledAndFailed'
  if (finishedAt) job.finishedAt = finishedAt
  else delete job.finishedAt
  return job
}

/** Brings an on-demand snapshot's status (and createdAt) up to `now`. */
export function refreshSnapshot(s: SimSnapshot, now: number): SimSnapshot {
  if (!s.schedule) return s
  const { requestedAt, runningAt, completedAt } = s.schedule
  if (now >= completedAt) {
    s.status = 'completed'
    // As recorded, createdAt is a little earlier than the first poll that sees it completed.
    s.createdAt = new Date(completedAt - 3000)
  } else {
    s.status = now >= runningAt ? 'inProgress' : 'queued'
    s.createdAt = new Date(requestedAt)
  }
  return s
}

/** A small seeded generator (mulberry32): the same seed, the same ids and orders. */
export class Random {
  private state: number
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9
  }
  next(): number {
    let t = (this.state += 0x6d2b79f5)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  chars(length: number, alphabet: string): string {
    let s = ''
    for (let i = 0; i < length; i++) s += alphabet[Math.floor(this.next() * alphabet.length)]
    return s
  }
}

const HEX = '0123456789abcdef'
const LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789'
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** ObjectIds as Atlas makes them (4 bytes of creation seconds, then 8 more), host ids, tokens. */
export class IdFactory {
  private readonly random: Random
  constructor(seed: number) {
    this.random = new Random(seed)
  }

  next(at: number = Date.now()): string {
    const seconds = Math.floor(at / 1000)
      .toString(16)
      .padStart(8, '0')
      .slice(-8)
    return seconds + this.random.chars(16, HEX)
  }

  /** A short lowercase id like the recorded host id `ljxf1b`. */
  hostId(): string {
    return this.random.chars(6, LOWER)
  }

  /** A random token (download URL path segments). */
  token(length: number): string {
    return this.random.chars(length, ALNUM)
  }
}

/** A list order that is neither creation nor date order, yet stable between pages. */
export function shuffled<T extends { id: string }>(items: T[], seed: number): T[] {
  const key = (id: string) => createHash('sha1').update(`${seed}:${id}`).digest('hex')
  return [...items].sort((a, b) => (key(a.id) < key(b.id) ? -1 : key(a.id) > key(b.id) ? 1 : 0))
}

/** Sharded for restores and documents: SHARDED and GEOSHARDED dedicated clusters. */
export const isSharded = (d: SimDeployment) =>
  d.kind === 'dedicated' && d.clusterType !== 'REPLICASET'

/** '8.0' → '8.0.0'; a full version stays as it is. */
export const fullVersion = (v: string) => (/^\d+\.\d+$/.test(v) ? `${v}.0` : v)

/** '8.0.29' → '8.0'. */
export const majorVersion = (v: string) => v.split('.').slice(0, 2).join('.')

/**
 * Whether a snapshot taken with `snapshot` may be restored onto a cluster running `target`:
 * the same major with an equal or higher minor, or the next major.
 */
export function versionsCompatible(snapshot: string, target: string): boolean {
  const [sMajor, sMinor] = snapshot.split('.').map(Number)
  const [tMajor, tMinor] = target.split('.').map(Number)
  return (tMajor === sMajor && tMinor >= sMinor) || tMajor === sMajor + 1
}

export type CollectionJobState =
  'INITIALIZING' | 'IN_PROGRESS' | 'FINALIZING' | 'SUCCESSFUL' | 'CANCELED' | 'FAILED'
export type CollectionOutcome = 'SUCCESSFUL' | 'FAILED' | 'CANCELED'

export interface Namespace {
  sourceNamespace: string
  targetNamespace?: string
}

export interface SimCollectionJob {
  id: string
  groupId: string
  clusterName: string
  target: { groupId: string; name: string }
  snapshotId?: string
  pointInTime?: { pointInTimeUtcSeconds?: number; oplogTs?: number; oplogInc?: number }
  databases: Namespace[]
  collections: Namespace[]
  databaseSuffix: string
  collectionSuffix: string
  indexStrategy: string
  writeStrategy: 'CREATE_NEW' | 'OVERWRITE_EXISTING'
  /** Each collection the job restores: source, requested and effective target, found in the source. */
  items: { source: string; target: string; found: boolean; documents: number }[]
  createdAt: Date
  durationMs: number
  outcome: CollectionOutcome
  /** Set by finishCollectionJob: the end replaces durationMs. */
  endedAt?: Date
  /** The state now (brought up to date whenever someone looks). */
  state: CollectionJobState
  finishedAt?: Date
  /** Whether the restored namespaces were added to the target (once SUCCESSFUL). */
  applied: boolean
}

/** INITIALIZING (first 10 %), IN_PROGRESS, FINALIZING (last 20 %), then the outcome. */
export function collectionJobState(
  job: SimCollectionJob,
  now: number
): { state: CollectionJobState; finishedAt?: Date; progress: number } {
  if (job.endedAt !== undefined && job.endedAt.getTime() <= now) {
    const progress = Math.min(1, (job.endedAt.getTime() - job.createdAt.getTime()) / job.durationMs)
    return { state: job.outcome, finishedAt: job.endedAt, progress }
  }
  const elapsed = now - job.createdAt.getTime()
  if (elapsed >= job.durationMs)
    return {
      state: job.outcome,
      finishedAt: new Date(job.createdAt.getTime() + job.durationMs),
      progress: 1
    }
  const progress = elapsed / job.durationMs
  if (progress < 0.1) return { state: 'INITIALIZING', progress }
  if (progress < 0.8) return { state: 'IN_PROGRESS', progress }
  return { state: 'FINALIZING', progress }
}
