// Dedicated (M10+) clusters: the cluster backup API. Jobs carry flags, not a status.

import { CLUSTER_NAME } from '../atlas/names.js'
import { operations } from '../atlas/operations.js'
import type { DeploymentRef, KindAdapter, RestoreApi } from './adapter.js'
import { providersAndSizes, parseDeployment } from './documents/deployment.js'
import { asDoc } from './documents/fields.js'
import { clusterRestoreBody, parseClusterSnapshot, parseFlaggedJob } from './documents/flagged.js'

const params = (ref: DeploymentRef) => ({ groupId: ref.groupId, clusterName: ref.clusterName })

export const clusterRestores: RestoreApi = {
  jobLabel: 'restore job',
  create: plan => ({
    operation: operations.createClusterRestoreJob,
    params: params(plan.source),
    body: clusterRestoreBody(plan)
  }),
  getJob: (ref, restoreJobId) => ({
    operation: operations.getClusterRestoreJob,
    params: { ...params(ref), restoreJobId }
  }),
  listJobs: ref => ({ operation: operations.listClusterRestoreJobs, params: params(ref) }),
  // Atlas cancels download jobs only: automated and point-in-time restores answer
  // 400 CANNOT_CANCEL_AUTOMATED_RESTORE (the Terraform provider skips the call for that reason).
  cancelJob: (ref, job) =>
    job.deliveryType === 'download'
      ? {
          operation: operations.cancelClusterRestoreJob,
          params: { ...params(ref), restoreJobId: job.id }
        }
      : undefined,
  parseJob: parseFlaggedJob
}

export const dedicated = {
  kind: 'dedicated',
  label: 'dedicated cluster',
  deliveryTypes: ['automated', 'download', 'pointInTime'],
  targetNamePattern: CLUSTER_NAME,
  uiPath: ref => `/v2/${ref.groupId}#/clusters/detail/${encodeURIComponent(ref.clusterName)}`,
  // Every cluster-API document that is not a tenant (M0/M2/M5) is a dedicated cluster.
  detection: { clusterDocument: document => !providersAndSizes(document).providers.has('TENANT') },
  restores: clusterRestores,

  listSnapshots: ref => ({ operation: operations.listClusterSnapshots, params: params(ref) }),
  getSnapshot: (ref, snapshotId) => ({
    operation: operations.getClusterSnapshot,
    params: { ...params(ref), snapshotId }
  }),
  describe: ref => ({ operation: operations.getCluster, params: params(ref) }),
  describeSchedule: ref => ({
    operation: operations.getClusterBackupSchedule,
    params: params(ref)
  }),

  parseSnapshot: parseClusterSnapshot,
  parseDeployment,
  parseSchedule: document => {
    const days = asDoc(document).restoreWindowDays
    return typeof days === 'number' ? { restoreWindowDays: days } : {}
  }
} as const satisfies KindAdapter
