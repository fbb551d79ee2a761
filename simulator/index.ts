// A local MongoDB Atlas Administration API for the tests and `npm run demo`: real HTTP on
// 127.0.0.1, real Digest challenges and OAuth tokens, and the official spec enforced on every
// request (routes, path patterns, versioned media types, request-body schemas, paging). State
// moves with the clock; faults can be injected. Never part of src/ or the bundle.

import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { CHALLENGE_BODY, DigestServer, TokenServer, type DigestAlgorithm } from './auth.js'
import { apiError, handle, refreshJobs, type Answer, type World } from './handlers.js'
import { loadRoutes, mediaVersion, type Route } from './spec.js'
import {
  IdFactory,
  type Kind,
  type Outcome,
  type SimDeployment,
  type SimJob,
  type SimSnapshot
} from './state.js'

export type { SimDeployment, SimJob, SimSnapshot } from './state.js'

export interface SimulatorOptions {
  port?: number
  restoreDurationMs?: number
  downloadDurationMs?: number
  targetUpdatingMs?: number
  tokenTtlSeconds?: number
  nonceTtlMs?: number
  digestAlgorithms?: DigestAlgorithm[]
  rateLimit?: { limit?: number; refillPerSecond?: number }
  sunset?: ('shared' | 'serverless')[]
  seed?: number
}

export type FaultAction =
  | { type: 'status'; status: number; errorCode?: string; retryAfterSeconds?: number }
  | { type: 'statusAfterHandling'; status: number }
  | { type: 'reset' }
  | { type: 'resetAfterHandling' }
  | { type: 'delay'; ms: number }
  | { type: 'staleNonce' }
  | { type: 'expireToken' }

export interface Fault {
  method?: string
  path?: RegExp | string
  times?: number
  action: FaultAction
}

export interface SimRequest {
  method: string
  path: string
  query: Record<string, string>
  status: number
  accept?: string
  contentType?: string
  authScheme: 'Digest' | 'Bearer' | 'Basic' | 'none'
  userAgent?: string
  body?: unknown
  at: number
  outcome: 'answered' | 'reset'
}

export interface Simulator {
  url: string
  credentials: { publicKey: string; privateKey: string; clientId: string; clientSecret: string }
  addProject(groupId?: string): string
  addDeployment(d: {
    groupId: string
    name: string
    kind: Kind
    instanceSize?: string
    clusterType?: 'REPLICASET' | 'SHARDED'
    shards?: number
    stateName?: SimDeployment['stateName']
    pitEnabled?: boolean
    backupEnabled?: boolean
  }): SimDeployment
  addSnapshot(s: {
    groupId: string
    clusterName: string
    status?: SimSnapshot['status']
    ageMs?: number
    id?: string
  }): SimSnapshot
  deployment(groupId: string, name: string): SimDeployment | undefined
  jobs(filter?: { groupId?: string; clusterName?: string }): SimJob[]
  scriptNextJob(s: { outcome: Outcome; durationMs?: number }): void
  finishJob(jobId: string, outcome: Outcome): void
  faults: { add(f: Fault): void; clear(): void; pending(): number }
  requests: SimRequest[]
  stats: { digestChallenges: number; tokenRequests: number; staleChallenges: number }
  /** Every access token issued so far (for leak tests). */
  issuedTokens(): string[]
  resetLog(): void
  close(): Promise<void>
}

