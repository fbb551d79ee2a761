// Shared-tier M2/M5 clusters: the tenant backup paths under the cluster API. Atlas retired
// them on 2026-01-22 (such clusters became flex clusters); they stay for projects that still
// answer them.

import { operations } from '../atlas/operations.js'
import { DEPLOYMENT_ITEM_NAME } from '../atlas/names.js'
import type { DeploymentRef, KindAdapter } from './adapter.js'
import { parseClusterDeployment } from './dedicated.js'
import { deploymentItemBody, parseStatusJob, parseStatusSnapshot } from './flex.js'

const params = (ref: DeploymentRef) => ({ groupId: ref.groupId, clusterName: ref.clusterName })

export const shared: KindAdapter = {
  kind: 'shared',
  label: 'shared-tier (M2/M5) cluster',
  deliveryTypes: ['automated', 'download'],
  targetNamePattern: DEPLOYMENT_ITEM_NAME,
  sunset:
    'Atlas retired the shared-tier (M2/M5) backup endpoints on 2026-01-22 and turned such clusters into flex clusters: use clusterKind: flex (or auto).',
  uiPath: ref => `/v2/${ref.groupId}#/clusters/detail/${encodeURIComponent(ref.clusterName)}`,

  create: plan =>
    plan.deliveryType === 'download'
      ? {
          operation: operations.downloadTenantBackup,
          // The schema requires a target even for a download: the source itself.
          params: params(plan.source),
          body: deploymentItemBody({ ...plan, target: plan.source })
        }
      : {
          operation: operations.createTenantRestore,
          params: params(plan.source),
          body: deploymentItemBody(plan)
        },
  getJob: (ref, restoreId) => ({
    operation: operations.getTenantRestore,
    params: { ...params(ref), restoreId }
  }),
  listJobs: ref => ({ operation: operations.listTenantRestores, params: params(ref) }),
  listSnapshots: ref => ({ operation: operations.listTenantSnapshots, params: params(ref) }),
  getSnapshot: (ref, snapshotId) => ({
    operation: operations.getTenantSnapshot,
    params: { ...params(ref), snapshotId }
  }),
  describe: ref => ({ operation: operations.getCluster, params: params(ref) }),

  parseJob: parseStatusJob,
  parseSnapshot: parseStatusSnapshot,
  parseDeployment: parseClusterDeployment
}
