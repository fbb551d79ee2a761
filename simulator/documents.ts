// Documents shaped like the real ones in __tests__/fixtures/recordings: what each kind's API answers
// for deployments, snapshots and restore jobs — key order, nulls, missing dates and fields the
// spec does not list included.

import { createHash } from 'node:crypto'
import {
  collectionJobState,
  isSharded,
  jobState,
  majorVersion,
  pendingMs,
  type SimCollectionJob,
  type SimDeployment,
  type SimJob,
  type SimSnapshot
} from './state.js'

type Doc = Record<string, unknown>
export const DOMAIN = 'mongodb.example.net'
const HOUR = 3_600_000
const DAY = 24 * HOUR

/** RFC 3339 without milliseconds, as Atlas writes dates. */
export const iso = (d: Date | number) => new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z')

const nextHour = (t: number) => {
  const next = new Date(t)
  next.setUTCHours(next.getUTCHours() + 1, 0, 0, 0)
  return next
}

const api = (groupId: string) => `/api/atlas/v2/groups/${groupId}`

function links(base: string, self: string, rels: [string, string][] = []): Doc[] {
  return [
    { href: `${base}${self}`, rel: 'self' },
    ...rels.map(([rel, href]) => ({ href: `${base}${href}`, rel }))
  ]
}

const isTenant = (d: SimDeployment) => d.kind === 'shared' || d.kind === 'free'

/** Connection strings like the recorded ones: name-based hosts for dedicated, `ac-…` otherwise. */
export function connectionStrings(d: SimDeployment): Doc {
  const host = `${d.hostId}.${DOMAIN}`
  const lower = d.name.toLowerCase()
  const srv = `mongodb+srv://${lower}.${host}`
  if (d.kind === 'serverless') return { standardSrv: srv }
  const prefix = d.kind === 'dedicated' ? lower : `ac-${d.rsId}${d.hostId.slice(0, 1)}`
  const nodes = [0, 1, 2].map(i => `${prefix}-shard-00-0${i}.${host}:27017`).join(',')
  const sharded = isSharded(d)
  return {
    standard: sharded
      ? `mongodb://${nodes}/?ssl=true&authSource=admin`
      : `mongodb://${nodes}/?ssl=true&authSource=admin&replicaSet=atlas-${d.rsId}-shard-0`,
    standardSrv: srv
  }
}

/** The deterministic ObjectId-like ids of a cluster's replication specs and zones. */
const subId = (d: SimDeployment, n: number) =>
  d.id.slice(0, 18) + (parseInt(d.id.slice(18), 16) + n).toString(16).padStart(6, '0').slice(-6)

function hardware(d: SimDeployment, nodeCount: number, withDisk: boolean): Doc {
  return {
    instanceSize: d.instanceSize,
    diskIOPS: 3000,
    ...(withDisk && { diskSizeGB: 30 }),
    ebsVolumeType: 'STANDARD',
    nodeCount
  }
}

/** A region config of a 2023-02-01 or 2024-08-05 cluster document. */
function regionConfig(d: SimDeployment, version: string, effective: boolean): Doc {
  const v2024 = version === '2024-08-05'
  if (isTenant(d)) {
    return {
      electableSpecs: {
        effectiveInstanceSize: d.instanceSize,
        instanceSize: d.instanceSize,
        ...(v2024 && { diskSizeGB: d.kind === 'free' ? 0.5 : d.instanceSize === 'M5' ? 5 : 2 })
      },
      backingProviderName: 'AWS',
      priority: 7,
      providerName: 'TENANT',
      regionName: 'US_EAST_1'
    }
  }
  return {
    analyticsSpecs: hardware(d, 0, v2024),
    autoScaling: {
      compute: { enabled: false, scaleDownEnabled: false },
      diskGB: { enabled: false }
    },
    ...(effective && {
      effectiveAnalyticsSpecs: hardware(d, 0, v2024),
      effectiveElectableSpecs: hardware(d, 3, v2024),
      effectiveReadOnlySpecs: hardware(d, 0, v2024)
    }),
    electableSpecs: hardware(d, 3, v2024),
    priority: 7,
    providerName: 'AWS',
    readOnlySpecs: hardware(d, 0, v2024),
    regionName: 'US_EAST_1'
  }
}

/**
 * GET /clusters/{name} in the shape of the version asked for: 2024-08-05 and 2023-02-01 as
 * recorded (replicationSpecs with regionConfigs), 2023-01-01 the legacy providerSettings shape.
 */
