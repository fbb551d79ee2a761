// What the simulated Atlas holds: projects, deployments, snapshots and restore jobs. Jobs move
// with the wall clock: their status is computed from their age whenever someone looks.

import { createHash } from 'node:crypto'

export type Kind = 'dedicated' | 'flex' | 'shared' | 'serverless' | 'free'
export type Outcome = 'completed' | 'failed' | 'cancelled' | 'expired'
export type SnapshotStatus = 'queued' | 'inProgress' | 'completed' | 'failed'

export interface SimDeployment {
  groupId: string
  name: string
  kind: Kind
  id: string
  instanceSize: string
  clusterType: 'REPLICASET' | 'SHARDED'
  shards: number
  /** The state when no restore is writing to it. */
  stateName: 'IDLE' | 'CREATING' | 'UPDATING' | 'DELETING' | 'REPAIRING'
  pitEnabled: boolean
  backupEnabled: boolean
  /** The host id in connection strings and download URLs, like `ljxf1b`. */
  hostId: string
  createdAt: Date
}

export interface SimSnapshot {
  id: string
  groupId: string
  clusterName: string
  status: SnapshotStatus
  /** When it was taken (flex/tenant: its finishTime). */
  createdAt: Date
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
  pointInTime?: Record<string, number>
  createdAt: Date
  durationMs: number
  outcome: Outcome
  cancelled: boolean
  /** Set when a test forces the end. */
  forcedAt?: Date
  deliveryUrls: string[]
  targetDeploymentItemName: string
  /** The status now: 'running' until it ends. */
  status: 'pending' | 'running' | Outcome
  /** When it ended (completed or otherwise), if it has. */
  finishedAt?: Date
}

/** A job's state at `now`; cancelled wins, then a forced end, then time. */
export function jobState(job: SimJob, now: number): Pick<SimJob, 'status' | 'finishedAt'> {
  const end = job.forcedAt?.getTime() ?? job.createdAt.getTime() + job.durationMs
  if (job.cancelled) return { status: 'cancelled', finishedAt: new Date(Math.min(end, now)) }
  if (now >= end) return { status: job.outcome, finishedAt: new Date(end) }
  // Flex and tenant jobs wait in PENDING for the first part of their run.
  if (now - job.createdAt.getTime() < Math.min(400, job.durationMs * 0.2))
    return { status: 'pending' }
  return { status: 'running' }
}

/** ObjectIds as Atlas makes them: 4 bytes of creation seconds, then 8 more bytes. */
export class IdFactory {
  private counter = 0
  constructor(private readonly seed: number) {}

  next(at: number = Date.now()): string {
    this.counter += 1
    const seconds = Math.floor(at / 1000)
      .toString(16)
      .padStart(8, '0')
    const tail = createHash('sha1')
      .update(`${this.seed}:${this.counter}`)
      .digest('hex')
      .slice(0, 16)
    return seconds + tail
  }

  /** A short lowercase token like Atlas host ids (`ljxf1b`). */
  hostId(): string {
    this.counter += 1
    return createHash('sha1')
      .update(`host:${this.seed}:${this.counter}`)
      .digest('base64')
      .replace(/[^a-z0-9]/gi, '')
      .toLowerCase()
      .slice(0, 6)
  }

  token(length: number): string {
    this.counter += 1
    return createHash('sha256')
      .update(`tok:${this.seed}:${this.counter}:${Math.random()}`)
      .digest('base64')
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, length)
  }
}

/** A list order that is neither creation order nor date order, yet stable between pages. */
export function shuffled<T extends { id: string }>(items: T[], seed: number): T[] {
  const key = (id: string) => createHash('sha1').update(`${seed}:${id}`).digest('hex')
  return [...items].sort((a, b) => (key(a.id) < key(b.id) ? -1 : 1))
}
