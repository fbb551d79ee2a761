// The cluster-API family of restore documents (dedicated clusters, serverless instances): jobs
// carry flags, not a status; snapshots name their type and MongoDB version.

import type { CreatePlan, RestoreJob, Snapshot, SnapshotType } from '../adapter.js'
import { asDoc, date, docs, flag, id, optional, text, texts } from './fields.js'

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

/** Private-endpoint URLs of a job or of one of its components. */
function privateUrls(doc: Record<string, unknown>): RestoreJob['privateDeliveryUrls'] {
  return docs(doc, 'privateDownloadDeliveryUrls').flatMap(entry => {
    const url = text(entry, 'deliveryUrl')
    if (url === undefined) return []
    const endpointId = text(entry, 'endpointId')
    return [{ deliveryUrl: url, ...(endpointId !== undefined && { endpointId }) }]
  })
}

/**
 * Status from the flags of a cluster-API job: failed, then cancelled, then expired decide first
 * (real Atlas set cancelled and failed together on a download that died: it failed); then
 * finishedAt, or for a download a non-empty deliveryUrl, means completed. Nothing tells
 * pending from running, so the rest is inProgress.
 */
export function parseFlaggedJob(document: unknown): RestoreJob {
  const doc = asDoc(document)
  const deliveryUrls = texts(doc, 'deliveryUrl')
  const privateDeliveryUrls = privateUrls(doc)
  // Sharded downloads also list one URL per shard under components.
  for (const component of docs(doc, 'components')) {
    const url = text(component, 'downloadUrl')
    if (url !== undefined && !deliveryUrls.includes(url)) deliveryUrls.push(url)
    for (const p of privateUrls(component)) {
      if (!privateDeliveryUrls.some(q => q.deliveryUrl === p.deliveryUrl))
        privateDeliveryUrls.push(p)
    }
  }
  const deliveryType = text(doc, 'deliveryType') as RestoreJob['deliveryType']
  const finishedAt = date(doc, 'finishedAt')
  const status: RestoreJob['status'] = flag(doc, 'failed')
    ? 'failed'
    : flag(doc, 'cancelled')
      ? 'cancelled'
      : flag(doc, 'expired')
        ? 'expired'
        : finishedAt !== undefined || (deliveryType === 'download' && deliveryUrls.length > 0)
          ? 'completed'
          : 'inProgress'
  const targetClusterName = text(doc, 'targetClusterName')
  const targetGroupId = text(doc, 'targetGroupId')
  const pit = doc.pointInTimeUTCSeconds
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
    privateDeliveryUrls,
    ...optional('finishedAt', finishedAt),
    ...optional('expiresAt', deliveryType === 'download' ? date(doc, 'expiresAt') : undefined),
    ...optional('pointInTimeUTCSeconds', typeof pit === 'number' ? pit : undefined),
    document
  }
}

const SNAPSHOT_TYPES: readonly string[] = ['onDemand', 'scheduled', 'fallback']

export function parseClusterSnapshot(document: unknown): Snapshot {
  const doc = asDoc(document)
  const type = text(doc, 'snapshotType')
  const shape = text(doc, 'type')
  return {
    id: id(doc, 'snapshot'),
    completed: text(doc, 'status') === 'completed',
    ...optional('createdAt', date(doc, 'createdAt')),
    ...optional(
      'type',
      type !== undefined && SNAPSHOT_TYPES.includes(type) ? (type as SnapshotType) : undefined
    ),
    ...optional('mongodVersion', text(doc, 'mongodVersion')),
    ...optional('sharded', shape === undefined ? undefined : shape === 'shardedCluster')
  }
}
