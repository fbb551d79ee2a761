// The operations: what each spec operation does to the simulated state, and its answer. The
// request has already passed authentication, routing, media-type, query and body-schema checks
// (http.ts); what is left are Atlas's own rules: kinds, existence, states and the semantic
// checks of each create call.

import {
  clusterDocument,
  clusterSnapshotDocument,
  DOMAIN,
  flaggedJobDocument,
  flexDocument,
  scheduleDocument,
  serverlessDocument,
  serverlessSnapshotDocument,
  statusJobDocument,
  statusSnapshotDocument
} from './documents.js'
import { apiError, errors, isAnswer, type Answer } from './errors.js'
import {
  jobState,
  refreshJob,
  refreshSnapshot,
  shuffled,
  type IdFactory,
  type Kind,
  type Outcome,
  type SimDeployment,
  type SimJob,
  type SimSnapshot
} from './state.js'

export interface World {
  base: string
  now: () => number
  ids: IdFactory
  seed: number
  projects: Set<string>
  deployments: SimDeployment[]
  snapshots: SimSnapshot[]
  jobs: SimJob[]
  script: { outcome: Outcome; durationMs?: number }[]
  restoreDurationMs: number
  downloadDurationMs: number
  targetUpdatingMs: number
  snapshotDurationMs: number
}

export interface Call {
  operationId: string
  /** The API family of the path (see apiFamily). */
  api: ApiFamily
  params: Record<string, string>
  query: URLSearchParams
  /** Whether the operation takes pageNum/itemsPerPage/includeCount (from the spec). */
  pageable: boolean
  body: Record<string, unknown>
  version: string
  path: string
}

/**
 * The API family a path template belongs to: it decides which deployment kinds an operation
 * accepts, the rate-limit counter, and what a sunset retires.
 */
export type ApiFamily = 'cluster' | 'backup' | 'tenant' | 'flex' | 'serverless'
export function apiFamily(template: string): ApiFamily {
  if (template.includes('/flexClusters/')) return 'flex'
  if (template.includes('/serverless/')) return 'serverless'
  if (template.includes('/backup/tenant/')) return 'tenant'
  if (template.includes('/backup/')) return 'backup'
  return 'cluster'
}

export function findDeployment(w: World, groupId: string, name: string) {
  const now = w.now()
  return w.deployments.find(
    d =>
      d.groupId === groupId && d.name === name && (d.removedAt === undefined || d.removedAt > now)
  )
}

/** UPDATING from a restore's creation until targetUpdatingMs after it ended, else its own state. */
export function deploymentState(w: World, d: SimDeployment): string {
  const now = w.now()
  const writing = w.jobs.some(job => {
    if (job.deliveryType === 'download' || job.target === undefined) return false
    if (job.target.groupId !== d.groupId || job.target.name !== d.name) return false
    const { finishedAt } = jobState(job, now)
    return finishedAt === undefined || now - finishedAt.getTime() < w.targetUpdatingMs
  })
  return writing ? 'UPDATING' : d.stateName
}

const cannotUse = {
  flexInCluster: (name: string) =>
    apiError(
      400,
      'CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API',
      `Flex cluster ${name} cannot be used in the Cluster API.`,
      [name]
    ),
  serverlessInCluster: (name: string) =>
    apiError(
      400,
      'CANNOT_USE_SERVERLESS_INSTANCE_IN_CLUSTER_API',
      `Serverless instance ${name} cannot be used in the Cluster API.`,
      [name]
    ),
  nonFlexInFlex: (name: string) =>
    apiError(
      400,
      'CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API',
      `Cannot use non-flex cluster ${name} in the flex API.`,
      [name]
    )
}
const noBackup = (name: string) =>
  apiError(
    400,
    'CLUSTER_DOES_NOT_SUPPORT_BACKUP',
    `Cluster ${name} is an M0 free cluster: it has no cloud backup.`,
    [name]
  )