const API = '/api/atlas/v2'
const TOKEN_PATH = '/api/oauth/token'
/** Endpoint families and their limits, as the recordings show them. */
const CLUSTER_API_LIMIT = 10_000
const BACKUP_API_LIMIT = 1_200

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const seed = options.seed ?? 1
  const ids = new IdFactory(seed)
  const now = () => Date.now()
  const routes = loadRoutes()
  const credentials = {
    publicKey: 'simkey' + ids.token(2).toLowerCase(),
    privateKey: `${randomBytes(4).toString('hex')}-${randomBytes(2).toString('hex')}-4${randomBytes(2).toString('hex').slice(1)}-a${randomBytes(2).toString('hex').slice(1)}-${randomBytes(6).toString('hex')}`,
    clientId: `mdb_sa_id_${ids.next().slice(0, 24)}`,
    clientSecret: `mdb_sa_sk_${randomBytes(24).toString('base64url')}`
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
    now
  )
  const faults: (Fault & { left: number })[] = []
  const requests: SimRequest[] = []
  const stats = { digestChallenges: 0, tokenRequests: 0, staleChallenges: 0 }
  const buckets = new Map<string, { tokens: number; at: number; limit: number }>()
  const refill = options.rateLimit?.refillPerSecond ?? 2

  const world: World = {
    base: '',
    now,
    ids,
    seed,
    projects: new Set(),
    deployments: [],
    snapshots: [],
    jobs: [],
    script: [],
    restoreDurationMs: options.restoreDurationMs ?? 1500,
    downloadDurationMs: options.downloadDurationMs ?? 1000,
    targetUpdatingMs: options.targetUpdatingMs ?? 500,
    sunset: new Set(options.sunset ?? [])
  }

  const sockets = new Set<Socket>()
  const server = createServer((req, res) => {
    let raw = ''
    req.setEncoding('utf8')
    req.on('data', chunk => (raw += chunk))
    req.on('end', () => {
      void serve(req, res, raw)
    })
  })
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })

  function takeFault(method: string, path: string, isToken: boolean): FaultAction | undefined {
    const fault = faults.find(
      f =>
        f.left > 0 &&
        (f.method === undefined || f.method === method) &&
        (f.path === undefined ||
          (typeof f.path === 'string' ? f.path === path : f.path.test(path))) &&
        // A fault on the API never hits the token endpoint unless it names it.
        (!isToken || f.path !== undefined)
    )
    if (!fault) return undefined
    fault.left -= 1
    return fault.action
  }

  /** Rate limit of the family this request belongs to; undefined when within the limit. */
  function rateLimit(
    groupId: string,
    route: Route
  ): { headers: Record<string, string>; exceeded: boolean } {
    const clusterApi = route.operationId === 'getGroupCluster'
    const limit = options.rateLimit?.limit ?? (clusterApi ? CLUSTER_API_LIMIT : BACKUP_API_LIMIT)
    const key = `${groupId}:${clusterApi ? 'cluster' : 'backup'}`
    const bucket = buckets.get(key) ?? { tokens: limit, at: now(), limit }
    bucket.tokens = Math.min(limit, bucket.tokens + ((now() - bucket.at) / 1000) * refill)
    bucket.at = now()
    buckets.set(key, bucket)
    const exceeded = bucket.tokens < 1
    if (!exceeded) bucket.tokens -= 1
    return {
      headers: {
        'Ratelimit-Limit': String(limit),
        'Ratelimit-Remaining': String(Math.max(0, Math.floor(bucket.tokens)))
      },
      exceeded
    }
  }

  async function serve(req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator')
    const path = url.pathname
    const method = req.method ?? 'GET'
    const authorization = req.headers.authorization ?? ''
    const entry: SimRequest = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      ...(req.headers.accept !== undefined && { accept: req.headers.accept }),
      ...(req.headers['content-type'] !== undefined && {
        contentType: req.headers['content-type']
      }),
      authScheme: /^Digest /i.test(authorization)
        ? 'Digest'
        : /^Bearer /i.test(authorization)
          ? 'Bearer'
          : /^Basic /i.test(authorization)
            ? 'Basic'
            : 'none',
      ...(req.headers['user-agent'] !== undefined && { userAgent: req.headers['user-agent'] }),
      at: now(),
      outcome: 'answered'
    }
    if (raw !== '') {
      try {
        entry.body = JSON.parse(raw)
      } catch {
        entry.body = raw
      }
    }
    requests.push(entry)

    const send = (
      status: number,
      body: unknown,
      headers: Record<string, string | string[]> = {}
    ) => {
      entry.status = status
      res.writeHead(status, headers)
      res.end(body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body))
    }
    const reset = () => {
      entry.outcome = 'reset'
      req.socket.destroy()
    }
    const challenge = (stale: boolean) => {
      stats.digestChallenges += 1
      if (stale) stats.staleChallenges += 1
      send(401, CHALLENGE_BODY, {
        'Content-Type': 'application/json',
        'WWW-Authenticate': digest.challenge(stale)
      })
    }
    const error = (answer: Answer, extra: Record<string, string> = {}) => {
      const body = answer.body as { errorCode?: string }
      send(answer.status, answer.body, {
        'Content-Type': 'application/json',
        ...(body?.errorCode && { 'X-Error-Code': body.errorCode }),
        ...extra
      })
    }

    // The OAuth token endpoint.
    if (path === TOKEN_PATH && method === 'POST') {
      const fault = takeFault(method, path, true)
      if (fault?.type === 'reset') return reset()
      if (fault?.type === 'status')
        return error(
          apiError(fault.status, fault.errorCode ?? 'UNEXPECTED_ERROR', 'Injected fault.')
        )
      stats.tokenRequests += 1
      const answer = tokens.issue(req.headers.authorization, req.headers['content-type'], raw)
      return send(answer.status, answer.body, { 'Content-Type': 'application/json' })
    }
    if (!path.startsWith(API))
      return error(apiError(404, 'RESOURCE_NOT_FOUND', `Cannot find resource ${path}.`))

    // Authentication: a digest answer or a bearer token; nothing at all gets the challenge.
    let bearer: string | undefined
    if (entry.authScheme === 'Digest') {
      const verdict = digest.verify(authorization, method, req.url ?? path)
      if (!verdict.ok) return challenge(verdict.stale)
    } else if (entry.authScheme === 'Bearer') {
      bearer = authorization.replace(/^Bearer\s+/i, '')
      if (!tokens.valid(bearer)) {
        return error(apiError(401, 'UNAUTHORIZED', 'The access token is invalid or has expired.'))
      }
    } else {
      return challenge(false)
    }

    const fault = takeFault(method, path, false)
    switch (fault?.type) {
      case 'reset':
        return reset()
      case 'status': {
        const headers: Record<string, string> =
          fault.retryAfterSeconds !== undefined
            ? { 'Retry-After': String(fault.retryAfterSeconds) }
            : {}
        return error(
          apiError(
            fault.status,
            fault.errorCode ?? (fault.status === 429 ? 'RATE_LIMITED' : 'UNEXPECTED_ERROR'),
            'Injected fault.'
          ),
          headers
        )
      }
      case 'staleNonce':
        if (entry.authScheme === 'Digest') {
          digest.expireNonces()
          return challenge(true)
        }
        break
      case 'expireToken':
        if (bearer !== undefined) {
          tokens.expire(bearer)
          return error(apiError(401, 'UNAUTHORIZED', 'The access token is invalid or has expired.'))
        }
        break
    }

    const answer = route(method, path, url, req, raw)
    if (fault?.type === 'statusAfterHandling')
      return error(apiError(fault.status, 'UNEXPECTED_ERROR', 'Injected fault after handling.'))
    if (fault?.type === 'resetAfterHandling') return reset()
    if (fault?.type === 'delay') await new Promise(done => setTimeout(done, fault.ms))
    if (answer.status >= 400) return error(answer, answer.headers)
    return send(answer.status, answer.body, answer.headers)
  }

  /** Spec enforcement, then the operation itself. */
  function route(
    method: string,
    path: string,
    url: URL,
    req: IncomingMessage,
    raw: string
  ): Answer & { headers: Record<string, string> } {
    const matching = routes.filter(r => r.regex.test(path))
    if (matching.length === 0)
      return {
        ...apiError(404, 'RESOURCE_NOT_FOUND', `Cannot find resource ${path}.`),
        headers: {}
      }
    const r = matching.find(m => m.method === method)
    if (!r)
      return {
        ...apiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${path}.`),
        headers: {}
      }
    const values = r.regex.exec(path)!.slice(1).map(decodeURIComponent)
    const params = Object.fromEntries(r.paramNames.map((name, i) => [name, values[i]]))
    for (const [name, pattern] of Object.entries(r.paramPatterns)) {
      if (params[name] !== undefined && !pattern.test(params[name])) {
        return {
          ...apiError(400, 'INVALID_PATH_PARAMETER', `Invalid ${name}: ${params[name]}.`, [name]),
          headers: {}
        }
      }
    }
    if (!world.projects.has(params.groupId)) {
      return {
        ...apiError(404, 'GROUP_NOT_FOUND', `No group with ID ${params.groupId} exists.`, [
          params.groupId
        ]),
        headers: {}
      }
    }
    const limited = rateLimit(params.groupId, r)
    const headers = limited.headers
    if (limited.exceeded) {
      return {
        ...apiError(
          429,
          'RATE_LIMITED',
          'Too many requests: the rate limit for this endpoint family was reached.'
        ),
        headers: { ...headers, 'Retry-After': String(Math.ceil(1 / refill)) }
      }
    }
    const family = /serverless/i.test(r.operationId)
      ? 'serverless'
      : /Tenant|listClusterBackupSnapshots/.test(r.operationId)
        ? 'shared'
        : undefined
    if (
      family !== undefined &&
      world.sunset.has(family) &&
      r.operationId !== 'getGroupServerlessInstance'
    ) {
      return {
        ...apiError(
          404,
          'RESOURCE_NOT_FOUND',
          `This endpoint was removed from the Atlas Administration API (sunset ${r.sunset ?? '2026-01-22'}).`
        ),
        headers
      }
    }
    const version = mediaVersion(req.headers.accept)
    if (version === undefined) {
      return {
        ...apiError(
          406,
          'NOT_ACCEPTABLE',
          `Accept must name a versioned media type: application/vnd.atlas.${r.versions.at(-1)}+json.`
        ),
        headers
      }
    }
    if (!r.versions.includes(version)) {
      return {
        ...apiError(
          406,
          'INVALID_VERSION_DATE',
          `Version ${version} is not available for ${r.operationId}: ${r.versions.join(', ')}.`,
          [version]
        ),
        headers
      }
    }
    let body: Record<string, unknown> = {}
    if (r.requestMediaTypes.length > 0) {
      const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim()
      if (!r.requestMediaTypes.includes(contentType)) {
        return {
          ...apiError(
            415,
            'UNSUPPORTED_MEDIA_TYPE',
            `Content-Type must be one of ${r.requestMediaTypes.join(', ')}.`
          ),
          headers
        }
      }
      try {
        body = JSON.parse(raw) as Record<string, unknown>
      } catch {
        return { ...apiError(400, 'INVALID_JSON', 'The request body is not valid JSON.'), headers }
      }
      const validate = r.validator(contentType)
      if (!validate(body)) {
        const e = validate.errors![0]
        const field =
          e.keyword === 'additionalProperties'
            ? (e.params as { additionalProperty: string }).additionalProperty
            : e.keyword === 'required'
              ? (e.params as { missingProperty: string }).missingProperty
              : e.instancePath.replace(/^\//, '') || 'body'
        const code = e.keyword === 'required' ? 'MISSING_ATTRIBUTE' : 'INVALID_ATTRIBUTE'
        const detail =
          e.keyword === 'required'
            ? `The required attribute ${field} was not specified.`
            : `Invalid attribute ${field} specified: ${e.message ?? 'invalid'}.`
        return { ...apiError(400, code, detail, [field]), headers }
      }
    }
    for (const [name, min, max] of [
      ['pageNum', 1, Number.MAX_SAFE_INTEGER],
      ['itemsPerPage', 1, 500]
    ] as const) {
      const v = url.searchParams.get(name)
      if (v !== null && (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max)) {
        return {
          ...apiError(400, 'INVALID_QUERY_PARAMETER', `Invalid ${name}: ${v}.`, [name]),
          headers
        }
      }
    }
    const answer = handle(
      world,
      { operationId: r.operationId, params, query: url.searchParams, body, version },
      path
    )
    if (answer.status < 400)
      headers['Content-Type'] = `application/vnd.atlas.${version}+json;charset=utf-8`
    return { ...answer, headers }
  }

  await new Promise<void>(done => server.listen(options.port ?? 0, '127.0.0.1', done))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  world.base = url

  return {
    url,
    credentials,
    addProject(groupId) {
      const id = groupId ?? ids.next(now() - 400 * 24 * 3_600_000)
      world.projects.add(id)
      return id
    },
    addDeployment(d) {
      world.projects.add(d.groupId)
      const deployment: SimDeployment = {
        groupId: d.groupId,
        name: d.name,
        kind: d.kind,
        id: ids.next(now() - 30 * 24 * 3_600_000),
        instanceSize:
          d.instanceSize ??
          { dedicated: 'M10', flex: 'FLEX', shared: 'M2', serverless: 'SERVERLESS', free: 'M0' }[
            d.kind
          ],
        clusterType: d.clusterType ?? 'REPLICASET',
        shards: d.shards ?? 1,
        stateName: d.stateName ?? 'IDLE',
        pitEnabled: d.pitEnabled ?? false,
        backupEnabled: d.backupEnabled ?? d.kind !== 'free',
        hostId: ids.hostId(),
        createdAt: new Date(now() - 30 * 24 * 3_600_000)
      }
      world.deployments.push(deployment)
      return deployment
    },
    addSnapshot(s) {
      const createdAt = new Date(now() - (s.ageMs ?? 3_600_000))
      const snapshot: SimSnapshot = {
        id: s.id ?? ids.next(createdAt.getTime()),
        groupId: s.groupId,
        clusterName: s.clusterName,
        status: s.status ?? 'completed',
        createdAt
      }
      world.snapshots.push(snapshot)
      return snapshot
    },
    deployment: (groupId, name) =>
      world.deployments.find(d => d.groupId === groupId && d.name === name),
    jobs(filter = {}) {
      refreshJobs(world)
      return world.jobs.filter(
        j =>
          (filter.groupId === undefined || j.groupId === filter.groupId) &&
          (filter.clusterName === undefined || j.clusterName === filter.clusterName)
      )
    },
    scriptNextJob: s => world.script.push(s),
    finishJob(jobId, outcome) {
      const job = world.jobs.find(j => j.id === jobId)
      if (!job) throw new Error(`no job ${jobId}`)
      if (outcome === 'cancelled') job.cancelled = true
      job.outcome = outcome
      job.forcedAt = new Date(now())
    },
    faults: {
      add: f => faults.push({ ...f, left: f.times ?? 1 }),
      clear: () => faults.splice(0),
      pending: () => faults.reduce((n, f) => n + f.left, 0)
    },
    requests,
    stats,
    issuedTokens: () => tokens.issued(),
    resetLog() {
      requests.splice(0)
      stats.digestChallenges = 0
      stats.tokenRequests = 0
      stats.staleChallenges = 0
    },
    close: () =>
      new Promise<void>(done => {
        for (const socket of sockets) socket.destroy()
        server.close(() => done())
      })
  }
}
