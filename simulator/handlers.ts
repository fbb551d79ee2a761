// The operations: what each spec operation does to the simulated state, and its answer. The
// request has already passed auth, media-type, body-schema and paging checks (index.ts).

import {
  clusterDocument,
  clusterSnapshotDocument,
  flaggedJobDocument,
  flexDocument,
  serverlessDocument,
  serverlessSnapshotDocument,
  statusJobDocument,
  statusSnapshotDocument
} from './documents.js'
import {
  jobState,
  shuffled,
  type IdFactory,
  type Kind,
  type Outcome,
  type SimDeployment,
  type SimJob,
  type SimSnapshot
} from './state.js'

export interface Answer {
  status: number
  body?: unknown
  /** Errors carry no rate-limit headers when Atlas sends none (unknown project). */
  noRateLimit?: boolean
}

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
  sunset: Set<string>
}

export interface Call {
  operationId: string
  params: Record<string, string>
  query: URLSearchParams
  body: Record<string, unknown>
  version: string
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout'
}

export function apiError(
  status: number,
  errorCode: string,
  detail: string,
  parameters: unknown[] = []
): Answer {
  return {
    status,
    body: { detail, error: status, errorCode, parameters, reason: REASONS[status] ?? 'Error' }
  }
}

const KIND_OF_API: Record<string, Kind[]> = {
  cluster: ['dedicated'],
  tenant: ['shared'],
  flex: ['flex'],
  serverless: ['serverless']
}

/** Which API family an operation belongs to, and the deployment name parameter it uses. */
function family(
  operationId: string
): 'cluster' | 'clusterDescribe' | 'tenant' | 'flex' | 'serverless' {
  if (operationId === 'getGroupCluster') return 'clusterDescribe'
  if (/Tenant|listClusterBackupSnapshots/.test(operationId)) return 'tenant'
  if (/Flex/.test(operationId)) return 'flex'
  if (/Serverless/.test(operationId)) return 'serverless'
  return 'cluster'
}

export function targetState(w: World, d: SimDeployment): string {
  const now = w.now()
  const writing = w.jobs.some(job => {
    if (
      job.target?.groupId !== d.groupId ||
      job.target.name !== d.name ||
      job.deliveryType === 'download'
    )
      return false
    const { status, finishedAt } = jobState(job, now)
    if (status === 'pending' || status === 'running') return true
    return (
      status === 'completed' &&
      finishedAt !== undefined &&
      now - finishedAt.getTime() < w.targetUpdatingMs
    )
  })
  return writing ? 'UPDATING' : d.stateName
}

function findDeployment(w: World, groupId: string, name: string) {
  return w.deployments.find(d => d.groupId === groupId && d.name === name)
}

/** The deployment an operation acts on, or the error Atlas gives when its kind is wrong. */
function resolve(w: World, call: Call): SimDeployment | Answer {
  const fam = family(call.operationId)
  const name = call.params.clusterName ?? call.params.name
  const d = findDeployment(w, call.params.groupId, name)
  const notFound =
    fam === 'serverless'
      ? apiError(
          404,
          'SERVERLESS_INSTANCE_NOT_FOUND',
          `No serverless instance with name ${name} exists in group ${call.params.groupId}.`,
          [name, call.params.groupId]
        )
      : apiError(
          404,
          'CLUSTER_NOT_FOUND',
          `No cluster named ${name} exists in group ${call.params.groupId}.`,
          [name, call.params.groupId]
        )
  if (!d) return notFound
  if (fam === 'clusterDescribe' || fam === 'cluster') {
    if (d.kind === 'flex')
      return apiError(
        400,
        'CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API',
        `Flex cluster ${name} cannot be used in the Cluster API.`,
        [name]
      )
    if (d.kind === 'serverless') {
      return apiError(
        400,
        'CANNOT_USE_SERVERLESS_INSTANCE_IN_CLUSTER_API',
        `Serverless instance ${name} cannot be used in the Cluster API.`,
        [name]
      )
    }
    if (fam === 'cluster' && d.kind !== 'dedicated') {
      return apiError(
        400,
        'TENANT_CLUSTER_NOT_SUPPORTED',
        `Cluster ${name} is a shared-tier cluster: use the tenant backup endpoints.`,
        [name]
      )
    }
    return d
  }
  if (fam === 'flex' && d.kind !== 'flex') {
    return apiError(
      400,
      'CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API',
      `Cannot use non-flex cluster ${name} in the flex API.`,
      [name]
    )
  }
  if (fam === 'tenant') {
    if (d.kind === 'free')
      return apiError(
        400,
        'CLUSTER_DOES_NOT_SUPPORT_BACKUP',
        `Cluster ${name} is an M0 free cluster and has no backup.`,
        [name]
      )
    if (d.kind === 'flex')
      return apiError(
        400,
        'CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API',
        `Flex cluster ${name} cannot be used in the Cluster API.`,
        [name]
      )
    if (!KIND_OF_API.tenant.includes(d.kind))
      return apiError(400, 'NOT_TENANT_CLUSTER', `Cluster ${name} is not a shared-tier cluster.`, [
        name
      ])
  }
  if (fam === 'serverless' && d.kind !== 'serverless') return notFound
  return d
}