/** The deployment an operation acts on, or the error Atlas gives when its kind is wrong. */
function resolve(w: World, call: Call): SimDeployment | Answer {
  const { groupId } = call.params
  const name = call.params.clusterName ?? call.params.name
  const d = findDeployment(w, groupId, name)
  if (!d)
    return call.api === 'serverless'
      ? errors.serverlessNotFound(name, groupId)
      : errors.clusterNotFound(name, groupId)
  switch (call.api) {
    case 'cluster':
    case 'backup':
    case 'tenant':
      if (d.kind === 'flex') return cannotUse.flexInCluster(name)
      if (d.kind === 'serverless') return cannotUse.serverlessInCluster(name)
      if (call.api === 'cluster') return d
      if (d.kind === 'free') return noBackup(name)
      if (call.api === 'backup' && d.kind === 'shared')
        return apiError(
          400,
          'TENANT_CLUSTER_NOT_SUPPORTED',
          `Cluster ${name} is a shared-tier (${d.instanceSize}) cluster: use the tenant backup endpoints.`,
          [name]
        )
      if (call.api === 'tenant' && d.kind !== 'shared')
        return apiError(
          400,
          'NOT_TENANT_CLUSTER',
          `Cluster ${name} is not a shared-tier (M2/M5) cluster.`,
          [name]
        )
      return d
    case 'flex':
      return d.kind === 'flex' ? d : cannotUse.nonFlexInFlex(name)
    case 'serverless':
      return d.kind === 'serverless' ? d : errors.serverlessNotFound(name, groupId)
  }
}

/** A list answer: `{links, results, totalCount}`, paged in a seeded, non-date order. */
function page<T extends { id: string }>(
  w: World,
  call: Call,
  items: T[],
  render: (item: T) => unknown
): Answer {
  const ordered = shuffled(items, w.seed)
  const self = `${w.base}${call.path}`
  if (!call.pageable) {
    return {
      status: 200,
      body: {
        links: [{ href: self, rel: 'self' }],
        results: ordered.map(render),
        totalCount: ordered.length
      }
    }
  }
  const pageNum = Number(call.query.get('pageNum') ?? 1)
  const itemsPerPage = Number(call.query.get('itemsPerPage') ?? 100)
  const includeCount = call.query.get('includeCount') !== 'false'
  const results = ordered.slice((pageNum - 1) * itemsPerPage, pageNum * itemsPerPage)
  // As recorded: the self link shows the paging applied, the next link in another order.
  const link = (n: number, rel: string) => ({
    href:
      rel === 'self'
        ? `${self}?includeCount=${includeCount}&pageNum=${n}&itemsPerPage=${itemsPerPage}`
        : `${self}?includeCount=${includeCount}&itemsPerPage=${itemsPerPage}&pageNum=${n}`,
    rel
  })
  return {
    status: 200,
    body: {
      links: [
        link(pageNum, 'self'),
        ...(pageNum > 1 ? [link(pageNum - 1, 'previous')] : []),
        ...(pageNum * itemsPerPage < ordered.length ? [link(pageNum + 1, 'next')] : [])
      ],
      results: results.map(render),
      ...(includeCount && { totalCount: ordered.length })
    }
  }
}

function snapshotDoc(w: World, d: SimDeployment, s: SimSnapshot): unknown {
  refreshSnapshot(s, w.now())
  if (d.kind === 'dedicated') return clusterSnapshotDocument(d, s, w.base)
  if (d.kind === 'serverless') return serverlessSnapshotDocument(s, w.base)
  return statusSnapshotDocument(s, w.base, d.kind === 'shared')
}

