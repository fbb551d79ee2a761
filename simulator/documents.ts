// Documents shaped like the real ones in test/fixtures/recordings: what each kind's API answers
// for deployments, snapshots and restore jobs, nulls and extra fields included.

import { jobState, type SimDeployment, type SimJob, type SimSnapshot } from './state.js'

type Doc = Record<string, unknown>
const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')
const HOUR = 3_600_000

export function connectionStrings(d: SimDeployment): Doc {
  const host = `${d.hostId}.mongodb.net`
  const lower = d.name.toLowerCase()
  const srv = `mongodb+srv://${lower}.${host}`
  if (d.kind === 'serverless') return { standardSrv: srv }
  const nodes = [0, 1, 2].map(i => `${lower}-shard-00-0${i}.${host}:27017`).join(',')
  return {
    standard: `mongodb://${nodes}/?ssl=true&authSource=admin&replicaSet=atlas-${d.hostId}-shard-0`,
    standardSrv: srv
  }
}

function links(base: string, path: string, rels: Record<string, string> = {}): Doc[] {
  return [
    { href: `${base}${path}`, rel: 'self' },
    ...Object.entries(rels).map(([rel, href]) => ({ href: `${base}${href}`, rel }))
  ]
}

const provider = (d: SimDeployment) => (d.kind === 'shared' || d.kind === 'free' ? 'TENANT' : 'AWS')

/** GET /clusters/{name}, in the shape of the version asked for. */
export function clusterDocument(
  d: SimDeployment,
  version: string,
  base: string,
  stateName: string
): Doc {
  const path = `/api/atlas/v2/groups/${d.groupId}/clusters/${d.name}`
  const common: Doc = {
    backupEnabled: d.backupEnabled,
    biConnector: { enabled: false, readPreference: 'secondary' },
    clusterType: d.clusterType,
    connectionStrings: connectionStrings(d),
    createDate: iso(d.createdAt),
    diskWarmingMode: 'FULLY_WARMED',
    encryptionAtRestProvider: 'NONE',
    globalClusterSelfManagedSharding: false,
    groupId: d.groupId,
    id: d.id,
    labels: [],
    links: links(base, path, {
      'https://cloud.mongodb.com/restoreJobs': `${path}/backup/restoreJobs`,
      'https://cloud.mongodb.com/snapshots': `${path}/backup/snapshots`
    }),
    mongoDBMajorVersion: '8.0',
    mongoDBVersion: '8.0.29',
    name: d.name,
    paused: false,
    pitEnabled: d.pitEnabled,
    rootCertType: 'ISRGROOTX1',
    stateName,
    tags: [],
    terminationProtectionEnabled: false,
    versionReleaseSystem: 'LTS'
  }
  const electable =
    provider(d) === 'TENANT'
      ? { effectiveInstanceSize: d.instanceSize, instanceSize: d.instanceSize }
      : {
          instanceSize: d.instanceSize,
          diskIOPS: 3000,
          diskSizeGB: 30,
          ebsVolumeType: 'STANDARD',
          nodeCount: 3
        }
  const region: Doc = {
    electableSpecs: electable,
    ...(provider(d) === 'TENANT' && { backingProviderName: 'AWS' }),
    priority: 7,
    providerName: provider(d),
    regionName: 'US_EAST_1'
  }
  if (version === '2024-08-05') {
    const specs = Array.from({ length: d.clusterType === 'SHARDED' ? d.shards : 1 }, (_, i) => ({
      id: `${d.id.slice(0, 20)}${String(i).padStart(4, '0')}`,
      regionConfigs: [region],
      zoneId: `${d.id.slice(0, 20)}ffff`,
      zoneName: 'Zone 1'
    }))
    return {
      adaptiveCapacity: null,
      ...common,
      effectiveReplicationSpecs: specs,
      featureCompatibilityVersion: '8.0',
      internalClusterRole: 'NONE',
      replicationSpecs: specs
    }
  }
  // 2023-01-01 and 2023-02-01: the legacy shape with providerSettings.
  return {
    ...common,
    diskSizeGB: provider(d) === 'TENANT' ? 0.5 : 30,
    mongoURI: `mongodb://${d.name.toLowerCase()}-shard-00-00.${d.hostId}.mongodb.net:27017`,
    numShards: d.clusterType === 'SHARDED' ? d.shards : 1,
    providerBackupEnabled: d.backupEnabled,
    providerSettings: {
      providerName: provider(d),
      ...(provider(d) === 'TENANT' && { backingProviderName: 'AWS' }),
      instanceSizeName: d.instanceSize,
      regionName: 'US_EAST_1'
    },
    replicationFactor: 3
  }
}

