// The operations: what each spec operation does to the simulated state, and its answer. The
// request has already passed authentication, routing, media-type, query and body-schema checks
// (http.ts); what is left are Atlas's own rules: kinds, existence, states and the semantic
// checks of each create call.

import {
  clusterDocument,
  clusterSnapshotDocument,
  collectionJobDocument,
  collectionStateDocument,
  documentCount,
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
  collectionJobState,
  isSharded,
  jobState,
  refreshJob,
  refreshSnapshot,
  shuffled,
  versionsCompatible,
  type CollectionOutcome,
  type IdFactory,
  type Kind,
  type Namespace,
  type Outcome,
  type SimCollectionJob,
  type SimDeployment,
  type SimJob,
  type SimSnapshot
} from './state.js'

const DAY = 24 * 3_600_000

export interface World {
  base: string
  now: () => number
  ids: IdFactory
  seed: number
  projects: Set<string>
  deployments: SimDeployment[]
  snapshots: SimSnapshot[]
  jobs: SimJob[]
  collectionJobs: SimCollectionJob[]
  script: { outcome: Outcome; durationMs?: number }[]
  collectionScript: { outcome: CollectionOutcome; durationMs?: number }[]
  /** Projects the key cannot read (denyProject): every call answers 403. */
  denied: Set<string>
  restoreDurationMs: number
  downloadDurationMs: number
  targetUpdatingMs: number
  snapshotDurationMs: number
  /** A job answers 404 for this long after its creation (GET by id). */
  jobVisibleAfterMs: number
  /** Job lists leave out jobs younger than this. */
  jobListLagMs: number
  /** Atlas's clock minus ours: dates in documents, the Date header and new job ids. */
  clockSkewMs: number
  /** 409 ATLAS_CLUSTER_RESTORE_IN_PROGRESS / 400 CANNOT_DOWNLOAD_SNAPSHOT_CONCURRENTLY. */
  concurrencyRules: boolean
  /** Flex jobs go PENDING → QUEUED → RUNNING → COMPLETED. */
  flexQueued: boolean
  /** Download URLs point here (an archive server) instead of the Atlas-shaped hosts. */
  downloadBase?: string
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
  if (template.includes('/collectionRestoreJobs')) return 'backup'
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
      return d.kind === 'flex' || (d.kind === 'serverless' && d.flexBacked)
        ? d
        : cannotUse.nonFlexInFlex(name)
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

function snapshotDoc(w: World, d: SimDeployment, s: SimSnapshot, api?: ApiFamily): unknown {
  refreshSnapshot(s, w.now())
  if (api === 'flex') return statusSnapshotDocument(s, w.base, false)
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
    return flaggedJobDocument(job, w.now(), w.base, taken, d !== undefined && isSharded(d))
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
/** A job GET answers 404 for jobVisibleAfterMs after the job's creation (as seen on Atlas). */
const visible = (w: World, job: { createdAt: Date }) =>
  w.now() - job.createdAt.getTime() >= w.jobVisibleAfterMs
/** Lists lag behind creates by jobListLagMs. */
const listed = (w: World, job: { createdAt: Date }) =>
  w.now() - job.createdAt.getTime() >= w.jobListLagMs
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
  const ownJobs = () =>
    w.jobs.filter(j => j.groupId === d.groupId && j.clusterName === d.name && listed(w, j))
  settleCollectionJobs(w)

  switch (call.operationId) {
    // Deployments.
    case 'getGroupCluster':
      return { status: 200, body: clusterDocument(d, call.version, w.base, deploymentState(w, d)) }
    case 'updateGroupCluster': {
      for (const field of ['paused', 'pitEnabled', 'backupEnabled'] as const) {
        const value = call.body[field]
        if (typeof value === 'boolean') d[field] = value
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
    case 'updateGroupClusterBackupSchedule':
      if (typeof call.body.restoreWindowDays === 'number')
        d.restoreWindowDays = call.body.restoreWindowDays
      return { status: 200, body: scheduleDocument(d, w.base, call.version) }
    case 'getGroupClusterBackupSchedule':
    case 'deleteGroupClusterBackupSchedule':
      return { status: 200, body: scheduleDocument(d, w.base, call.version) }

    // Snapshots.
    case 'listGroupClusterBackupSnapshots':
    case 'listGroupServerlessBackupSnapshots':
    case 'listGroupFlexClusterBackupSnapshots':
    case 'listClusterBackupSnapshots':
      return page(w, call, ownSnapshots(), s => snapshotDoc(w, d, s, call.api))
    case 'getGroupClusterBackupSnapshot':
    case 'getGroupServerlessBackupSnapshot':
    case 'getGroupFlexClusterBackupSnapshot':
    case 'getBackupTenantSnapshot': {
      const s = own(w.snapshots, d, id)
      return s
        ? { status: 200, body: snapshotDoc(w, d, s, call.api) }
        : snapshotNotFound(id, d.name)
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
      return job && visible(w, job)
        ? { status: 200, body: jobDocument(w, job) }
        : jobNotFound(id, d.name)
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

    // Collection-level restores (dedicated only: resolve() refused the other kinds).
    case 'createGroupClusterCollectionRestoreJob':
      return createCollectionJob(w, d, call)
    case 'listGroupClusterCollectionRestoreJobs':
      return page(
        w,
        call,
        w.collectionJobs.filter(
          j => j.groupId === d.groupId && j.clusterName === d.name && listed(w, j)
        ),
        j => collectionJobDocument(j, w.now())
      )
    case 'getGroupClusterCollectionRestoreJob':
    case 'listGroupClusterCollectionRestoreJobCollections':
    case 'getGroupClusterCollectionRestoreJobCollection': {
      const jobId = call.params.jobId
      const job = own(w.collectionJobs, d, jobId)
      if (!job || !visible(w, job))
        return apiError(
          404,
          'COLLECTION_RESTORE_JOB_NOT_FOUND',
          `No collection restore job with ID ${jobId} exists for cluster ${d.name}.`,
          [jobId, d.name]
        )
      if (call.operationId === 'getGroupClusterCollectionRestoreJob')
        return { status: 200, body: collectionJobDocument(job, w.now()) }
      // The states exist once the job has left INITIALIZING (the spec says so).
      const started = collectionJobState(job, w.now()).state !== 'INITIALIZING'
      const states = (started ? job.items : []).map(item => ({
        id: item.source,
        doc: collectionStateDocument(job, item, w.now()) as Record<string, unknown>
      }))
      if (call.operationId === 'getGroupClusterCollectionRestoreJobCollection') {
        const ns = call.params.sourceNamespace
        const found = states.find(x => x.id === ns)
        return found
          ? { status: 200, body: found.doc }
          : apiError(
              404,
              'COLLECTION_RESTORE_NAMESPACE_NOT_FOUND',
              `Collection restore job ${jobId} has no state for namespace ${ns}.`,
              [jobId, ns]
            )
      }
      const filters = ['state', 'sourceNamespace', 'targetNamespace'] as const
      const filtered = states.filter(x =>
        filters.every(f => call.query.get(f) === null || x.doc[f] === call.query.get(f))
      )
      return page(w, call, filtered, x => x.doc)
    }
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
    id: w.ids.next(now + w.clockSkewMs),
    groupId: d.groupId,
    clusterName: d.name,
    status: 'queued',
    createdAt: new Date(now),
    snapshotType: 'onDemand',
    mongodVersion: d.mongoDBVersion,
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
  if (job.deliveryType !== 'download')
    return apiError(
      400,
      'CANNOT_CANCEL_AUTOMATED_RESTORE',
      `Restore job ${id} is an ${job.deliveryType} restore: only download restore jobs can be cancelled.`,
      [id]
    )
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

/** The snapshot a restore names: it must belong to the cluster. Atlas restores any status. */
function ownSnapshot(w: World, d: SimDeployment, snapshotId: unknown): SimSnapshot | Answer {
  if (typeof snapshotId !== 'string')
    return apiError(
      400,
      'MISSING_ATTRIBUTE',
      'The required attribute snapshotId was not specified.',
      ['snapshotId']
    )
  const s = own(w.snapshots, d, snapshotId)
  if (!s) return snapshotNotFound(snapshotId, d.name)
  return refreshSnapshot(s, w.now())
}

const missing = (field: string) =>
  apiError(400, 'MISSING_ATTRIBUTE', `The required attribute ${field} was not specified.`, [field])
const invalid = (field: string, why: string) =>
  apiError(400, 'INVALID_ATTRIBUTE', `Invalid attribute ${field} specified: ${why}`, [field])

/** What Atlas answers on any call on a project the key cannot read. */
export const cannotAccess = (groupId: string) =>
  apiError(
    403,
    'USER_CANNOT_ACCESS_GROUP',
    `The API key or service account cannot access group ${groupId}.`,
    [groupId]
  )

/** The target of a restore: its project must exist and be readable, then a deployment of an allowed kind. */
function targetDeployment(
  w: World,
  groupId: unknown,
  name: unknown,
  allowed: Kind[]
): SimDeployment | Answer {
  if (typeof groupId !== 'string' || !w.projects.has(groupId))
    return errors.groupNotFound(String(groupId))
  if (w.denied.has(groupId)) return cannotAccess(groupId)
  const t = findDeployment(w, groupId, String(name))
  if (!t) return errors.clusterNotFound(String(name), groupId)
  const kind: Kind =
    t.kind === 'serverless' && t.flexBacked && allowed.includes('flex') ? 'flex' : t.kind
  if (!allowed.includes(kind))
    return apiError(
      400,
      'INVALID_RESTORE_TARGET',
      `${t.name} is a ${t.kind} deployment: it cannot be the target of this restore.`,
      [t.name, groupId]
    )
  return t
}

/**
 * Atlas's rules on the target of a restore that writes to it: not paused, not being restored or
 * changed, a MongoDB version that can read the snapshot, and a topology that can hold it.
 */
function checkTarget(
  w: World,
  source: SimDeployment,
  snapshot: SimSnapshot | undefined,
  t: SimDeployment,
  fromFlex: boolean
): Answer | undefined {
  if (t.paused)
    return apiError(
      400,
      'CLUSTER_PAUSED_CANNOT_RESTORE',
      `Cluster ${t.name} is paused: resume it before restoring onto it.`,
      [t.name]
    )
  const state = w.concurrencyRules ? deploymentState(w, t) : t.stateName
  if (state !== 'IDLE')
    return apiError(
      409,
      'ATLAS_CLUSTER_RESTORE_IN_PROGRESS',
      `Cluster ${t.name} is ${state}: a restore or another change is in progress on it.`,
      [t.name]
    )
  if (snapshot && !versionsCompatible(snapshot.mongodVersion, t.mongoDBVersion))
    return apiError(
      403,
      'CANNOT_RESTORE_TO_TARGET',
      `Cannot restore a snapshot taken with MongoDB ${snapshot.mongodVersion} onto ${t.name}, which runs MongoDB ${t.mongoDBVersion}: the target must run the same major version with an equal or higher minor, or the next major version.`,
      [t.name, snapshot.mongodVersion, t.mongoDBVersion]
    )
  if (isSharded(source) && !isSharded(t))
    return apiError(
      403,
      'CANNOT_RESTORE_TO_TARGET',
      `Cannot restore a snapshot of sharded cluster ${source.name} onto ${t.name}, a replica set: the target must be a sharded cluster.`,
      [t.name]
    )
  if (fromFlex && isSharded(t))
    return apiError(
      403,
      'CANNOT_RESTORE_TO_TARGET',
      `Cannot restore a flex snapshot onto ${t.name}, a sharded cluster: the target must be a replica set.`,
      [t.name]
    )
  return undefined
}

/** A point in time: enabled on the source, not in the future, within restoreWindowDays. */
function pointInTimeSnapshot(
  w: World,
  d: SimDeployment,
  at: number,
  field: string
): SimSnapshot | Answer {
  if (!d.pitEnabled)
    return apiError(
      400,
      'CLUSTER_PIT_NOT_ENABLED',
      `Continuous cloud backup (point in time) is not enabled for ${d.name}.`,
      [d.name]
    )
  const atlasNow = w.now() + w.clockSkewMs
  if (at > atlasNow + 1000)
    return apiError(
      400,
      'INVALID_PIT_RESTORE_TIME',
      `Invalid point in time ${new Date(at).toISOString()} (${field}): it is in the future.`,
      [field]
    )
  if (at < atlasNow - d.restoreWindowDays * DAY)
    return apiError(
      404,
      'UNABLE_T0_FIND_SNAPSHOT_PRIOR_TO_PIT_RESTORE_OPTIME',
      `Unable to find a snapshot prior to ${new Date(at).toISOString()}: the restore window of ${d.name} is ${d.restoreWindowDays} days.`,
      [d.name]
    )
  // Atlas restores the newest snapshot before that moment and replays the oplog onto it.
  const before = w.snapshots
    .filter(s => s.groupId === d.groupId && s.clusterName === d.name)
    .map(s => refreshSnapshot(s, w.now()))
    .filter(s => s.status === 'completed' && s.createdAt.getTime() <= at)
    .sort((a, c) => c.createdAt.getTime() - a.createdAt.getTime())
  if (before.length === 0)
    return apiError(
      409,
      'NO_CHECKPOINT_FOR_PIT_RESTORE',
      `No checkpoint of ${d.name} precedes ${new Date(at).toISOString()}: choose a later point in time.`,
      [d.name]
    )
  return before[0]
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
    pointInTime = utc
      ? { pointInTimeUTCSeconds: b.pointInTimeUTCSeconds as number }
      : { oplogTs: b.oplogTs as number, oplogInc: b.oplogInc as number }
    const at = (pointInTime.pointInTimeUTCSeconds ?? pointInTime.oplogTs!) * 1000
    const s = pointInTimeSnapshot(w, d, at, utc ? 'pointInTimeUTCSeconds' : 'oplogTs')
    if (isAnswer(s)) return s
    snapshot = s
  } else {
    for (const field of ['pointInTimeUTCSeconds', 'oplogTs', 'oplogInc']) {
      if (b[field] !== undefined)
        return invalid(field, `it is only valid for a pointInTime restore, not ${deliveryType}.`)
    }
    const s = ownSnapshot(w, d, b.snapshotId)
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
    if (deliveryType !== 'download') {
      const refused = checkTarget(w, d, snapshot, t, false)
      if (refused) return refused
    }
    target = t
  } else {
    for (const field of ['targetClusterName', 'targetGroupId']) {
      if (b[field] !== undefined) return invalid(field, 'a download restore has no target cluster.')
    }
  }
  if (deliveryType === 'download' && w.concurrencyRules) {
    const running = w.jobs.some(
      j =>
        j.groupId === d.groupId &&
        j.clusterName === d.name &&
        j.deliveryType === 'download' &&
        jobState(j, w.now()).finishedAt === undefined
    )
    if (running)
      return apiError(
        400,
        'CANNOT_DOWNLOAD_SNAPSHOT_CONCURRENTLY',
        `A download restore of ${d.name} is already in progress: wait until it is ready, or cancel it.`,
        [d.name]
      )
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
  const s = ownSnapshot(w, d, b.snapshotId)
  if (isAnswer(s)) return s
  const flex = call.api === 'flex'
  let target: SimDeployment | undefined
  // Flex downloads take a snapshotId only; tenant downloads name a target (the schema says so).
  if (deliveryType === 'automated' || !flex) {
    if (b.targetDeploymentItemName === undefined) return missing('targetDeploymentItemName')
    if (b.targetProjectId === undefined) return missing('targetProjectId')
    const allowed: Kind[] =
      deliveryType === 'download'
        ? ['shared', 'dedicated', 'flex']
        : flex
          ? ['flex', 'dedicated']
          : ['shared', 'dedicated']
    const t = targetDeployment(w, b.targetProjectId, b.targetDeploymentItemName, allowed)
    if (isAnswer(t)) return t
    if (deliveryType === 'automated') {
      const refused = checkTarget(w, d, s, t, flex)
      if (refused) return refused
    }
    target = t
  }
  return createJob(w, d, deliveryType, s.id, target, undefined, flex ? 'flex' : d.kind)
}

function createJob(
  w: World,
  d: SimDeployment,
  deliveryType: SimJob['deliveryType'],
  snapshotId: string | undefined,
  target: SimDeployment | undefined,
  pointInTime?: SimJob['pointInTime'],
  kind: Kind = d.kind
): Answer {
  const scripted = w.script.shift()
  const now = w.now()
  const id = w.ids.next(now + w.clockSkewMs)
  const urls =
    deliveryType === 'download'
      ? Array.from(
          { length: isSharded(d) ? d.shards : 1 },
          () =>
            `${w.downloadBase ?? `https://restore-${id}.${d.hostId}.${DOMAIN}:27017`}${w.downloadBase ? `/restore-${id}.${d.hostId}` : ''}/${w.ids.token(24)}/restore-${snapshotId}.tar.gz`
        )
      : []
  const job: SimJob = {
    id,
    kind,
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
    ...(target && d.kind === 'dedicated' && { targetDeploymentItemName: `atlas-${target.rsId}` }),
    ...(kind === 'flex' && w.flexQueued && { queuedPhase: true })
  }
  w.jobs.push(refreshJob(job, now))
  return { status: 200, body: jobDocument(w, job) }
}

/** Brings collection jobs up to date: a SUCCESSFUL job's namespaces now exist on its target. */
export function settleCollectionJobs(w: World): SimCollectionJob[] {
  for (const job of w.collectionJobs) {
    const { state, finishedAt } = collectionJobState(job, w.now())
    job.state = state
    if (finishedAt) job.finishedAt = finishedAt
    if (state === 'SUCCESSFUL' && !job.applied) {
      job.applied = true
      const t = findDeployment(w, job.target.groupId, job.target.name)
      for (const item of job.items) if (item.found && t) t.namespaces.add(item.target)
    }
  }
  return w.collectionJobs
}

const withSuffixes = (ns: string, dbSuffix: string, collSuffix: string) => {
  const dot = ns.indexOf('.')
  return `${ns.slice(0, dot)}${dbSuffix}.${ns.slice(dot + 1)}${collSuffix}`
}

/** POST /clusters/{name}/collectionRestoreJobs (2025-03-12). */
function createCollectionJob(w: World, d: SimDeployment, call: Call): Answer {
  const b = call.body
  const databases = (b.databases ?? []) as Namespace[]
  const collections = (b.collections ?? []) as Namespace[]
  if (databases.length + collections.length === 0) return missing('collections')
  for (const [i, c] of collections.entries()) {
    if (!/^[^.]+\.[^.].*$/.test(c.sourceNamespace))
      return invalid(
        `collections.${i}.sourceNamespace`,
        `${c.sourceNamespace} is not database.collection.`
      )
    if (c.targetNamespace && !/^[^.]+\.[^.].*$/.test(c.targetNamespace))
      return invalid(
        `collections.${i}.targetNamespace`,
        `${c.targetNamespace} is not database.collection.`
      )
  }
  for (const [i, db] of databases.entries()) {
    if (db.sourceNamespace === '' || db.sourceNamespace.includes('.'))
      return invalid(
        `databases.${i}.sourceNamespace`,
        `${db.sourceNamespace} is not a database name.`
      )
    if (db.targetNamespace?.includes('.'))
      return invalid(
        `databases.${i}.targetNamespace`,
        `${db.targetNamespace} is not a database name.`
      )
  }
  const utc = b.pointInTimeUtcSeconds !== undefined && b.pointInTimeUtcSeconds !== null
  const oplog =
    (b.oplogTs !== undefined && b.oplogTs !== null) ||
    (b.oplogInc !== undefined && b.oplogInc !== null)
  const given = [b.snapshotId !== undefined, utc, oplog].filter(Boolean).length
  if (given === 0) return missing('snapshotId')
  if (given > 1)
    return invalid(
      'snapshotId',
      'give one of snapshotId, pointInTimeUtcSeconds, or oplogTs and oplogInc.'
    )
  let snapshot: SimSnapshot
  let pointInTime: SimCollectionJob['pointInTime']
  if (b.snapshotId !== undefined) {
    const s = ownSnapshot(w, d, b.snapshotId)
    if (isAnswer(s)) return s
    snapshot = s
  } else {
    if (oplog && (b.oplogTs ?? null) === null) return missing('oplogTs')
    if (oplog && (b.oplogInc ?? null) === null) return missing('oplogInc')
    pointInTime = utc
      ? { pointInTimeUtcSeconds: b.pointInTimeUtcSeconds as number }
      : { oplogTs: b.oplogTs as number, oplogInc: b.oplogInc as number }
    const at = (pointInTime.pointInTimeUtcSeconds ?? pointInTime.oplogTs!) * 1000
    const s = pointInTimeSnapshot(w, d, at, utc ? 'pointInTimeUtcSeconds' : 'oplogTs')
    if (isAnswer(s)) return s
    snapshot = s
  }
  const t = targetDeployment(w, b.targetGroupId, b.targetClusterName, ['dedicated'])
  if (isAnswer(t)) return t
  const refused = checkTarget(w, d, snapshot, t, false)
  if (refused) return refused

  const dbSuffix = typeof b.databaseSuffix === 'string' ? b.databaseSuffix : ''
  const collSuffix = typeof b.collectionSuffix === 'string' ? b.collectionSuffix : ''
  const items: SimCollectionJob['items'] = []
  const add = (source: string, target: string, found: boolean) => {
    if (items.some(i => i.source === source)) return
    items.push({
      source,
      target: withSuffixes(target, dbSuffix, collSuffix),
      found,
      documents: documentCount(source)
    })
  }
  for (const c of collections)
    add(
      c.sourceNamespace,
      c.targetNamespace || c.sourceNamespace,
      d.namespaces.has(c.sourceNamespace)
    )
  for (const db of databases) {
    const inSource = [...d.namespaces].filter(ns => ns.startsWith(`${db.sourceNamespace}.`)).sort()
    if (inSource.length === 0)
      add(`${db.sourceNamespace}.*`, `${db.targetNamespace || db.sourceNamespace}.*`, false)
    const into = db.targetNamespace || db.sourceNamespace
    for (const ns of inSource) add(ns, `${into}.${ns.slice(db.sourceNamespace.length + 1)}`, true)
  }
  settleCollectionJobs(w)
  if (b.writeStrategy === 'CREATE_NEW') {
    const clash = items.find(i => i.found && t.namespaces.has(i.target))
    if (clash)
      return apiError(
        409,
        'TARGET_NAMESPACE_ALREADY_EXISTS',
        `Namespace ${clash.target} already exists on target cluster ${t.name}: with writeStrategy CREATE_NEW a restore cannot write to an existing namespace. Use OVERWRITE_EXISTING, or databaseSuffix/collectionSuffix to restore under new names.`,
        [clash.target, t.name]
      )
  }
  const scripted = w.collectionScript.shift()
  const now = w.now()
  const job: SimCollectionJob = {
    id: w.ids.next(now + w.clockSkewMs),
    groupId: d.groupId,
    clusterName: d.name,
    target: { groupId: t.groupId, name: t.name },
    ...(b.snapshotId !== undefined && { snapshotId: b.snapshotId as string }),
    ...(pointInTime && { pointInTime }),
    databases,
    collections,
    databaseSuffix: dbSuffix,
    collectionSuffix: collSuffix,
    indexStrategy: b.indexStrategy as string,
    writeStrategy: b.writeStrategy as SimCollectionJob['writeStrategy'],
    items,
    createdAt: new Date(now),
    durationMs: scripted?.durationMs ?? w.restoreDurationMs,
    outcome: scripted?.outcome ?? 'SUCCESSFUL',
    state: 'INITIALIZING',
    applied: false
  }
  w.collectionJobs.push(job)
  return { status: 201, body: collectionJobDocument(job, now) }
}