export function clusterDocument(
  d: SimDeployment,
  version: string,
  base: string,
  stateName: string
): Doc {
  const self = `${api(d.groupId)}/clusters/${d.name}`
  const shards = isSharded(d) ? d.shards : 1
  const clusterLinks = links(base, self, [
    ['https://cloud.mongodb.com/restoreJobs', `${self}/backup/restoreJobs`],
    ['https://cloud.mongodb.com/snapshots', `${self}/backup/snapshots`]
  ])
  const advanced = d.kind === 'dedicated' && {
    advancedConfiguration: {
      customOpensslCipherConfigTls12: [],
      customOpensslCipherConfigTls13: [],
      minimumEnabledTlsProtocol: 'TLS1_2',
      tlsCipherConfigMode: 'DEFAULT'
    }
  }
  const diskSizeGB =
    d.kind === 'free' ? 0.5 : d.kind === 'shared' ? (d.instanceSize === 'M5' ? 5 : 2) : 30

  if (version === '2023-01-01') {
    const provider = isTenant(d)
      ? {
          providerName: 'TENANT',
          backingProviderName: 'AWS',
          instanceSizeName: d.instanceSize,
          regionName: 'US_EAST_1'
        }
      : {
          providerName: 'AWS',
          autoScaling: { compute: { maxInstanceSize: null, minInstanceSize: null } },
          diskIOPS: 3000,
          encryptEBSVolume: true,
          instanceSizeName: d.instanceSize,
          regionName: 'US_EAST_1',
          volumeType: 'STANDARD'
        }
    const region = { analyticsNodes: 0, electableNodes: 3, priority: 7, readOnlyNodes: 0 }
    const mongoURI = String((connectionStrings(d).standard as string).split('/?')[0])
    return {
      ...advanced,
      autoScaling: { compute: { enabled: false, scaleDownEnabled: false }, diskGBEnabled: false },
      backupEnabled: d.backupEnabled,
      biConnector: { enabled: false, readPreference: 'secondary' },
      clusterType: d.clusterType,
      connectionStrings: connectionStrings(d),
      createDate: iso(d.createdAt),
      diskSizeGB,
      diskWarmingMode: 'FULLY_WARMED',
      encryptionAtRestProvider: 'NONE',
      globalClusterSelfManagedSharding: false,
      groupId: d.groupId,
      id: d.id,
      labels: [],
      links: clusterLinks,
      mongoDBMajorVersion: majorVersion(d.mongoDBVersion),
      mongoDBVersion: d.mongoDBVersion,
      mongoURI,
      mongoURIUpdated: iso(d.createdAt),
      mongoURIWithOptions: connectionStrings(d).standard,
      name: d.name,
      numShards: shards,
      paused: d.paused,
      pitEnabled: d.pitEnabled,
      providerBackupEnabled: d.kind === 'dedicated' && d.backupEnabled,
      providerSettings: provider,
      replicationFactor: 3,
      replicationSpec: { US_EAST_1: region },
      replicationSpecs: [
        {
          id: subId(d, 1),
          numShards: shards,
          regionsConfig: { US_EAST_1: region },
          zoneName: 'Zone 1'
        }
      ],
      rootCertType: 'ISRGROOTX1',
      srvAddress: connectionStrings(d).standardSrv,
      stateName,
      tags: d.tags,
      terminationProtectionEnabled: false,
      versionReleaseSystem: 'LTS'
    }
  }

  const common = (specs: Doc): Doc => ({
    ...(version === '2024-08-05' && { adaptiveCapacity: null }),
    ...advanced,
    backupEnabled: d.backupEnabled,
    biConnector: { enabled: false, readPreference: 'secondary' },
    clusterType: d.clusterType,
    connectionStrings: connectionStrings(d),
    createDate: iso(d.createdAt),
    ...(version === '2023-02-01' && { diskSizeGB }),
    diskWarmingMode: 'FULLY_WARMED',
    ...(version === '2024-08-05' && { effectiveDatabaseEdition: 'CORE' }),
    ...specs,
    encryptionAtRestProvider: 'NONE',
    ...(version === '2024-08-05' && {
      featureCompatibilityVersion: majorVersion(d.mongoDBVersion)
    }),
    globalClusterSelfManagedSharding: false,
    groupId: d.groupId,
    id: d.id,
    ...(version === '2024-08-05' && { internalClusterRole: 'NONE' }),
    labels: [],
    links: clusterLinks,
    mongoDBMajorVersion: majorVersion(d.mongoDBVersion),
    mongoDBVersion: d.mongoDBVersion,
    name: d.name,
    paused: d.paused,
    pitEnabled: d.pitEnabled,
    ...(version === '2024-08-05' && { redactClientLogData: false })
  })
  const tail = (replicationSpecs: Doc[]): Doc => ({
    replicationSpecs,
    ...(version === '2024-08-05' && { retainBackups: false }),
    rootCertType: 'ISRGROOTX1',
    stateName,
    tags: d.tags,
    terminationProtectionEnabled: false,
    ...(version === '2024-08-05' && { useAwsTimeBasedSnapshotCopyForFastInitialSync: false }),
    versionReleaseSystem: 'LTS'
  })

  if (version === '2023-02-01') {
    return {
      ...common({}),
      ...tail([
        {
          id: subId(d, 1),
          numShards: shards,
          regionConfigs: [regionConfig(d, version, false)],
          zoneId: subId(d, 0),
          zoneName: 'Zone 1'
        }
      ])
    }
  }
  // 2024-08-05: one replication spec per shard.
  const specs = (effective: boolean) =>
    Array.from({ length: shards }, (_, i) => ({
      id: subId(d, i + 1),
      regionConfigs: [regionConfig(d, version, effective)],
      zoneId: subId(d, 0),
      zoneName: 'Zone 1'
    }))
  return {
    ...common({ effectiveReplicationSpecs: specs(false) }),
    ...tail(specs(!isTenant(d)))
  }
}