export function jobDocument(w: World, job: SimJob): unknown {
  refreshJob(job, w.now())
  const snapshot = w.snapshots.find(s => s.id === job.snapshotId)
  const taken = snapshot && refreshSnapshot(snapshot, w.now()).createdAt
  if (job.kind === 'dedicated' || job.kind === 'serverless') {
    const d = findDeployment(w, job.groupId, job.clusterName)
    return flaggedJobDocument(job, w.now(), w.base, taken, d?.clusterType === 'SHARDED')
  }
  return statusJobDocument(job, w.now(), w.base, taken)
}

function own<T extends { id: string; groupId: string; clusterName: string }>(
  items: T[],
  d: SimDeployment,
  id: string
) {
  return items.find(x => x.id === id && x.groupId === d.groupId && x.clusterName === d.name)
}
const snapshotNotFound = (id: string, name: string) =>
  apiError(404, 'SNAPSHOT_NOT_FOUND', `No snapshot with ID ${id} exists for cluster ${name}.`, [
    id,
    name
  ])
const jobNotFound = (id: string, name: string) =>
  apiError(
    404,
    'RESTORE_JOB_NOT_FOUND',
    `No restore job with ID ${id} exists for cluster ${name}.`,
    [id, name]
  )

export function handle(w: World, call: Call): Answer {
  const resolved = resolve(w, call)
  if (isAnswer(resolved)) return resolved
  const d = resolved
  const id = call.params.restoreJobId ?? call.params.restoreId ?? call.params.snapshotId
  const ownSnapshots = () =>
    w.snapshots.filter(s => s.groupId === d.groupId && s.clusterName === d.name)
  const ownJobs = () => w.jobs.filter(j => j.groupId === d.groupId && j.clusterName === d.name)

  switch (call.operationId) {
    // Deployments.
    case 'getGroupCluster':
      return { status: 200, body: clusterDocument(d, call.version, w.base, deploymentState(w, d)) }
    case 'updateGroupCluster': {
      for (const field of ['paused', 'pitEnabled', 'backupEnabled'] as const) {
        const value = call.body[field]
        if (typeof value === 'boolean') {
          if (field === 'paused') continue
          d[field] = value
        }
      }
      return { status: 200, body: clusterDocument(d, call.version, w.base, deploymentState(w, d)) }
    }
    case 'deleteGroupCluster':
    case 'deleteGroupFlexCluster':
      d.stateName = 'DELETING'
      d.removedAt = w.now() + w.targetUpdatingMs
      return { status: call.operationId === 'deleteGroupCluster' ? 202 : 204 }
    case 'getGroupFlexCluster':
    case 'updateGroupFlexCluster':
      return { status: 200, body: flexDocument(d, deploymentState(w, d)) }
    case 'getGroupServerlessInstance':
      return { status: 200, body: serverlessDocument(d, w.base, deploymentState(w, d)) }

    // Backup schedule (dedicated).
    case 'getGroupClusterBackupSchedule':
    case 'updateGroupClusterBackupSchedule':
    case 'deleteGroupClusterBackupSchedule':
      return { status: 200, body: scheduleDocument(d, w.base, call.version) }

    // Snapshots.
    case 'listGroupClusterBackupSnapshots':
    case 'listGroupServerlessBackupSnapshots':
    case 'listGroupFlexClusterBackupSnapshots':
    case 'listClusterBackupSnapshots':
      return page(w, call, ownSnapshots(), s => snapshotDoc(w, d, s))
    case 'getGroupClusterBackupSnapshot':
    case 'getGroupServerlessBackupSnapshot':
    case 'getGroupFlexClusterBackupSnapshot':
    case 'getBackupTenantSnapshot': {
      const s = own(w.snapshots, d, id)
      return s ? { status: 200, body: snapshotDoc(w, d, s) } : snapshotNotFound(id, d.name)
    }
    case 'takeGroupClusterBackupSnapshots':
      return takeSnapshot(w, d, call)
    case 'updateGroupClusterBackupSnapshot': {
      const s = own(w.snapshots, d, id)
      if (!s) return snapshotNotFound(id, d.name)
      const days = { DAYS: 1, WEEKS: 7, MONTHS: 30, YEARS: 365 }[call.body.retentionUnit as string]
      s.retentionInDays = (days ?? 1) * Number(call.body.retentionValue)
      return { status: 200, body: snapshotDoc(w, d, s) }
    }
    case 'deleteGroupClusterBackupSnapshot': {
      const s = own(w.snapshots, d, id)
      if (!s) return snapshotNotFound(id, d.name)
      w.snapshots.splice(w.snapshots.indexOf(s), 1)
      return { status: 204 }
    }

    // Restore jobs.
    case 'listGroupClusterBackupRestoreJobs':
    case 'listGroupServerlessBackupRestoreJobs':
    case 'listGroupFlexClusterBackupRestoreJobs':
    case 'listBackupTenantRestores':
      return page(w, call, ownJobs(), j => jobDocument(w, j))
    case 'getGroupClusterBackupRestoreJob':
    case 'getGroupServerlessBackupRestoreJob':
    case 'getGroupFlexClusterBackupRestoreJob':
    case 'getBackupTenantRestore': {
      const job = own(w.jobs, d, id)
      return job ? { status: 200, body: jobDocument(w, job) } : jobNotFound(id, d.name)
    }
    case 'cancelGroupClusterBackupRestoreJob':
      return cancel(w, d, id)
    case 'createGroupClusterBackupRestoreJob':
    case 'createGroupServerlessBackupRestoreJob':
      return createFlagged(w, d, call)
    case 'createGroupFlexClusterBackupRestoreJob':
    case 'createBackupTenantRestore':
      return createStatusJob(w, d, call, 'automated')
    case 'downloadFlexBackup':
    case 'downloadClusterBackupTenant':
      return createStatusJob(w, d, call, 'download')
  }
  return apiError(501, 'NOT_IMPLEMENTED', `The simulator does not implement ${call.operationId}.`)
}

