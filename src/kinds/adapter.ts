// The shapes every deployment kind speaks in, and the two interfaces the pipeline uses: a
// RestoreApi (one per Atlas restore-job API: create, read, list, cancel, parse) and a
// KindAdapter (one per deployment kind: its snapshots, its documents, how detection knows it,
// and its own RestoreApi). Adapters are pure: they say which call does what and parse
// documents; kinds/session.ts runs the calls.

import type { ApiCall } from '../atlas/operations.js'

export type DeliveryType = 'automated' | 'download' | 'pointInTime'
export type JobStatus = 'pending' | 'inProgress' | 'completed' | 'failed' | 'cancelled' | 'expired'

export const FINAL_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'cancelled', 'expired']
export const isFinal = (status: JobStatus): boolean => FINAL_STATUSES.includes(status)

/** The moment a point-in-time restore reaches, in the API's own fields. */
export type PointInTime = { pointInTimeUTCSeconds: number } | { oplogTs: number; oplogInc: number }

export interface DeploymentRef {
  groupId: string
  clusterName: string
}

export type SnapshotType = 'onDemand' | 'scheduled' | 'fallback'

export interface Snapshot {
  id: string
  completed: boolean
  /** When the snapshot was taken (flex and shared: its finish time); absent until completed. */
  createdAt?: Date
  type?: SnapshotType
  /** The MongoDB version the snapshot was taken from (`mongodVersion`, flex `mongoDBVersion`). */
  mongodVersion?: string
  /** Taken of a sharded cluster (dedicated snapshots name their type). */
  sharded?: boolean
}

/** One namespace of a collection-level restore, as Atlas reports it. */
export interface RestoredNamespace {
  sourceNamespace: string
  targetNamespace?: string
  status: string
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
  /** Private-endpoint download URLs, with their endpoint. */
  privateDeliveryUrls: { deliveryUrl: string; endpointId?: string }[]
  createdAt?: Date
  finishedAt?: Date
  /** When the download URL stops working. */
  expiresAt?: Date
  /** The point in time the job restores to, when it says (epoch seconds). */
  pointInTimeUTCSeconds?: number
  /** What Atlas said about a failure, when it says. */
  errorMessage?: string
  /** The document as Atlas returned it. */
  document: unknown
}

export interface DeploymentState {
  stateName?: string
  connectionString?: string
  paused?: boolean
  mongoDBVersion?: string
  /** REPLICASET, SHARDED, GEOSHARDED; flex and serverless report none. */
  clusterType?: string
  tags?: { key: string; value: string }[]
  pitEnabled?: boolean
  /** The kind the document shows (a flex target of a dedicated source, a serverless on flex). */
  runsOnFlex?: boolean
}

/** What to create, with everything resolved: the restore API turns it into a request body. */
export interface CreatePlan {
  source: DeploymentRef
  deliveryType: DeliveryType
  snapshotId?: string
  pointInTime?: PointInTime
  target?: DeploymentRef
  /** A collection-level restore's scope, in the API's fields. */
  namespaces?: {
    databases: string[]
    collections: string[]
    writeStrategy: string
    indexStrategy: string
    databaseSuffix?: string
    collectionSuffix?: string
  }
}

/** One Atlas restore-job API: the cluster restore of each kind, or collection-level restore. */
export interface RestoreApi {
  /** How logs name a job of this API ("restore job", "collection restore job"). */
  readonly jobLabel: string
  create(plan: CreatePlan): ApiCall
  getJob(ref: DeploymentRef, jobId: string): ApiCall
  listJobs(ref: DeploymentRef): ApiCall
  /** Whether Atlas can cancel this job (absent: the API has no cancel). */
  cancelJob?(ref: DeploymentRef, job: RestoreJob): ApiCall | undefined
  parseJob(document: unknown): RestoreJob
  /** Per-namespace statuses, for APIs that report them. */
  listNamespaces?(ref: DeploymentRef, jobId: string): ApiCall
  parseNamespace?(document: unknown): RestoredNamespace
}

/** What inputs check against once the kind is known. */
export interface KindCapabilities {
  readonly kind: string
  readonly deliveryTypes: readonly DeliveryType[]
  /** Target names this kind's API accepts. */
  readonly targetNamePattern: RegExp
}

/** How kind detection recognises a kind (kinds/detect.ts iterates the adapters). */
export interface DetectionHints {
  /** The kind of a cluster-API document (dedicated, shared tier). */
  clusterDocument?: (document: unknown) => boolean
  /** The kind a cluster-API refusal names (CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API). */
  namedByRefusal?: (errorCode: string) => boolean
  /** Ask this kind's own API when the cluster API does not know the name. */
  probe?: boolean
}

export interface KindAdapter extends KindCapabilities {
  /** How logs name a deployment of this kind. */
  readonly label: string
  /** Set for kinds whose endpoints Atlas retired: errors from them say so. */
  readonly sunset?: string
  /** Where to see the deployment in the Atlas UI, relative to the base URL. */
  readonly uiPath: (ref: DeploymentRef) => string
  readonly detection: DetectionHints
  /** The kind's own restore-job API. */
  readonly restores: RestoreApi

  listSnapshots(ref: DeploymentRef): ApiCall
  getSnapshot(ref: DeploymentRef, snapshotId: string): ApiCall
  describe(ref: DeploymentRef): ApiCall
  /** The backup schedule (restoreWindowDays), for kinds that have one. */
  describeSchedule?(ref: DeploymentRef): ApiCall

  parseSnapshot(document: unknown): Snapshot
  parseDeployment(document: unknown): DeploymentState
  parseSchedule?(document: unknown): { restoreWindowDays?: number }
}
