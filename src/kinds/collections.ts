// Collection-level restores of dedicated clusters (media type 2025-03-12): a restore-job API of
// its own, not a deployment kind. Jobs carry a state; each namespace reports its own.

import { operations } from '../atlas/operations.js'
import type { CreatePlan, DeploymentRef, RestoreApi, RestoreJob } from './adapter.js'
import { asDoc, date, id, optional, text } from './documents/fields.js'

const params = (ref: DeploymentRef) => ({ groupId: ref.groupId, clusterName: ref.clusterName })

const STATE: Record<string, RestoreJob['status']> = {
  INITIALIZING: 'pending',
  IN_PROGRESS: 'inProgress',
  FINALIZING: 'inProgress',
  SUCCESSFUL: 'completed',
  CANCELED: 'cancelled',
  FAILED: 'failed'
}

/** The create body. Note the casing: pointInTimeUtcSeconds here, pointInTimeUTCSeconds elsewhere. */
export function collectionRestoreBody(plan: CreatePlan): Record<string, unknown> {
  const scope = plan.namespaces
  const pit = plan.pointInTime
  const names = (list: string[] | undefined) => list?.map(sourceNamespace => ({ sourceNamespace }))
  return {
    ...(plan.snapshotId !== undefined && { snapshotId: plan.snapshotId }),
    ...(pit !== undefined &&
      ('pointInTimeUTCSeconds' in pit
        ? { pointInTimeUtcSeconds: pit.pointInTimeUTCSeconds }
        : { oplogTs: pit.oplogTs, oplogInc: pit.oplogInc })),
    targetClusterName: plan.target?.clusterName,
    targetGroupId: plan.target?.groupId,
    writeStrategy: scope?.writeStrategy,
    indexStrategy: scope?.indexStrategy,
    ...(scope && scope.databases.length > 0 && { databases: names(scope.databases) }),
    ...(scope && scope.collections.length > 0 && { collections: names(scope.collections) }),
    ...(scope?.databaseSuffix !== undefined && { databaseSuffix: scope.databaseSuffix }),
    ...(scope?.collectionSuffix !== undefined && { collectionSuffix: scope.collectionSuffix })
  }
}

export function parseCollectionJob(document: unknown): RestoreJob {
  const doc = asDoc(document)
  const targetClusterName = text(doc, 'targetClusterName')
  const targetGroupId = text(doc, 'targetGroupId')
  const pit = doc.pointInTimeUtcSeconds
  return {
    id: id(doc, 'collection restore job'),
    // An unknown state is a job still under way: keep watching rather than guess an end.
    status: STATE[text(doc, 'state') ?? ''] ?? 'inProgress',
    deliveryType:
      typeof pit === 'number' || doc.oplogTs !== undefined ? 'pointInTime' : 'automated',
    ...optional('snapshotId', text(doc, 'snapshotId')),
    ...(targetClusterName !== undefined &&
      targetGroupId !== undefined && {
        target: { groupId: targetGroupId, clusterName: targetClusterName }
      }),
    deliveryUrls: [],
    privateDeliveryUrls: [],
    ...optional('createdAt', date(doc, 'createdAt')),
    ...optional('finishedAt', date(doc, 'finishedAt')),
    ...optional('pointInTimeUTCSeconds', typeof pit === 'number' ? pit : undefined),
    ...optional('errorMessage', text(doc, 'errorMessage')),
    document
  }
}

export const collectionRestores: RestoreApi = {
  jobLabel: 'collection restore job',
  create: plan => ({
    operation: operations.createCollectionRestoreJob,
    params: params(plan.source),
    body: collectionRestoreBody(plan)
  }),
  getJob: (ref, jobId) => ({
    operation: operations.getCollectionRestoreJob,
    params: { ...params(ref), jobId }
  }),
  listJobs: ref => ({ operation: operations.listCollectionRestoreJobs, params: params(ref) }),
  // The API has no cancel for collection restore jobs.
  parseJob: parseCollectionJob,
  listNamespaces: (ref, jobId) => ({
    operation: operations.listCollectionRestoreJobCollections,
    params: { ...params(ref), jobId }
  }),
  parseNamespace: document => {
    const doc = asDoc(document)
    const target = text(doc, 'effectiveTargetNamespace') ?? text(doc, 'targetNamespace')
    return {
      sourceNamespace: text(doc, 'sourceNamespace') ?? '',
      ...(target !== undefined && { targetNamespace: target }),
      status: text(doc, 'state') ?? 'UNKNOWN'
    }
  }
}
