// Serverless instances: their own restore API, shaped like the cluster one (flags, not a
// status). Atlas retired it on 2026-01-22 and migrated the instances to flex clusters; an
// instance whose document says it runs on flex is restored through the flex endpoints
// (kinds/detect.ts).

import { CLUSTER_NAME } from '../atlas/names.js'
import { operations } from '../atlas/operations.js'
import type { DeploymentRef, KindAdapter } from './adapter.js'
import { parseDeployment } from './documents/deployment.js'
import { clusterRestoreBody, parseClusterSnapshot, parseFlaggedJob } from './documents/flagged.js'

const params = (ref: DeploymentRef) => ({ groupId: ref.groupId, clusterName: ref.clusterName })

export const serverless = {
  kind: 'serverless',
  label: 'serverless instance',
  deliveryTypes: ['automated', 'download', 'pointInTime'],
  targetNamePattern: CLUSTER_NAME,
  sunset:
    'Atlas retired the serverless backup endpoints on 2026-01-22 and is migrating serverless instances to flex clusters; this one is not served by the flex API yet. Once it is, clusterKind: auto restores it through the flex endpoints (or set clusterKind: flex).',
  uiPath: ref => `/v2/${ref.groupId}#/serverless/detail/${encodeURIComponent(ref.clusterName)}`,
  detection: {
    namedByRefusal: code => code.startsWith('CANNOT_USE_') && code.includes('SERVERLESS'),
    probe: true
  },
  restores: {
    jobLabel: 'restore job',
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
    parseJob: parseFlaggedJob
  },

  listSnapshots: ref => ({ operation: operations.listServerlessSnapshots, params: params(ref) }),
  getSnapshot: (ref, snapshotId) => ({
    operation: operations.getServerlessSnapshot,
    params: { ...params(ref), snapshotId }
  }),
  describe: ref => ({
    operation: operations.getServerlessInstance,
    params: { groupId: ref.groupId, name: ref.clusterName }
  }),

  parseSnapshot: parseClusterSnapshot,
  parseDeployment
} as const satisfies KindAdapter