/** GET /flexClusters/{name}: as recorded (no links). */
export function flexDocument(d: SimDeployment, stateName: string): Doc {
  return {
    backupSettings: { enabled: true },
    clusterType: 'REPLICASET',
    connectionStrings: connectionStrings(d),
    createDate: iso(d.createdAt),
    groupId: d.groupId,
    id: d.id,
    mongoDBVersion: d.mongoDBVersion,
    name: d.name,
    providerSettings: {
      backingProviderName: 'AWS',
      diskSizeGB: 5,
      providerName: 'FLEX',
      regionName: 'US_EAST_1'
    },
    stateName,
    tags: d.tags,
    terminationProtectionEnabled: false,
    versionReleaseSystem: 'LTS'
  }
}

/** GET /serverless/{name}: only a standardSrv connection string. */
export function serverlessDocument(d: SimDeployment, base: string, stateName: string): Doc {
  const self = `${api(d.groupId)}/serverless/${d.name}`
  return {
    connectionStrings: connectionStrings(d),
    createDate: iso(d.createdAt),
    groupId: d.groupId,
    id: d.id,
    links: links(base, self, [
      ['https://cloud.mongodb.com/restoreJobs', `${self}/backup/restoreJobs`],
      ['https://cloud.mongodb.com/snapshots', `${self}/backup/snapshots`]
    ]),
    mongoDBVersion: d.mongoDBVersion,
    name: d.name,
    // As recorded (history.json) for an instance that runs on flex: TENANT / FLEX underneath,
    // plus nextBackupDate and tenantBackupEnabled, which the spec does not list.
    providerSettings: d.flexBacked
      ? {
          backingProviderName: 'AWS',
          effectiveDiskSizeGBLimit: 5,
          effectiveInstanceSizeName: 'FLEX',
          effectiveProviderName: 'TENANT',
          nextBackupDate: iso(nextHour(Date.now() + DAY)),
          providerName: 'SERVERLESS',
          regionName: 'US_EAST_1',
          tenantBackupEnabled: true
        }
      : {
          backingProviderName: 'AWS',
          effectiveDiskSizeGBLimit: 5,
          effectiveInstanceSizeName: 'FLEX',
          effectiveProviderName: 'FLEX',
          providerName: 'SERVERLESS',
          regionName: 'US_EAST_1'
        },
    serverlessBackupOptions: { serverlessContinuousBackupEnabled: d.pitEnabled },
    stateName,
    tags: d.tags,
    terminationProtectionEnabled: false
  }
}