function page<T extends { id: string }>(
  w: World,
  call: Call,
  path: string,
  items: T[],
  render: (item: T) => unknown
): Answer {
  const pageNum = Number(call.query.get('pageNum') ?? 1)
  const itemsPerPage = Number(call.query.get('itemsPerPage') ?? 100)
  const includeCount = call.query.get('includeCount') !== 'false'
  const ordered = shuffled(items, w.seed)
  const results = ordered.slice((pageNum - 1) * itemsPerPage, pageNum * itemsPerPage)
  const link = (n: number) =>
    `${w.base}${path}?includeCount=${includeCount}&itemsPerPage=${itemsPerPage}&pageNum=${n}`
  return {
    status: 200,
    body: {
      links: [
        { href: link(pageNum), rel: 'self' },
        ...(pageNum * itemsPerPage < ordered.length
          ? [{ href: link(pageNum + 1), rel: 'next' }]
          : []),
        ...(pageNum > 1 ? [{ href: link(pageNum - 1), rel: 'previous' }] : [])
      ],
      results: results.map(render),
      ...(includeCount && { totalCount: ordered.length })
    }
  }
}

function snapshotDoc(w: World, d: SimDeployment, s: SimSnapshot): unknown {
  if (d.kind === 'dedicated') return clusterSnapshotDocument(s, w.base)
  if (d.kind === 'serverless') return serverlessSnapshotDocument(s, w.base)
  return statusSnapshotDocument(s, w.base, d.kind === 'shared')
}

function jobDoc(w: World, job: SimJob): unknown {
  const snapshot = w.snapshots.find(s => s.id === job.snapshotId)
  const taken = snapshot?.createdAt
  return job.kind === 'dedicated' || job.kind === 'serverless'
    ? flaggedJobDocument(job, w.now(), w.base, taken)
    : statusJobDocument(job, w.now(), w.base, taken)
}

/** Refreshes the public status fields of every job (tests read them through sim.jobs()). */
export function refreshJobs(w: World): void {
  const now = w.now()
  for (const job of w.jobs) Object.assign(job, jobState(job, now))
}

/** A snapshot or job of this deployment by ID. */
function own<T extends { id: string; groupId: string; clusterName: string }>(
  items: T[],
  d: SimDeployment,
  id: string
) {
  return items.find(x => x.id === id && x.groupId === d.groupId && x.clusterName === d.name)
}
const notFound = (errorCode: string, detail: string, id: string) =>
  apiError(404, errorCode, detail, [id])