function takeSnapshot(w: World, d: SimDeployment, call: Call): Answer {
  const busy = w.snapshots.some(
    s =>
      s.groupId === d.groupId &&
      s.clusterName === d.name &&
      s.schedule !== undefined &&
      refreshSnapshot(s, w.now()).status !== 'completed'
  )
  if (busy)
    return apiError(
      409,
      'ONDEMAND_SNAPSHOT_IN_PROGRESS',
      `An on-demand snapshot of ${d.name} is already in progress.`,
      [d.name]
    )
  const now = w.now()
  const snapshot: SimSnapshot = {
    id: w.ids.next(now),
    groupId: d.groupId,
    clusterName: d.name,
    status: 'queued',
    createdAt: new Date(now),
    snapshotType: 'onDemand',
    ...(typeof call.body.description === 'string' && { description: call.body.description }),
    retentionInDays: typeof call.body.retentionInDays === 'number' ? call.body.retentionInDays : 1,
    schedule: {
      requestedAt: now,
      runningAt: now + w.snapshotDurationMs * 0.2,
      completedAt: now + w.snapshotDurationMs
    }
  }
  w.snapshots.push(snapshot)
  return { status: 200, body: snapshotDoc(w, d, snapshot) }
}

function cancel(w: World, d: SimDeployment, id: string): Answer {
  const job = own(w.jobs, d, id)
  if (!job) return jobNotFound(id, d.name)
  const { status } = jobState(job, w.now())
  if (status !== 'pending' && status !== 'running') {
    return apiError(
      400,
      'CANNOT_CANCEL_FINISHED_RESTORE_JOB',
      `Restore job ${id} has already finished (${status}): it cannot be cancelled.`,
      [id]
    )
  }
  job.outcome = 'cancelled'
  job.endedAt = new Date(w.now())
  refreshJob(job, w.now())
  return { status: 204 }
}