/** As recorded: a flex cluster document has no links. */
export function flexDocument(d: SimDeployment, stateName: string): Doc {
  return {
    backupSettings: { enabled: true },
    clusterType: 'REPLICASET',
    connectionStrings: connectionStrings(d),
    createDate: iso(d.createdAt),
    groupId: d.groupId,
    id: d.id,
    mongoDBVersion: '8.0.29',
    name: d.name,
    providerSettings: {
      backingProviderName: 'AWS',
      diskSizeGB: 5,
      providerName: 'FLEX',
      regionName: 'US_EAST_1'
    },
    stateName,
    tags: [],
    terminationProtectionEnabled: false,
    versionReleaseSystem: 'LTS'
  }
}

export function serverlessDocument(d: SimDeployment, base: string, stateName: string): Doc {
  return {
    connectionStrings: connectionStrings(d),
    createDate: iso(d.createdAt),
    groupId: d.groupId,
    id: d.id,
    links: links(base, `/api/atlas/v2/groups/${d.groupId}/serverless/${d.name}`),
    mongoDBVersion: '8.0.29',
    name: d.name,
    providerSettings: {
      backingProviderName: 'AWS',
      providerName: 'SERVERLESS',
      regionName: 'US_EAST_1'
    },
    serverlessBackupOptions: { serverlessContinuousBackupEnabled: d.pitEnabled },
    stateName,
    tags: [],
    terminationProtectionEnabled: false
  }
}

/** Dedicated snapshots: no createdAt until completed (as recorded). */
export function clusterSnapshotDocument(s: SimSnapshot, base: string): Doc {
  const path = `/api/atlas/v2/groups/${s.groupId}/clusters/${s.clusterName}/backup/snapshots/${s.id}`
  const done = s.status === 'completed'
  return {
    ...(done && { cloudProvider: 'AWS' }),
    copyRegions: [],
    ...(done && { createdAt: iso(s.createdAt) }),
    description: 'scheduled snapshot',
    expiresAt: iso(new Date(s.createdAt.getTime() + 7 * 24 * HOUR)),
    frequencyType: 'daily',
    id: s.id,
    links: links(base, path, {
      'https://cloud.mongodb.com/cluster': `/api/atlas/v2/groups/${s.groupId}/clusters/${s.clusterName}`
    }),
    ...(s.status !== 'queued' && { mongodVersion: '8.0.29' }),
    policyItems: [],
    replicaSetName: s.clusterName,
    snapshotType: 'scheduled',
    status: s.status,
    storageSizeBytes: done ? 4186517504 : 0,
    type: 'replicaSet'
  }
}

export function serverlessSnapshotDocument(s: SimSnapshot, base: string): Doc {
  return {
    ...(s.status === 'completed' && { createdAt: iso(s.createdAt) }),
    expiresAt: iso(new Date(s.createdAt.getTime() + 2 * 24 * HOUR)),
    frequencyType: 'hourly',
    id: s.id,
    links: links(
      base,
      `/api/atlas/v2/groups/${s.groupId}/serverless/${s.clusterName}/backup/snapshots/${s.id}`
    ),
    mongodVersion: '8.0.29',
    serverlessInstanceName: s.clusterName,
    snapshotType: 'scheduled',
    status: s.status,
    storageSizeBytes: 104857600
  }
}

const STATUS_UPPER: Record<string, string> = {
  queued: 'QUEUED',
  inProgress: 'RUNNING',
  completed: 'COMPLETED',
  failed: 'FAILED'
}

/** Flex and tenant snapshots: no createdAt; scheduledTime, startTime, finishTime (as recorded). */
export function statusSnapshotDocument(s: SimSnapshot, base: string, tenant: boolean): Doc {
  const t = s.createdAt.getTime()
  return {
    expiration: iso(new Date(t + 8 * 24 * HOUR)),
    ...(s.status === 'completed' && { finishTime: iso(s.createdAt) }),
    id: s.id,
    ...(tenant && {
      links: links(
        base,
        `/api/atlas/v2/groups/${s.groupId}/clusters/${s.clusterName}/backup/tenant/snapshots/${s.id}`
      )
    }),
    mongoDBVersion: '8.0.29',
    scheduledTime: iso(new Date(t - 106_000)),
    startTime: iso(new Date(t - 79_000)),
    status: STATUS_UPPER[s.status]
  }
}