export function handle(w: World, call: Call, path: string): Answer {
  const resolved = resolve(w, call)
  if ('status' in resolved && !('kind' in resolved)) return resolved
  const d = resolved as SimDeployment
  const id = call.params.restoreJobId ?? call.params.restoreId ?? call.params.snapshotId

  switch (call.operationId) {
    case 'getGroupCluster':
      return { status: 200, body: clusterDocument(d, call.version, w.base, targetState(w, d)) }
    case 'getGroupFlexCluster':
      return { status: 200, body: flexDocument(d, targetState(w, d)) }
    case 'getGroupServerlessInstance':
      return { status: 200, body: serverlessDocument(d, w.base, targetState(w, d)) }

    case 'listGroupClusterBackupSnapshots':
    case 'listGroupServerlessBackupSnapshots':
    case 'listGroupFlexClusterBackupSnapshots':
    case 'listClusterBackupSnapshots': {
      const own = w.snapshots.filter(s => s.groupId === d.groupId && s.clusterName === d.name)
      return page(w, call, path, own, s => snapshotDoc(w, d, s))
    }
    case 'getGroupClusterBackupSnapshot':
    case 'getGroupServerlessBackupSnapshot':
    case 'getGroupFlexClusterBackupSnapshot':
    case 'getBackupTenantSnapshot': {
      const s = own(w.snapshots, d, id)
      if (!s)
        return notFound(
          'SNAPSHOT_NOT_FOUND',
          `No snapshot with ID ${id} exists for cluster ${d.name}.`,
          id
        )
      return { status: 200, body: snapshotDoc(w, d, s) }
    }

    case 'listGroupClusterBackupRestoreJobs':
    case 'listGroupServerlessBackupRestoreJobs':
    case 'listGroupFlexClusterBackupRestoreJobs':
    case 'listBackupTenantRestores': {
      const own = w.jobs.filter(j => j.groupId === d.groupId && j.clusterName === d.name)
      return page(w, call, path, own, j => jobDoc(w, j))
    }
    case 'getGroupClusterBackupRestoreJob':
    case 'getGroupServerlessBackupRestoreJob':
    case 'getGroupFlexClusterBackupRestoreJob':
    case 'getBackupTenantRestore': {
      const job = own(w.jobs, d, id)
      if (!job)
        return notFound(
          'RESTORE_JOB_NOT_FOUND',
          `No restore job with ID ${id} exists for cluster ${d.name}.`,
          id
        )
      return { status: 200, body: jobDoc(w, job) }
    }
    case 'cancelGroupClusterBackupRestoreJob': {
      const job = own(w.jobs, d, id)
      if (!job)
        return notFound(
          'RESTORE_JOB_NOT_FOUND',
          `No restore job with ID ${id} exists for cluster ${d.name}.`,
          id
        )
      const { status } = jobState(job, w.now())
      if (status !== 'pending' && status !== 'running') {
        return apiError(
          400,
          'CANNOT_CANCEL_FINISHED_RESTORE_JOB',
          `Restore job ${id} has already finished.`,
          [id]
        )
      }
      job.cancelled = true
      return { status: 204 }
    }

    case 'createGroupClusterBackupRestoreJob':
    case 'createGroupServerlessBackupRestoreJob':
      return createFlagged(w, d, call)
    case 'createGroupFlexClusterBackupRestoreJob':
    case 'createBackupTenantRestore':
      return createRestore(w, d, call, 'automated')
    case 'downloadFlexBackup':
    case 'downloadClusterBackupTenant':
      return createRestore(w, d, call, 'download')
  }
  return apiError(404, 'RESOURCE_NOT_FOUND', `Operation ${call.operationId} is not simulated.`)
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
  if (!s)
    return apiError(
      404,
      'SNAPSHOT_NOT_FOUND',
      `No snapshot with ID ${snapshotId} exists for cluster ${d.name}.`,
      [snapshotId]
    )
  if (s.status !== 'completed')
    return apiError(400, 'SNAPSHOT_NOT_COMPLETE', `Snapshot ${snapshotId} is not completed.`, [
      snapshotId
    ])
  return s
}

function targetDeployment(
  w: World,
  groupId: unknown,
  name: unknown,
  allowed: Kind[]
): SimDeployment | Answer {
  if (typeof groupId !== 'string' || !w.projects.has(groupId)) {
    return apiError(404, 'GROUP_NOT_FOUND', `No group with ID ${String(groupId)} exists.`, [
      String(groupId)
    ])
  }
  const t = findDeployment(w, groupId, String(name))
  if (!t || !allowed.includes(t.kind)) {
    return apiError(
      404,
      'CLUSTER_NOT_FOUND',
      `No cluster named ${String(name)} exists in group ${groupId}.`,
      [String(name), groupId]
    )
  }
  return t
}

const isAnswer = (x: unknown): x is Answer =>
  typeof x === 'object' && x !== null && 'status' in x && !('kind' in x) && !('clusterName' in x)

