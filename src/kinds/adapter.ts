// The one interface every deployment kind implements. An adapter is pure: it says which call
// does what for its kind and turns that kind's documents into the shapes below. The I/O that
// runs those calls is shared (kinds/backup.ts), so adding a kind means adding one file.

import type { ApiCall } from '../atlas/operations.js'

export type ClusterKind = 'dedicated' | 'flex' | 'shared' | 'serverless'
export type DeliveryType = 'automated' | 'download' | 'pointInTime'
export type JobStatus = 'pending' | 'inProgress' | 'completed' | 'failed' | 'cancelled' | 'expired'

export const FINAL_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'cancelled', 'expired']
export const isFinal = (status: JobStatus): boolean => FINAL_STATUSES.includes(status)

/** The moment a point-in-time restore reaches, in the API's own fields. */
export type PointInTime = { pointInTimeUTCSeconds: number } | { oplogTs: number; oplogInc: number }

/** What inputs check against once the kind is known. */
export interface KindCapabilities {
  kind: ClusterKind
  deliveryTypes: readonly DeliveryType[]
  /** Target names this kind's API accepts. */
  targetNamePattern: RegExp
}

export interface DeploymentRef {
  groupId: string
  clusterName: string
}

export interface Snapshot {
  id: string
  completed: boolean
  /** When the snapshot was taken (flex and shared: its finish time); absent until completed. */
  createdAt?: Date
}

export interface RestoreJob {
  id: string
  status: JobStatus
  deliveryType?: DeliveryType
  snapshotId?: string
  /** The restored snapshot's time, when the job document carries it. */
  snapshotCreatedAt?: Date
  target?: DeploymentRef
  /** Download URLs (one per shard for sharded clusters); empty until ready. */
  deliveryUrls: string[]
  createdAt?: Date
  finishedAt?: Date
  /** When the download URL stops working. */
  expiresAt?: Date
  /** The document as Atlas returned it. */
  document: unknown
}

export interface DeploymentState {
  stateName?: string
  connectionString?: string
}

/** What to create, with everything resolved: the kind turns it into a request body. */
export interface CreatePlan {
  source: DeploymentRef
  deliveryType: DeliveryType
  snapshotId?: string
  pointInTime?: PointInTime
  target?: DeploymentRef
}

export interface KindAdapter extends KindCapabilities {
  /** How logs name a deployment of this kind. */
  readonly label: string
  /** Set for kinds whose endpoints Atlas retired: errors from them say so. */
  readonly sunset?: string
  /** Where to see the deployment in the Atlas UI, relative to the base URL. */
  readonly uiPath: (ref: DeploymentRef) => string

  create(plan: CreatePlan): ApiCall
  getJob(ref: DeploymentRef, restoreJobId: string): ApiCall
  listJobs(ref: DeploymentRef): ApiCall
  /** Absent where the kind's API offers no way to cancel a restore job. */
  cancelJob?(ref: DeploymentRef, restoreJobId: string): ApiCall
  listSnapshots(ref: DeploymentRef): ApiCall
  getSnapshot(ref: DeploymentRef, snapshotId: string): ApiCall
  describe(ref: DeploymentRef): ApiCall

  parseJob(document: unknown): RestoreJob
  parseSnapshot(document: unknown): Snapshot
  parseDeployment(document: unknown): DeploymentState
}