function completedSnapshot(w: World, d: SimDeployment, snapshotId: unknown): SimSnapshot | Answer {
  if (typeof snapshotId !== 'string')
    return apiError(
      400,
      'MISSING_ATTRIBUTE',
      'The required attribute snapshotId was not specified.',
      ['snapshotId']
    )
  const s = own(w.snapshots, d, snapshotId)
  if (!s) return snapshotNotFound(snapshotId, d.name)
  if (refreshSnapshot(s, w.now()).status !== 'completed')
    return apiError(
      400,
      'SNAPSHOT_NOT_COMPLETE',
      `Snapshot ${snapshotId} is ${s.status}: only a completed snapshot can be restored.`,
      [snapshotId]
    )
  return s
}

const missing = (field: string) =>
  apiError(400, 'MISSING_ATTRIBUTE', `The required attribute ${field} was not specified.`, [field])
const invalid = (field: string, why: string) =>
  apiError(400, 'INVALID_ATTRIBUTE', `Invalid attribute ${field} specified: ${why}`, [field])

/** The target of a restore: its project must exist, then a deployment of an allowed kind. */
function targetDeployment(
  w: World,
  groupId: unknown,
  name: unknown,
  allowed: Kind[]
): SimDeployment | Answer {
  if (typeof groupId !== 'string' || !w.projects.has(groupId))
    return errors.groupNotFound(String(groupId))
  const t = findDeployment(w, groupId, String(name))
  if (!t) return errors.clusterNotFound(String(name), groupId)
  if (!allowed.includes(t.kind))
    return apiError(
      400,
      'INVALID_RESTORE_TARGET',
      `${t.name} is a ${t.kind} deployment: it cannot be the target of this restore.`,
      [t.name, groupId]
    )
  return t
}

/** Dedicated and serverless: POST …/backup/restoreJobs with a deliveryType. */
function createFlagged(w: World, d: SimDeployment, call: Call): Answer {
  const b = call.body
  const deliveryType = b.deliveryType as SimJob['deliveryType']
  let snapshot: SimSnapshot | undefined
  let pointInTime: SimJob['pointInTime']
  if (deliveryType === 'pointInTime') {
    if (b.snapshotId !== undefined)
      return invalid('snapshotId', 'a point-in-time restore takes no snapshotId.')
    const utc = b.pointInTimeUTCSeconds !== undefined
    const oplog = b.oplogTs !== undefined || b.oplogInc !== undefined
    if (utc && oplog)
      return invalid(
        'pointInTimeUTCSeconds',
        'give either pointInTimeUTCSeconds or oplogTs and oplogInc, not both.'
      )
    if (!utc && !oplog) return missing('pointInTimeUTCSeconds')
    if (oplog && b.oplogTs === undefined) return missing('oplogTs')
    if (oplog && b.oplogInc === undefined) return missing('oplogInc')
    if (!d.pitEnabled)
      return apiError(
        400,
        'CLUSTER_PIT_NOT_ENABLED',
        `Continuous cloud backup (point in time) is not enabled for ${d.name}.`,
        [d.name]
      )
    pointInTime = utc
      ? { pointInTimeUTCSeconds: b.pointInTimeUTCSeconds as number }
      : { oplogTs: b.oplogTs as number, oplogInc: b.oplogInc as number }
    const at = (pointInTime.pointInTimeUTCSeconds ?? pointInTime.oplogTs!) * 1000
    if (at > w.now() + 1000)
      return invalid(
        utc ? 'pointInTimeUTCSeconds' : 'oplogTs',
        'the point in time is in the future.'
      )
    // Atlas restores the newest snapshot before that moment and replays the oplog onto it.
    const completed = w.snapshots
      .filter(s => s.groupId === d.groupId && s.clusterName === d.name)
      .map(s => refreshSnapshot(s, w.now()))
      .filter(s => s.status === 'completed')
      .sort((a, c) => c.createdAt.getTime() - a.createdAt.getTime())
    snapshot = completed.find(s => s.createdAt.getTime() <= at) ?? completed.at(-1)
  } else {
    for (const field of ['pointInTimeUTCSeconds', 'oplogTs', 'oplogInc']) {
      if (b[field] !== undefined)
        return invalid(field, `it is only valid for a pointInTime restore, not ${deliveryType}.`)
    }
    const s = completedSnapshot(w, d, b.snapshotId)
    if (isAnswer(s)) return s
    snapshot = s
  }
  // A serverless body names a target even for a download (the schema requires it).
  const needsTarget = deliveryType !== 'download' || d.kind === 'serverless'
  let target: SimDeployment | undefined
  if (needsTarget) {
    if (b.targetClusterName === undefined) return missing('targetClusterName')
    if (b.targetGroupId === undefined) return missing('targetGroupId')
    const t = targetDeployment(w, b.targetGroupId, b.targetClusterName, [d.kind])
    if (isAnswer(t)) return t
    target = t
  } else {
    for (const field of ['targetClusterName', 'targetGroupId']) {
      if (b[field] !== undefined) return invalid(field, 'a download restore has no target cluster.')
    }
  }
  return createJob(w, d, deliveryType, snapshot?.id, target, pointInTime)
}