/** Dedicated snapshots, as recorded: no createdAt (and storageSizeBytes 0) until completed. */
export function clusterSnapshotDocument(d: SimDeployment, s: SimSnapshot, base: string): Doc {
  const cluster = `${api(s.groupId)}/clusters/${s.clusterName}`
  const done = s.status === 'completed'
  const running = s.status !== 'queued'
  const onDemand = s.snapshotType === 'onDemand'
  const sharded = isSharded(d)
  // An on-demand snapshot's expiry is reckoned from the request, then from completion.
  const from = done ? s.createdAt.getTime() : (s.schedule?.requestedAt ?? s.createdAt.getTime())
  return {
    ...(running && { cloudProvider: 'AWS' }),
    copyRegions: [],
    ...(done && { createdAt: iso(s.createdAt) }),
    description:
      s.description ??
      (onDemand ? '' : s.snapshotType === 'fallback' ? 'Fallback snapshot' : 'Scheduled snapshot'),
    expiresAt: iso(from + s.retentionInDays * DAY),
    frequencyType: onDemand ? 'ondemand' : 'daily',
    id: s.id,
    links: links(base, `${cluster}/backup/snapshots/${s.id}`, [
      ['https://cloud.mongodb.com/cluster', cluster]
    ]),
    ...(running && { mongodVersion: s.mongodVersion }),
    policyItems: onDemand ? [] : [subId(d, 7)],
    ...(!sharded && { replicaSetName: s.clusterName }),
    snapshotType: s.snapshotType,
    status: s.status,
    storageSizeBytes: done ? 1582854144 : 0,
    type: sharded ? 'shardedCluster' : 'replicaSet'
  }
}

export function serverlessSnapshotDocument(s: SimSnapshot, base: string): Doc {
  const done = s.status === 'completed'
  return {
    ...(done && { createdAt: iso(s.createdAt) }),
    expiresAt: iso(s.createdAt.getTime() + s.retentionInDays * DAY),
    frequencyType: 'daily',
    id: s.id,
    links: links(base, `${api(s.groupId)}/serverless/${s.clusterName}/backup/snapshots/${s.id}`, [
      [
        'https://cloud.mongodb.com/serverlessInstance',
        `${api(s.groupId)}/serverless/${s.clusterName}`
      ]
    ]),
    mongodVersion: s.mongodVersion,
    serverlessInstanceName: s.clusterName,
    snapshotType: s.snapshotType,
    status: s.status,
    storageSizeBytes: done ? 104857600 : 0
  }
}

const UPPER: Record<SimSnapshot['status'], string> = {
  queued: 'QUEUED',
  inProgress: 'RUNNING',
  completed: 'COMPLETED',
  failed: 'FAILED'
}

/**
 * Flex and tenant snapshots, as recorded for flex: no createdAt but scheduledTime, startTime,
 * finishTime (once completed) and expiration; tenant snapshots also carry a self link.
 */
export function statusSnapshotDocument(s: SimSnapshot, base: string, tenant: boolean): Doc {
  const t = s.createdAt.getTime()
  const scheduled = t - 106_000
  return {
    expiration: iso(scheduled + 8 * DAY),
    ...(s.status === 'completed' && { finishTime: iso(t) }),
    id: s.id,
    ...(tenant && {
      links: links(
        base,
        `${api(s.groupId)}/clusters/${s.clusterName}/backup/tenant/snapshots/${s.id}`
      )
    }),
    mongoDBVersion: s.mongodVersion,
    scheduledTime: iso(scheduled),
    ...(s.status !== 'queued' && { startTime: iso(t - 79_000) }),
    status: UPPER[s.status]
  }
}

/**
 * Dedicated and serverless jobs carry flags, not a status (as recorded): `finishedAt` once a
 * restore ends, and for a download `deliveryUrl` + `expiresAt` (+1 h) but never `finishedAt`.
 */
