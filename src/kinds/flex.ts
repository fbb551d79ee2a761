// Flex clusters: the flex backup API (media type 2024-11-13). Jobs carry a status; a download
// is its own endpoint and its URL is the job's snapshotUrl.

import { operations } from '../atlas/operations.js'
import { DEPLOYMENT_ITEM_NAME } from '../atlas/names.js'
import type { CreatePlan, DeploymentRef, KindAdapter, RestoreJob, Snapshot } from './adapter.js'
import { parseClusterDeployment } from './dedicated.js'
import { asDoc, date, id, optional, text } from './fields.js'

const params = (ref: DeploymentRef) => ({ groupId: ref.groupId, name: ref.clusterName })

const STATUS: Record<string, RestoreJob['status']> = {
  PENDING: 'pending',
  QUEUED: 'pending',
  RUNNING: 'inProgress',
  COMPLETED: 'completed',
  // The spec says a finished job's status becomes CLOSED.
  CLOSED: 'completed',
  FAILED: 'failed'
}

/** Flex and tenant (shared-tier) jobs: status PENDING/QUEUED/RUNNING/COMPLETED/FAILED. */
export function parseStatusJob(document: unknown): RestoreJob {
  const doc = asDoc(document)
  const snapshotUrl = text(doc, 'snapshotUrl')
  const deliveryType = text(doc, 'deliveryType')
  const isDownload = deliveryType === 'DOWNLOAD'
  const targetName = text(doc, 'targetDeploymentItemName')
  const targetProject = text(doc, 'targetProjectId')
  return {
    id: id(doc, 'restore job'),
    // An unknown status is a job still under way: keep watching rather than guess an end.
    status: STATUS[text(doc, 'status') ?? ''] ?? 'inProgress',
    ...(deliveryType !== undefined && { deliveryType: isDownload ? 'download' : 'automated' }),
    ...optional('snapshotId', text(doc, 'snapshotId')),
    ...optional('snapshotCreatedAt', date(doc, 'snapshotFinishedDate')),
    ...(!isDownload &&
      targetName !== undefined &&
      targetProject !== undefined && {
        target: { groupId: targetProject, clusterName: targetName }
      }),
    deliveryUrls: snapshotUrl === undefined ? [] : [snapshotUrl],
    ...optional('createdAt', date(doc, 'restoreScheduledDate')),
    ...optional('finishedAt', date(doc, 'restoreFinishedDate')),
    ...optional('expiresAt', isDownload ? date(doc, 'expirationDate') : undefined),
    document
  }
}

/** Flex and tenant snapshots: no createdAt; the moment it was taken is its finishTime. */
export function parseStatusSnapshot(document: unknown): Snapshot {
  const doc = asDoc(document)
  return {
    id: id(doc, 'snapshot'),
    completed: text(doc, 'status') === 'COMPLETED',
    ...optional('createdAt', date(doc, 'finishTime'))
  }
}

/** Flex and tenant restore bodies name the target as a deployment item in a project. */
export const deploymentItemBody = (plan: CreatePlan): Record<string, unknown> => ({
  snapshotId: plan.snapshotId,
  targetDeploymentItemName: plan.target?.clusterName,
  targetProjectId: plan.target?.groupId
})

export const flex: KindAdapter = {
  kind: 'flex',
  label: 'flex cluster',
  deliveryTypes: ['automated', 'download'],
  targetNamePattern: DEPLOYMENT_ITEM_NAME,
  uiPath: ref => `/v2/${ref.groupId}#/clusters/detail/${encodeURIComponent(ref.clusterName)}`,

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
  listSnapshots: ref => ({ operation: operations.listFlexSnapshots, params: params(ref) }),
  getSnapshot: (ref, snapshotId) => ({
    operation: operations.getFlexSnapshot,
    params: { ...params(ref), snapshotId }
  }),
  describe: ref => ({ operation: operations.getFlexCluster, params: params(ref) }),

  parseJob: parseStatusJob,
  parseSnapshot: parseStatusSnapshot,
  parseDeployment: parseClusterDeployment
}