/** Dedicated and serverless jobs: flags, not a status (as recorded). */
export function flaggedJobDocument(
  job: SimJob,
  now: number,
  base: string,
  snapshotTime: Date | undefined
): Doc {
  const { status, finishedAt } = jobState(job, now)
  const download = job.deliveryType === 'download'
  const ready = download && (status === 'completed' || status === 'expired')
  const api = job.kind === 'serverless' ? 'serverless' : 'clusters'
  const path = `/api/atlas/v2/groups/${job.groupId}/${api}/${job.clusterName}/backup/restoreJobs/${job.id}`
  return {
    cancelled: status === 'cancelled',
    ...(job.kind === 'dedicated' &&
      ready &&
      job.deliveryUrls.length > 1 && {
        components: job.deliveryUrls.map((url, i) => ({
          downloadUrl: url,
          replicaSetName: `atlas-${i}-shard-${i}`
        }))
      }),
    deliveryType: job.deliveryType,
    deliveryUrl: ready ? job.deliveryUrls : [],
    desiredTimestamp: { increment: null, time: null, date: null },
    expired: status === 'expired',
    ...(ready && finishedAt && { expiresAt: iso(new Date(finishedAt.getTime() + HOUR)) }),
    failed: status === 'failed',
    // Downloads never get a finishedAt: the URL is the sign (as recorded).
    ...(!download && finishedAt && status !== 'cancelled' && { finishedAt: iso(finishedAt) }),
    id: job.id,
    links: links(base, path, {
      'https://cloud.mongodb.com/snapshot': `/api/atlas/v2/groups/${job.groupId}/${api}/${job.clusterName}/backup/snapshots/${job.snapshotId}`,
      'https://cloud.mongodb.com/cluster': `/api/atlas/v2/groups/${job.groupId}/${api}/${job.clusterName}`,
      'https://cloud.mongodb.com/group': `/api/atlas/v2/groups/${job.groupId}`
    }),
    ...job.pointInTime,
    ...(job.snapshotId && { snapshotId: job.snapshotId }),
    ...(job.target && {
      targetClusterName: job.target.name,
      targetDeploymentItemName: job.targetDeploymentItemName,
      targetGroupId: job.target.groupId
    }),
    ...(snapshotTime && { timestamp: iso(snapshotTime) })
  }
}

const FLEX_STATUS: Record<SimJob['status'], string> = {
  pending: 'PENDING',
  running: 'RUNNING',
  completed: 'COMPLETED',
  failed: 'FAILED',
  cancelled: 'FAILED',
  expired: 'FAILED'
}

/** Flex and tenant jobs: a status, dates, and snapshotUrl for a finished download. */
export function statusJobDocument(
  job: SimJob,
  now: number,
  base: string,
  snapshotTime: Date | undefined
): Doc {
  const { status, finishedAt } = jobState(job, now)
  const download = job.deliveryType === 'download'
  const scheduled = job.createdAt
  const doc: Doc = {
    ...(job.kind === 'shared' && { clusterName: job.clusterName }),
    deliveryType: download ? 'DOWNLOAD' : 'RESTORE',
    expirationDate: iso(new Date(scheduled.getTime() + 6 * HOUR)),
    id: job.id,
    ...(job.kind === 'flex' && { instanceName: job.clusterName }),
    ...(job.kind === 'shared' && {
      links: links(
        base,
        `/api/atlas/v2/groups/${job.groupId}/clusters/${job.clusterName}/backup/tenant/restores/${job.id}`
      )
    }),
    projectId: job.groupId,
    ...(finishedAt && status === 'completed' && { restoreFinishedDate: iso(finishedAt) }),
    restoreScheduledDate: iso(scheduled),
    ...(snapshotTime && { snapshotFinishedDate: iso(snapshotTime) }),
    snapshotId: job.snapshotId,
    ...(download && status === 'completed' && { snapshotUrl: job.deliveryUrls[0] }),
    status: FLEX_STATUS[status],
    ...(job.target && {
      targetDeploymentItemName: job.target.name,
      targetProjectId: job.target.groupId
    })
  }
  return doc
}