/** Flex and tenant: a restore onto targetDeploymentItemName/targetProjectId, or a download. */
function createStatusJob(
  w: World,
  d: SimDeployment,
  call: Call,
  deliveryType: 'automated' | 'download'
): Answer {
  const b = call.body
  const s = completedSnapshot(w, d, b.snapshotId)
  if (isAnswer(s)) return s
  let target: SimDeployment | undefined
  // Flex downloads take a snapshotId only; tenant downloads name a target (the schema says so).
  if (deliveryType === 'automated' || d.kind === 'shared') {
    if (b.targetDeploymentItemName === undefined) return missing('targetDeploymentItemName')
    if (b.targetProjectId === undefined) return missing('targetProjectId')
    const allowed: Kind[] =
      deliveryType === 'download'
        ? ['shared', 'dedicated', 'flex']
        : d.kind === 'flex'
          ? ['flex', 'dedicated']
          : ['shared', 'dedicated']
    const t = targetDeployment(w, b.targetProjectId, b.targetDeploymentItemName, allowed)
    if (isAnswer(t)) return t
    target = t
  }
  return createJob(w, d, deliveryType, s.id, target)
}

function createJob(
  w: World,
  d: SimDeployment,
  deliveryType: SimJob['deliveryType'],
  snapshotId: string | undefined,
  target: SimDeployment | undefined,
  pointInTime?: SimJob['pointInTime']
): Answer {
  const scripted = w.script.shift()
  const now = w.now()
  const id = w.ids.next(now)
  const urls =
    deliveryType === 'download'
      ? Array.from(
          { length: d.kind === 'dedicated' && d.clusterType === 'SHARDED' ? d.shards : 1 },
          () =>
            `https://restore-${id}.${d.hostId}.${DOMAIN}:27017/${w.ids.token(24)}/restore-${snapshotId}.tar.gz`
        )
      : []
  const job: SimJob = {
    id,
    kind: d.kind,
    groupId: d.groupId,
    clusterName: d.name,
    deliveryType,
    ...(snapshotId !== undefined && { snapshotId }),
    ...(target && { target: { groupId: target.groupId, name: target.name } }),
    ...(pointInTime && { pointInTime }),
    createdAt: new Date(now),
    durationMs:
      scripted?.durationMs ??
      (deliveryType === 'download' ? w.downloadDurationMs : w.restoreDurationMs),
    outcome: scripted?.outcome ?? 'completed',
    status: 'pending',
    cancelled: false,
    deliveryUrls: urls,
    ...(target && d.kind === 'dedicated' && { targetDeploymentItemName: `atlas-${target.rsId}` })
  }
  w.jobs.push(refreshJob(job, now))
  return { status: 200, body: jobDocument(w, job) }
}