export function flaggedJobDocument(
  job: SimJob,
  now: number,
  base: string,
  snapshotTime: Date | undefined,
  sharded: boolean
): Doc {
  const { status, finishedAt } = jobState(job, now)
  const download = job.deliveryType === 'download'
  const ready =
    download && finishedAt !== undefined && (status === 'completed' || status === 'expired')
  const family = job.kind === 'serverless' ? 'serverless' : 'clusters'
  const cluster = `${api(job.groupId)}/${family}/${job.clusterName}`
  const oplog = job.pointInTime?.oplogTs !== undefined
  const showTarget =
    job.target !== undefined && (job.kind === 'serverless' || job.deliveryType !== 'download')
  return {
    cancelled: status === 'cancelled' || status === 'cancelledAndFailed',
    ...(ready &&
      sharded && {
        components: job.deliveryUrls.map((url, i) => ({
          downloadUrl: url,
          replicaSetName: `${job.clusterName}-shard-${i}`
        }))
      }),
    deliveryType: job.deliveryType,
    deliveryUrl: ready ? job.deliveryUrls : [],
    desiredTimestamp: oplog
      ? {
          increment: job.pointInTime!.oplogInc,
          time: job.pointInTime!.oplogTs,
          date: iso(job.pointInTime!.oplogTs! * 1000)
        }
      : { increment: null, time: null, date: null },
    expired: status === 'expired',
    ...(ready && {
      expiresAt: iso(status === 'expired' ? finishedAt : finishedAt.getTime() + HOUR)
    }),
    failed: status === 'failed' || status === 'cancelledAndFailed',
    // A dead download (history.json: cancelled and failed) has a finishedAt; a ready one none.
    ...((!download || status === 'cancelledAndFailed') &&
      finishedAt &&
      status !== 'cancelled' && { finishedAt: iso(finishedAt) }),
    id: job.id,
    links: links(base, `${cluster}/backup/restoreJobs/${job.id}`, [
      ['https://cloud.mongodb.com/snapshot', `${cluster}/backup/snapshots/${job.snapshotId ?? ''}`],
      ['https://cloud.mongodb.com/cluster', cluster],
      ['https://cloud.mongodb.com/group', api(job.groupId)]
    ]),
    ...job.pointInTime,
    ...(job.snapshotId !== undefined && { snapshotId: job.snapshotId }),
    ...(showTarget && {
      targetClusterName: job.target!.name,
      ...(job.kind === 'dedicated' && { targetDeploymentItemName: job.targetDeploymentItemName }),
      targetGroupId: job.target!.groupId
    }),
    ...(snapshotTime && { timestamp: iso(snapshotTime) })
  }
}

/** Flex: PENDING → RUNNING → COMPLETED; tenant: QUEUED → RUNNING → COMPLETED. */
export function statusOf(job: SimJob, now: number): string {
  const { status } = jobState(job, now)
  switch (status) {
    case 'pending':
      if (job.kind === 'shared') return 'QUEUED'
      // PENDING for the first half of the phase before RUNNING, then QUEUED.
      return job.queuedPhase && now - job.createdAt.getTime() >= pendingMs(job) / 2
        ? 'QUEUED'
        : 'PENDING'
    case 'running':
      return 'RUNNING'
    case 'completed':
      return 'COMPLETED'
    default:
      return 'FAILED'
  }
}

/** Flex and tenant jobs: a status, dates, and a snapshotUrl once a download is COMPLETED. */
export function statusJobDocument(
  job: SimJob,
  now: number,
  base: string,
  snapshotTime: Date | undefined
): Doc {
  const { finishedAt } = jobState(job, now)
  const status = statusOf(job, now)
  const download = job.deliveryType === 'download'
  const scheduled = job.createdAt.getTime()
  const tenant = job.kind === 'shared'
  return {
    ...(tenant && { clusterName: job.clusterName }),
    deliveryType: download ? 'DOWNLOAD' : 'RESTORE',
    expirationDate: iso(scheduled + 6 * HOUR),
    id: job.id,
    ...(!tenant && { instanceName: job.clusterName }),
    ...(tenant && {
      links: links(
        base,
        `${api(job.groupId)}/clusters/${job.clusterName}/backup/tenant/restores/${job.id}`
      )
    }),
    projectId: job.groupId,
    ...(finishedAt && status !== 'RUNNING' && { restoreFinishedDate: iso(finishedAt) }),
    restoreScheduledDate: iso(scheduled),
    ...(snapshotTime && { snapshotFinishedDate: iso(snapshotTime) }),
    snapshotId: job.snapshotId,
    ...(download && status === 'COMPLETED' && { snapshotUrl: job.deliveryUrls[0] }),
    status,
    ...(job.target && {
      targetDeploymentItemName: job.target.name,
      targetProjectId: job.target.groupId
    })
  }
}