/** Dedicated and serverless: POST …/backup/restoreJobs with deliveryType. */
function createFlagged(w: World, d: SimDeployment, call: Call): Answer {
  const b = call.body
  const deliveryType = b.deliveryType as SimJob['deliveryType']
  const hasTarget = b.targetClusterName !== undefined || b.targetGroupId !== undefined
  let snapshot: SimSnapshot | undefined
  let pointInTime: Record<string, number> | undefined
  if (deliveryType === 'pointInTime') {
    if (b.snapshotId !== undefined)
      return apiError(
        400,
        'INVALID_ATTRIBUTE',
        'snapshotId cannot be specified for a point-in-time restore.',
        ['snapshotId']
      )
    const utc = b.pointInTimeUTCSeconds !== undefined
    const oplog = b.oplogTs !== undefined || b.oplogInc !== undefined
    if (utc === oplog) {
      return apiError(
        400,
        'INVALID_ATTRIBUTE',
        'Specify either pointInTimeUTCSeconds or oplogTs and oplogInc.',
        ['pointInTimeUTCSeconds']
      )
    }
    if (oplog && (b.oplogTs === undefined || b.oplogInc === undefined)) {
      return apiError(
        400,
        'MISSING_ATTRIBUTE',
        'oplogTs and oplogInc must be specified together.',
        ['oplogInc']
      )
    }
    if (!d.pitEnabled)
      return apiError(
        400,
        'CLUSTER_PIT_NOT_ENABLED',
        `Continuous backup is not enabled for ${d.name}.`,
        [d.name]
      )
    pointInTime = utc
      ? { pointInTimeUTCSeconds: b.pointInTimeUTCSeconds as number }
      : { oplogTs: b.oplogTs as number, oplogInc: b.oplogInc as number }
    // Atlas restores from the newest snapshot before that moment.
    const at = (pointInTime.pointInTimeUTCSeconds ?? pointInTime.oplogTs) * 1000
    if (at > w.now())
      return apiError(400, 'INVALID_ATTRIBUTE', 'The point in time is in the future.', [
        'pointInTimeUTCSeconds'
      ])
    snapshot = w.snapshots
      .filter(
        s =>
          s.groupId === d.groupId &&
          s.clusterName === d.name &&
          s.status === 'completed' &&
          s.createdAt.getTime() <= at
      )
      .sort((a, b2) => b2.createdAt.getTime() - a.createdAt.getTime())[0]
  } else {
    for (const field of ['pointInTimeUTCSeconds', 'oplogTs', 'oplogInc']) {
      if (b[field] !== undefined)
        return apiError(
          400,
          'INVALID_ATTRIBUTE',
          `${field} is only valid for a point-in-time restore.`,
          [field]
        )
    }
    const s = completedSnapshot(w, d, b.snapshotId)
    if (isAnswer(s)) return s
    snapshot = s
  }
  let target: SimJob['target']
  const needsTarget = deliveryType !== 'download' || d.kind === 'serverless'
  if (needsTarget) {
    if (b.targetClusterName === undefined || b.targetGroupId === undefined) {
      return apiError(
        400,
        'MISSING_ATTRIBUTE',
        'targetClusterName and targetGroupId are required for this restore.',
        ['targetClusterName']
      )
    }
    const t = targetDeployment(w, b.targetGroupId, b.targetClusterName, [d.kind])
    if (isAnswer(t)) return t
    if (deliveryType !== 'download') target = { groupId: t.groupId, name: t.name }
  } else if (hasTarget) {
    return apiError(400, 'INVALID_ATTRIBUTE', 'A download restore takes no target.', [
      'targetClusterName'
    ])
  }
  return createJob(w, d, deliveryType, snapshot?.id, target, pointInTime)
}

/** Flex and tenant: restore (targetDeploymentItemName/targetProjectId) or download. */
function createRestore(
  w: World,
  d: SimDeployment,
  call: Call,
  deliveryType: 'automated' | 'download'
): Answer {
  const b = call.body
  const s = completedSnapshot(w, d, b.snapshotId)
  if (isAnswer(s)) return s
  let target: SimJob['target']
  if (deliveryType === 'automated' || d.kind === 'shared') {
    const t = targetDeployment(w, b.targetProjectId ?? d.groupId, b.targetDeploymentItemName, [
      'flex',
      'dedicated',
      'shared'
    ])
    if (isAnswer(t)) return t
    if (deliveryType === 'automated') target = { groupId: t.groupId, name: t.name }
  }
  return createJob(w, d, deliveryType, s.id, target)
}

function createJob(
  w: World,
  d: SimDeployment,
  deliveryType: SimJob['deliveryType'],
  snapshotId: string | undefined,
  target: SimJob['target'],
  pointInTime?: Record<string, number>
): Answer {
  const scripted = w.script.shift()
  const now = w.now()
  const id = w.ids.next(now)
  const target_ = target && findDeployment(w, target.groupId, target.name)
  const urls =
    deliveryType === 'download'
      ? Array.from({ length: d.clusterType === 'SHARDED' ? d.shards : 1 }, (_, i) =>
          d.kind === 'dedicated' || d.kind === 'serverless'
            ? `https://restore-${id}.${d.hostId}.mongodb.net:27017/${w.ids.token(24)}/restore-${snapshotId}${d.clusterType === 'SHARDED' ? `-shard-${i}` : ''}.tar.gz`
            : `https://${d.kind === 'flex' ? 'flex' : 'tenant'}-backups.mongodb.net/${d.groupId}/${d.name}/${w.ids.token(32)}/${snapshotId}.tar.gz`
        )
      : []
  const job: SimJob = {
    id,
    kind: d.kind,
    groupId: d.groupId,
    clusterName: d.name,
    deliveryType,
    ...(snapshotId && { snapshotId }),
    ...(target && { target }),
    ...(pointInTime && { pointInTime }),
    createdAt: new Date(now),
    durationMs:
      scripted?.durationMs ??
      (deliveryType === 'download' ? w.downloadDurationMs : w.restoreDurationMs),
    outcome: scripted?.outcome ?? 'completed',
    cancelled: false,
    deliveryUrls: urls,
    targetDeploymentItemName: target_ ? `atlas-${target_.hostId}` : '',
    status: 'pending'
  }
  w.jobs.push(job)
  return { status: 200, body: jobDoc(w, job) }
}
