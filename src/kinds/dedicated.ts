// Dedicated (M10+) clusters: the cluster backup API. Jobs carry flags, not a status.

import { operations } from '../atlas/operations.js'
import { CLUSTER_NAME } from '../atlas/names.js'
import type { KindAdapter, RestoreJob, Snapshot, DeploymentRef, CreatePlan } from './adapter.js'
import {
  asDoc,
  connectionString,
  date,
  docs,
  flag,
  id,
  optional,
  text,
  texts,
  type Doc
} from './fields.js'

const params = (ref: DeploymentRef) => ({ groupId: ref.groupId, clusterName: ref.clusterName })

/** The body of a cluster-API restore job (DiskBackupSnapshotRestoreJob, ServerlessBackupRestoreJob). */
export function clusterRestoreBody(plan: CreatePlan): Record<string, unknown> {
  return {
    deliveryType: plan.deliveryType,
    ...(plan.snapshotId !== undefined && { snapshotId: plan.snapshotId }),
    ...plan.pointInTime,
    ...(plan.target && {
      targetClusterName: plan.target.clusterName,
      targetGroupId: plan.target.groupId
    })
  }
}

/**
 * Status from the flags of a cluster-API job: cancelled, failed and expired decide first; then
 * finishedAt, or for a download a non-empty deliveryUrl, means completed. Nothing tells
 * pending from running, so the rest is inProgress.
 */
export function parseFlaggedJob(document: unknown): RestoreJob {
  const doc = asDoc(document)
  const deliveryUrls = texts(doc, 'deliveryUrl')
  // Sharded downloads also list one URL per shard under components.
  for (const component of docs(doc, 'components')) {
    const url = text(component, 'downloadUrl')
    if (url !== undefined && !deliveryUrls.includes(url)) deliveryUrls.push(url)
  }
  const deliveryType = text(doc, 'deliveryType') as RestoreJob['deliveryType']
  const finishedAt = date(doc, 'finishedAt')
  const status: RestoreJob['status'] = flag(doc, 'cancelled')
    ? 'cancelled'
    : flag(doc, 'failed')
      ? 'failed'
      : flag(doc, 'expired')
        ? 'expired'
        : finishedAt !== undefined || (deliveryType === 'download' && deliveryUrls.length > 0)
          ? 'completed'
          : 'inProgress'
  const targetClusterName = text(doc, 'targetClusterName')
  const targetGroupId = text(doc, 'targetGroupId')
  return {
    id: id(doc, 'restore job'),
    status,
    ...(deliveryType !== undefined && { deliveryType }),
    ...optional('snapshotId', text(doc, 'snapshotId')),
    ...optional('snapshotCreatedAt', date(doc, 'timestamp')),
    ...(targetClusterName !== undefined &&
      targetGroupId !== undefined && {
        target: { groupId: targetGroupId, clusterName: targetClusterName }
      }),
    deliveryUrls,
    ...optional('finishedAt', finishedAt),
    ...optional('expiresAt', deliveryType === 'download' ? date(doc, 'expiresAt') : undefined),
    document
  }
}

export function parseClusterSnapshot(document: unknown): Snapshot {
  const doc = asDoc(document)
  return {
    id: id(doc, 'snapshot'),
    completed: text(doc, 'status') === 'completed',
    ...optional('createdAt', date(doc, 'createdAt'))
  }
}

/** The deployment document of the cluster API (providerName lives in the region configs). */
export function parseClusterDeployment(document: unknown) {
  const doc: Doc = asDoc(document)
  return {
    ...optional('stateName', text(doc, 'stateName')),
    ...optional('connectionString', connectionString(doc))
  }
}

export const dedicated: KindAdapter = {
  kind: 'dedicated',
  label: 'dedicated cluster',
  deliveryTypes: ['automated', 'download', 'pointInTime'],
  targetNamePattern: CLUSTER_NAME,
  uiPath: ref => `/v2/${ref.groupId}#/clusters/detail/${encodeURIComponent(ref.clusterName)}`,

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
  cancelJob: (ref, restoreJobId) => ({
    operation: operations.cancelClusterRestoreJob,
    params: { ...params(ref), restoreJobId }
  }),
  listSnapshots: ref => ({ operation: operations.listClusterSnapshots, params: params(ref) }),
  getSnapshot: (ref, snapshotId) => ({
    operation: operations.getClusterSnapshot,
    params: { ...params(ref), snapshotId }
  }),
  describe: ref => ({ operation: operations.getCluster, params: params(ref) }),

  parseJob: parseFlaggedJob,
  parseSnapshot: parseClusterSnapshot,
  parseDeployment: parseClusterDeployment
}
