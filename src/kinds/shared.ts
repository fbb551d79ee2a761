// Shared-tier M2/M5 clusters: the tenant backup paths under the cluster API. Atlas retired
// them on 2026-01-22 (such clusters became flex clusters); they stay for projects that still
// answer them.

import { DEPLOYMENT_ITEM_NAME } from '../atlas/names.js'
import { operations } from '../atlas/operations.js'
import type { DeploymentRef, KindAdapter } from './adapter.js'
import { parseDeployment, providersAndSizes } from './documents/deployment.js'
import { deploymentItemBody, parseStatusJob, parseStatusSnapshot } from './documents/status.js'

const params = (ref: DeploymentRef) => ({ groupId: ref.groupId, clusterName: ref.clusterName })

export const shared = {
  kind: 'shared',
  label: 'shared-tier (M2/M5) cluster',
  deliveryTypes: ['automated', 'download'],
  targetNamePattern: DEPLOYMENT_ITEM_NAME,
  sunset:
    'Atlas retired the shared-tier (M2/M5) backup endpoints on 2026-01-22 and is turning such clusters into flex clusters; this one still reports as shared tier. Once Atlas shows it as flex, clusterKind: auto finds it (or set clusterKind: flex).',
  uiPath: ref => `/v2/${ref.groupId}#/clusters/detail/${encodeURIComponent(ref.clusterName)}`,
  // A tenant document (M0 is refused by detection before this is asked).
  detection: { clusterDocument: document => providersAndSizes(document).providers.has('TENANT') },
  restores: {
    jobLabel: 'restore job',
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
    parseJob: parseStatusJob
  },

  listSnapshots: ref => ({ operation: operations.listTenantSnapshots, params: params(ref) }),
  getSnapshot: (ref, snapshotId) => ({
    operation: operations.getTenantSnapshot,
    params: { ...params(ref), snapshotId }
  }),
  describe: ref => ({ operation: operations.getCluster, params: params(ref) }),

  parseSnapshot: parseStatusSnapshot,
  parseDeployment
} as const satisfies KindAdapter
