// A local MongoDB Atlas Administration API v2 for the tests, `npm run demo` and
// `npm run simulator`: real HTTP on 127.0.0.1, real Digest challenges and OAuth tokens, and the
// official spec (spec/*.json, read at start-up) enforced on every request — routes, path
// patterns, versioned media types, query parameters, request-body schemas. State moves with the
// wall clock; faults can be injected. Never imported by src/ and never bundled.

import { randomBytes, randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { DigestServer, TokenServer, type DigestAlgorithm } from './auth.js'
import { FaultBook, type Fault } from './faults.js'
import { findDeployment, settleCollectionJobs, type World } from './handlers.js'
import { createPipeline, type SimRequest, type Stats } from './http.js'
import { RateLimiter, type RateLimitOptions } from './ratelimit.js'
import { loadRoutes } from './spec.js'
import {
  fullVersion,
  IdFactory,
  refreshJob,
  refreshSnapshot,
  type ClusterType,
  type CollectionOutcome,
  type Kind,
  type Outcome,
  type SimDeployment,
  type SimJob,
  type SimCollectionJob,
  type SimSnapshot,
  type SnapshotStatus,
  type SnapshotType,
  type StateName,
  type Tag
} from './state.js'

export type { DigestAlgorithm } from './auth.js'
export type { Fault, FaultAction } from './faults.js'
export type { SimRequest, Stats } from './http.js'
export type { RateLimitOptions } from './ratelimit.js'
export type {
  ClusterType,
  CollectionJobState,
  CollectionOutcome,
  Kind,
  Outcome,
  SimCollectionJob,
  SimDeployment,
  SimJob,
  SimSnapshot,
  SnapshotStatus,
  SnapshotType,
  StateName,
  Tag
} from './state.js'

export interface SimulatorOptions {
  /** Port on 127.0.0.1 (default 0: an ephemeral port). */
  port?: number
  /** How long an automated / pointInTime restore runs (default 1500 ms). */
  restoreDurationMs?: number
  /** How long until a download is ready (default 1000 ms). */
  downloadDurationMs?: number
  /** How long a restore's target stays UPDATING after the restore ended (default 500 ms). */
  targetUpdatingMs?: number
  /** How long an on-demand snapshot (POST …/backup/snapshots) takes (default 1000 ms). */
  snapshotDurationMs?: number
  /** OAuth access token lifetime (default 3600 s). */
  tokenTtlSeconds?: number
  /** Digest nonce lifetime; a right answer on an older nonce gets 401 stale=true (default 300000). */
  nonceTtlMs?: number
  /** The challenges offered, in order (default ['MD5']). */
  digestAlgorithms?: DigestAlgorithm[]
  /**
   * Token buckets per project and family (default: Atlas's, e.g. backup 1200, refill 500 per 60 s).
   * `limit` replaces every family's capacity, `refillPerSecond` every refill rate; `errorCode` is
   * the 429's (default RATE_LIMITED_TOKEN_BUCKET; 'RATE_LIMITED' is the older one); `headers:
   * false` leaves out Ratelimit-Limit / Ratelimit-Remaining.
   */
  rateLimit?: RateLimitOptions
  /** These kinds' backup endpoints answer as retired (404 RESOURCE_NOT_FOUND). */
  sunset?: ('shared' | 'serverless')[]
  /** Seed for ids, host ids, URL tokens and list order (default 1). */
  seed?: number
  /** A new restore job (any kind) answers 404 to GET by id for this long (default 0). */
  jobVisibleAfterMs?: number
  /** Job lists leave out jobs created less than this long ago (default 0). */
  jobListLagMs?: number
  /** Atlas's clock minus ours: the Date header, document dates and new job ids (default 0). */
  clockSkewMs?: number
  /**
   * Atlas's concurrency rules on restore creates (default true): 409
   * ATLAS_CLUSTER_RESTORE_IN_PROGRESS while a restore writes to the target (it reports
   * UPDATING), 400 CANNOT_DOWNLOAD_SNAPSHOT_CONCURRENTLY while a download of the cluster runs.
   * With false only the target's own stateName counts.
   */
  concurrencyRules?: boolean
  /**
   * Flex restore jobs go PENDING → QUEUED → RUNNING → COMPLETED, as recorded in 2025 (default
   * false: PENDING → RUNNING → COMPLETED, as in 2026-08).
   */
  flexQueued?: boolean
  /** Live OAuth tokens a service account may hold (default 100); the next request gets 429. */
  maxLiveTokens?: number
  /**
   * Download URLs point at this origin (an archive server, see archives.ts), as
   * `<origin>/restore-<jobId>.<hostId>/<token>/restore-<snapshotId>.tar.gz`, instead of the
   * recorded `https://restore-<jobId>.<hostId>.mongodb.example.net:27017/<token>/…`.
   */
  downloadBaseUrl?: string
}

export interface AddDeployment {
  groupId: string
  name: string
  kind: Kind
  /** dedicated default 'M10'; shared 'M2' (or 'M5'); free is 'M0'. */
  instanceSize?: string
  clusterType?: ClusterType
  /** SHARDED / GEOSHARDED: number of shards (default 2), one download URL each. */
  shards?: number
  stateName?: StateName
  pitEnabled?: boolean
  backupEnabled?: boolean
  /** The version it runs (default '8.0.29'; '7.0' means '7.0.0'). */
  mongoDBVersion?: string
  /** Default false: a paused target refuses restores (400 CLUSTER_PAUSED_CANNOT_RESTORE). */
  paused?: boolean
  /** Default []. */
  tags?: Tag[]
  /** The backup schedule's restoreWindowDays (default 7). */
  restoreWindowDays?: number
  /** Namespaces (`db.coll`) it holds, for collection restores (default []). */
  namespaces?: string[]
  /**
   * Serverless only: the instance runs on flex (effectiveProviderName TENANT,
   * effectiveInstanceSizeName FLEX, as recorded). Its serverless backup endpoints answer as
   * retired; its backups are served through /flexClusters/{name}/backup/… under the same name.
   */
  flexBacked?: boolean
}

export interface AddSnapshot {
  groupId: string
  clusterName: string
  status?: SnapshotStatus
  /** How long ago it was taken (createdAt / finishTime); default 1 h. */
  ageMs?: number
  id?: string
  /** Default 'scheduled'. */
  snapshotType?: Exclude<SnapshotType, 'onDemand'> | 'onDemand'
  /** Default: the cluster's mongoDBVersion. */
  mongodVersion?: string
}

export interface Simulator {
  /** 'http://127.0.0.1:<port>' */
  url: string
  credentials: { publicKey: string; privateKey: string; clientId: string; clientSecret: string }
  /** Adds a project; returns its 24-hex groupId. */
  addProject(groupId?: string): string
  addDeployment(d: AddDeployment): SimDeployment
  addSnapshot(s: AddSnapshot): SimSnapshot
  /** The live deployment (changing stateName etc. changes what the API answers). */
  deployment(groupId: string, name: string): SimDeployment | undefined
  /** Every restore job that exists, brought up to date (status, cancelled, finishedAt). */
  jobs(filter?: { groupId?: string; clusterName?: string }): SimJob[]
  /** Queues how the next created jobs end (in order), and optionally after how long. */
  scriptNextJob(s: { outcome: Outcome; durationMs?: number }): void
  /** Ends a job now with this outcome. */
  finishJob(jobId: string, outcome: Outcome): void
  /** Ends a job now as failed, or as the recorded dead download: cancelled and failed both true. */
  failJob(jobId: string, how?: 'failed' | 'cancelledAndFailed'): void
  /** Every call on this project answers 403 USER_CANNOT_ACCESS_GROUP (also as a restore target). */
  denyProject(groupId: string): void
  /** Every collection restore job, brought up to date. */
  collectionJobs(filter?: { groupId?: string; clusterName?: string }): SimCollectionJob[]
  /** Queues how the next collection restore jobs end, and optionally after how long. */
  scriptNextCollectionJob(s: { outcome: CollectionOutcome; durationMs?: number }): void
  /** Ends a collection restore job now: SUCCESSFUL, FAILED or CANCELED. */
  finishCollectionJob(jobId: string, outcome: CollectionOutcome): void
  /** OAuth tokens: issued, live (not expired or revoked) and revoked. */
  tokenStats(): { issued: number; live: number; revoked: number }
  faults: { add(f: Fault): void; clear(): void; pending(): number }
  /** Every request received, in order (challenged, refused and reset ones too). */
  requests: SimRequest[]
  stats: Stats
  /** Every OAuth access token issued so far (for leak tests). */
  issuedTokens(): string[]
  /** Clears requests and stats. */
  resetLog(): void
  close(): Promise<void>
}

const HOUR = 3_600_000
const HEX24 = /^[a-f0-9]{24}$/
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9-]*$/

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const seed = options.seed ?? 1
  const ids = new IdFactory(seed)
  const now = () => Date.now()
  const routes = loadRoutes()
  const lower = 'abcdefghijklmnopqrstuvwxyz'
  const credentials = {
    publicKey: Array.from(randomBytes(8), b => lower[b % 26]).join(''),
    privateKey: randomUUID(),
    clientId: `mdb_sa_id_${randomBytes(12).toString('hex')}`,
    clientSecret: `mdb_sa_sk_${randomBytes(30).toString('base64url')}`
  }
  const digest = new DigestServer(
    new Map([[credentials.publicKey, credentials.privateKey]]),
    options.digestAlgorithms ?? ['MD5'],
    options.nonceTtlMs ?? 300_000,
    now
  )
  const tokens = new TokenServer(
    new Map([[credentials.clientId, credentials.clientSecret]]),
    options.tokenTtlSeconds ?? 3600,
    now,
    options.maxLiveTokens ?? 100
  )
  const faults = new FaultBook()
  const requests: SimRequest[] = []
  const stats: Stats = {
    digestChallenges: 0,
    tokenRequests: 0,
    staleChallenges: 0,
    revokeRequests: 0
  }
  const world: World = {
    base: '',
    now,
    ids,
    seed,
    projects: new Set(),
    deployments: [],
    snapshots: [],
    jobs: [],
    collectionJobs: [],
    script: [],
    collectionScript: [],
    denied: new Set(),
    jobVisibleAfterMs: options.jobVisibleAfterMs ?? 0,
    jobListLagMs: options.jobListLagMs ?? 0,
    clockSkewMs: options.clockSkewMs ?? 0,
    concurrencyRules: options.concurrencyRules ?? true,
    flexQueued: options.flexQueued ?? false,
    restoreDurationMs: options.restoreDurationMs ?? 1500,
    downloadDurationMs: options.downloadDurationMs ?? 1000,
    targetUpdatingMs: options.targetUpdatingMs ?? 500,
    snapshotDurationMs: options.snapshotDurationMs ?? 1000,
    ...(options.downloadBaseUrl !== undefined && {
      downloadBase: options.downloadBaseUrl.replace(/\/$/, '')
    })
  }
  const serve = createPipeline({
    routes,
    world,
    digest,
    tokens,
    faults,
    limiter: new RateLimiter(options.rateLimit ?? {}, now),
    requests,
    stats,
    sunset: new Set(options.sunset ?? [])
  })

  const sockets = new Set<Socket>()
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      serve(req, res, Buffer.concat(chunks).toString('utf8')).catch((error: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, {
            'Content-Type': 'application/json',
            'X-Error-Code': 'UNEXPECTED_ERROR'
          })
          res.end(
            JSON.stringify({
              detail: `Simulator error: ${String(error)}`,
              error: 500,
              errorCode: 'UNEXPECTED_ERROR',
              parameters: [],
              reason: 'Internal Server Error'
            })
          )
        }
      })
    })
  })
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((done, fail) => {
    server.once('error', fail)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', fail)
      done()
    })
  })
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  world.base = url
  const finishJob = (jobId: string, outcome: Outcome) => {
    const job = world.jobs.find(j => j.id === jobId)
    if (!job) throw new Error(`simulator: no restore job ${jobId}`)
    job.outcome = outcome
    job.endedAt = new Date(now())
    refreshJob(job, now())
  }

  return {
    url,
    credentials,
    addProject(groupId) {
      if (groupId !== undefined && !HEX24.test(groupId))
        throw new Error(`simulator: a groupId is 24 lowercase hex characters, not ${groupId}`)
      const id = groupId ?? ids.next(now() - 400 * 24 * HOUR)
      world.projects.add(id)
      return id
    },
    addDeployment(d) {
      if (!HEX24.test(d.groupId)) throw new Error(`simulator: bad groupId ${d.groupId}`)
      if (!NAME.test(d.name) || d.name.length > 64)
        throw new Error(`simulator: bad deployment name ${d.name}`)
      if (findDeployment(world, d.groupId, d.name))
        throw new Error(`simulator: ${d.name} already exists in ${d.groupId}`)
      world.projects.add(d.groupId)
      const sizes: Record<Kind, string> = {
        dedicated: 'M10',
        flex: 'FLEX',
        shared: 'M2',
        serverless: 'SERVERLESS',
        free: 'M0'
      }
      const sharded =
        d.kind === 'dedicated' && d.clusterType !== undefined && d.clusterType !== 'REPLICASET'
      if (d.flexBacked && d.kind !== 'serverless')
        throw new Error('simulator: flexBacked applies to serverless instances only')
      const deployment: SimDeployment = {
        groupId: d.groupId,
        name: d.name,
        kind: d.kind,
        id: ids.next(now() - 30 * 24 * HOUR),
        instanceSize: d.kind === 'free' ? 'M0' : (d.instanceSize ?? sizes[d.kind]),
        clusterType: sharded ? d.clusterType! : 'REPLICASET',
        shards: sharded ? Math.max(1, d.shards ?? 2) : 1,
        stateName: d.stateName ?? 'IDLE',
        pitEnabled: d.kind === 'free' ? false : (d.pitEnabled ?? false),
        backupEnabled: d.kind === 'free' ? false : (d.backupEnabled ?? true),
        hostId: ids.hostId(),
        rsId: ids.hostId(),
        createdAt: new Date(now() - 30 * 24 * HOUR),
        mongoDBVersion: fullVersion(d.mongoDBVersion ?? '8.0.29'),
        paused: d.paused ?? false,
        tags: (d.tags ?? []).map(t => ({ key: t.key, value: t.value })),
        restoreWindowDays: d.restoreWindowDays ?? 7,
        namespaces: new Set(d.namespaces ?? []),
        flexBacked: d.kind === 'serverless' && d.flexBacked === true
      }
      world.deployments.push(deployment)
      return deployment
    },
    addSnapshot(s) {
      const d = findDeployment(world, s.groupId, s.clusterName)
      if (!d) throw new Error(`simulator: no deployment ${s.clusterName} in ${s.groupId}`)
      if (s.id !== undefined && !HEX24.test(s.id))
        throw new Error(`simulator: a snapshot id is 24 lowercase hex characters, not ${s.id}`)
      if (s.id !== undefined && world.snapshots.some(x => x.id === s.id))
        throw new Error(`simulator: snapshot ${s.id} already exists`)
      const createdAt = new Date(now() - (s.ageMs ?? HOUR))
      const snapshot: SimSnapshot = {
        id: s.id ?? ids.next(createdAt.getTime()),
        groupId: s.groupId,
        clusterName: s.clusterName,
        status: s.status ?? 'completed',
        createdAt,
        snapshotType: s.snapshotType ?? 'scheduled',
        mongodVersion: fullVersion(s.mongodVersion ?? d.mongoDBVersion),
        retentionInDays: d.kind === 'flex' || d.kind === 'shared' ? 8 : 7
      }
      world.snapshots.push(snapshot)
      return snapshot
    },
    deployment(groupId, name) {
      settleCollectionJobs(world)
      return findDeployment(world, groupId, name)
    },
    jobs(filter = {}) {
      for (const s of world.snapshots) refreshSnapshot(s, now())
      return world.jobs
        .filter(
          j =>
            (filter.groupId === undefined || j.groupId === filter.groupId) &&
            (filter.clusterName === undefined || j.clusterName === filter.clusterName)
        )
        .map(j => refreshJob(j, now()))
    },
    scriptNextJob(s) {
      world.script.push({ ...s })
    },
    finishJob,
    failJob(jobId, how = 'failed') {
      finishJob(jobId, how)
    },
    denyProject(groupId) {
      if (!world.projects.has(groupId)) throw new Error(`simulator: no project ${groupId}`)
      world.denied.add(groupId)
    },
    collectionJobs(filter = {}) {
      return settleCollectionJobs(world).filter(
        j =>
          (filter.groupId === undefined || j.groupId === filter.groupId) &&
          (filter.clusterName === undefined || j.clusterName === filter.clusterName)
      )
    },
    scriptNextCollectionJob(s) {
      world.collectionScript.push({ ...s })
    },
    finishCollectionJob(jobId, outcome) {
      const job = world.collectionJobs.find(j => j.id === jobId)
      if (!job) throw new Error(`simulator: no collection restore job ${jobId}`)
      job.outcome = outcome
      job.endedAt = new Date(now())
      settleCollectionJobs(world)
    },
    tokenStats: () => tokens.stats(),
    faults: {
      add: f => faults.add(f),
      clear: () => faults.clear(),
      pending: () => faults.pending()
    },
    requests,
    stats,
    issuedTokens: () => tokens.issued(),
    resetLog() {
      requests.splice(0)
      stats.digestChallenges = 0
      stats.tokenRequests = 0
      stats.staleChallenges = 0
      stats.revokeRequests = 0
    },
    close: () =>
      new Promise<void>(done => {
        server.close(() => done())
        for (const socket of sockets) socket.destroy()
      })
  }
}
