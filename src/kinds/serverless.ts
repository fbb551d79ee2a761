// Serverless instances: their own restore API, shaped like the cluster one (flags, not a
// status). Atlas retired it on 2026-01-22 and migrated the instances to flex clusters.

import { operations } from '../atlas/operations.js'
import { CLUSTER_NAME } from '../atlas/names.js'
import type { DeploymentRef, KindAdapter } from './adapter.js'
import {
  clusterRestoreBody,
  parseClusterDeployment,
  parseClusterSnapshot,
  parseFlaggedJob
} from './dedicated.js'

const params = (ref: DeploymentRef) => ({ groupId: ref.groupId, clusterName: ref.clusterName })

export const serverless: KindAdapter = {
  kind: 'serverless',
  label: 'serverless instance',
  deliveryTypes: ['automated', 'download', 'pointInTime'],
  targetNamePattern: CLUSTER_NAME,
  sunset:
    'Atlas retired the serverless backup endpoints on 2026-01-22 and migrated serverless instances to flex clusters: use clusterKind: flex (or auto).',
  uiPath: ref => `/v2/${ref.groupId}#/serverless/detail/${encodeURIComponent(ref.clusterName)}`,

  create: plan => ({
    operation: operations.createServerlessRestoreJob,
    params: params(plan.source),
    // The schema requires a target even for a download: the source itself.
    body: clusterRestoreBody(
      plan.deliveryType === 'download' ? { ...plan, target: plan.source } : plan
    )
  }),
  getJob: (ref, restoreJobId) => ({
    operation: operations.getServerlessRestoreJob,
    params: { ...params(ref), restoreJobId }
  }),
  listJobs: ref => ({ operation: operations.listServerlessRestoreJobs, params: params(ref) }),
  listSnapshots: ref => ({ operation: operations.listServerlessSnapshots, params: params(ref) }),
  getSnapshot: (ref, snapshotId) => ({
    operation: operations.getServerlessSnapshot,
    params: { ...params(ref), snapshotId }
  }),
  describe: ref => ({
    operation: operations.getServerlessInstance,
    params: { groupId: ref.groupId, name: ref.clusterName }
  }),

  parseJob: parseFlaggedJob,
  parseSnapshot: parseClusterSnapshot,
  parseDeployment: parseClusterDeployment
}