/** A minimal backup schedule document (DiskBackupSnapshotSchedule[20240805]). */
export function scheduleDocument(d: SimDeployment, base: string, version: string): Doc {
  const self = `${api(d.groupId)}/clusters/${d.name}/backup/schedule`
  const next = nextHour(Date.now())
  return {
    ...(version === '2024-08-05' && { autoCopySettingsEnabled: false }),
    autoExportEnabled: false,
    clusterId: d.id,
    clusterName: d.name,
    copySettings: [],
    links: links(base, self),
    nextSnapshot: iso(next),
    policies: [
      {
        id: subId(d, 6),
        policyItems: [
          {
            frequencyInterval: 1,
            frequencyType: 'daily',
            id: subId(d, 7),
            retentionUnit: 'days',
            retentionValue: 7
          }
        ]
      }
    ],
    referenceHourOfDay: 3,
    referenceMinuteOfHour: 0,
    restoreWindowDays: d.restoreWindowDays,
    useOrgAndGroupNamesInExportPrefix: false
  }
}

/** A stable document count per namespace (1000…9999), so progress reads like real numbers. */
export const documentCount = (ns: string) =>
  1000 + (parseInt(createHash('sha1').update(ns).digest('hex').slice(0, 8), 16) % 9000)

/** Collection restore job (ApiAtlasCollectionRestoreJobResponse), keys as in the spec's example. */
export function collectionJobDocument(job: SimCollectionJob, now: number): Doc {
  const { state, finishedAt, progress } = collectionJobState(job, now)
  const found = job.items.filter(i => i.found)
  const total = found.reduce((n, i) => n + i.documents, 0)
  const restored = state === 'SUCCESSFUL' ? total : Math.floor(total * Math.min(progress, 0.999))
  const index =
    state === 'SUCCESSFUL'
      ? 'SUCCESSFUL'
      : state === 'FINALIZING'
        ? 'IN_PROGRESS'
        : state === 'FAILED'
          ? 'FAILED'
          : state === 'CANCELED'
            ? 'NOT_RESTORED'
            : 'NOT_STARTED'
  const withTarget = (ns: { sourceNamespace: string; targetNamespace?: string }) => ({
    sourceNamespace: ns.sourceNamespace,
    targetNamespace: ns.targetNamespace || ns.sourceNamespace
  })
  return {
    collectionSuffix: job.collectionSuffix,
    collections: job.collections.map(withTarget),
    createdAt: iso(job.createdAt),
    databaseSuffix: job.databaseSuffix,
    databases: job.databases.map(withTarget),
    ...(state === 'FAILED' && { errorMessage: 'The collection restore failed on the target.' }),
    ...(state === 'CANCELED' && { errorMessage: 'The collection restore was canceled.' }),
    ...(finishedAt && { finishedAt: iso(finishedAt) }),
    id: job.id,
    indexStatus: { failedCollectionCount: 0, state: index },
    indexStrategy: job.indexStrategy,
    ...job.pointInTime,
    restoredDocuments: state === 'INITIALIZING' ? 0 : restored,
    ...(job.snapshotId !== undefined && { snapshotId: job.snapshotId }),
    state,
    targetClusterName: job.target.name,
    targetGroupId: job.target.groupId,
    totalDocuments: total,
    writeStrategy: job.writeStrategy
  }
}

/** One collection's state in a collection restore job (ApiAtlasCollectionRestoreCollectionStateResponse). */
export function collectionStateDocument(
  job: SimCollectionJob,
  item: SimCollectionJob['items'][number],
  now: number
): Doc {
  const { state, progress } = collectionJobState(job, now)
  const own = !item.found
    ? 'NOT_FOUND'
    : state === 'CANCELED'
      ? 'NOT_RESTORED'
      : state === 'INITIALIZING'
        ? 'NOT_STARTED'
        : state
  const index =
    own === 'SUCCESSFUL'
      ? 'SUCCESSFUL'
      : own === 'FINALIZING'
        ? 'IN_PROGRESS'
        : own === 'FAILED'
          ? 'FAILED'
          : own === 'NOT_FOUND' || own === 'NOT_RESTORED'
            ? 'NOT_RESTORED'
            : 'NOT_STARTED'
  const total = item.found ? item.documents : 0
  return {
    effectiveTargetNamespace: item.target,
    indexStatus: { state: index },
    restoredDocuments:
      own === 'SUCCESSFUL'
        ? total
        : Math.floor(total * Math.min(progress, 0.999)) * Number(item.found),
    sourceNamespace: item.source,
    state: own,
    targetNamespace: item.target,
    totalDocuments: total
  }
}
