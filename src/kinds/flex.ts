// Flex clusters: the flex backup API (media type 2024-11-13). Jobs carry a status; a download
// is its own endpoint and its URL is the job's snapshotUrl.

import { DEPLOYMENT_ITEM_NAME } from '../atlas/names.js'
import { operations } from '../atlas/operations.js'
import type { DeploymentRef, KindAdapter } from './adapter.js'
import { parseDeployment } from './documents/deployment.js'
import { deploymentItemBody, parseStatusJob, parseStatusSnapshot } from './documents/status.js'

const params = (ref: DeploymentRef) => ({ groupId: ref.groupId, name: ref.clusterName })

export const flex = {
  kind: 'flex',
  label: 'flex cluster',
  deliveryTypes: ['automated', 'download'],
  targetNamePattern: DEPLOYMENT_ITEM_NAME,
  uiPath: ref => `/v2/${ref.groupId}#/clusters/detail/${encodeURIComponent(ref.clusterName)}`,
  detection: {
    // CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API (recorded), read by keyword so a variant still tells.
    namedByRefusal: code =>
      code.startsWith('CANNOT_USE_') && code.includes('FLEX') && !code.includes('NON_FLEX'),
    probe: true
  },
  restores: {
    jobLabel: 'restore job',
    create: plan =>
      plan.deliveryType === 'download'
        ? {
            operation: operations.downloadFlexBackup,
            params: params(plan.source),
            body: { snapshotId: plan.snapshotId }
          }
        : {
            operation: operations.createFlexRestoreJob,
            params: params(plan.source),
            body: deploymentItemBody(plan)
          },
    getJob: (ref, restoreJobId) => ({
      operation: operations.getFlexRestoreJob,
      params: { ...params(ref), restoreJobId }
    }),
    listJobs: ref => ({ operation: operations.listFlexRestoreJobs, params: params(ref) }),
    parseJob: parseStatusJob
  },

  listSnapshots: ref => ({ operation: operations.listFlexSnapshots, params: params(ref) }),
  getSnapshot: (ref, snapshotId) => ({
    operation: operations.getFlexSnapshot,
    params: { ...params(ref), snapshotId }
  }),
  describe: ref => ({ operation: operations.getFlexCluster, params: params(ref) }),

  parseSnapshot: parseStatusSnapshot,
  parseDeployment
} as const satisfies KindAdapter
