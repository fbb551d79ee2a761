// The status family of restore documents (flex clusters, shared-tier tenant backups): jobs
// carry a status PENDING/QUEUED/RUNNING/COMPLETED/FAILED and name the target as a deployment
// item in a project.

import type { CreatePlan, RestoreJob, Snapshot } from '../adapter.js'
import { asDoc, date, id, optional, text } from './fields.js'

const STATUS: Record<string, RestoreJob['status']> = {
  PENDING: 'pending',
  QUEUED: 'pending',
  RUNNING: 'inProgress',
  COMPLETED: 'completed',
  // The spec says a finished job's status becomes CLOSED.
  CLOSED: 'completed',
  FAILED: 'failed'
}

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
    privateDeliveryUrls: [],
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
    ...optional('createdAt', date(doc, 'finishTime')),
    ...optional('mongodVersion', text(doc, 'mongoDBVersion') ?? text(doc, 'mongoDbVersion'))
  }
}

/** Flex and tenant restore bodies name the target as a deployment item in a project. */
export const deploymentItemBody = (plan: CreatePlan): Record<string, unknown> => ({
  snapshotId: plan.snapshotId,
  targetDeploymentItemName: plan.target?.clusterName,
  targetProjectId: plan.target?.groupId
})
