// The Atlas client's transport rules against a scripted local server: which failures are
// retried (reads) and which never are (creates), Retry-After, deadlines, error decoding, paging.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AtlasAuth } from '../src/atlas/auth/index.js'
import { AtlasClient } from '../src/atlas/client.js'
import { AtlasApiError, AtlasNetworkError } from '../src/atlas/errors.js'
import { operations } from '../src/atlas/operations.js'
import type { ApiCall } from '../src/atlas/operations.js'

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void
let script: Handler[] = []
let seen: { method: string; url: string; accept?: string; contentType?: string; body: string }[] =
  []
let server: Server
let baseUrl = ''

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers })
    res.end(JSON.stringify(body))
  }
const reset: Handler = req => req.socket.destroy()

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', c => (body += c))
    req.on('end', () => {
      seen.push({
        method: req.method!,
        url: req.url!,
        accept: req.headers.accept,
        contentType: req.headers['content-type'],
        body
      })
      const next = script.shift() ?? json(500, { error: 500, errorCode: 'UNSCRIPTED' })
      next(req, res, body)
    })
  })
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>(done => server.close(() => done())))
beforeEach(() => {
  script = []
  seen = []
})

const noAuth: AtlasAuth = {
  prepare: async () => {},
  authorize: () => undefined,
  onUnauthorized: async () => false,
  revoke: async () => {}
}

function client(overrides: { now?: () => number; deadline?: number; url?: string } = {}) {
  const sleeps: number[] = []
  const c = new AtlasClient({
    baseUrl: overrides.url ?? baseUrl,
    auth: noAuth,
    userAgent: 'test',
    requestTimeoutMs: 2_000,
    sleep: async ms => {
      sleeps.push(ms)
    },
    now: overrides.now ?? Date.now,
    random: () => 0.5
  })
  if (overrides.deadline !== undefined) c.deadline = overrides.deadline
  return { c, sleeps }
}

const ref = { groupId: '6a793f6b2c88faeba59bae37', clusterName: 'c1' }
const getJob: ApiCall = {
  operation: operations.getClusterRestoreJob,
  params: { ...ref, restoreJobId: '6a794733c0eb9e7a17740663' }
}
const createJob: ApiCall = {
  operation: operations.createClusterRestoreJob,
  params: ref,
  body: { deliveryType: 'download', snapshotId: '6a79468a2c88faeba59de489' }
}

describe('requests', () => {
  it('sends the versioned media type, the body as JSON, and decodes the answer', async () => {
    script = [
      json(
        200,
        { id: 'x' },
        { 'content-type': 'application/vnd.atlas.2023-01-01+json;charset=utf-8' }
      )
    ]
    const { c } = client()
    expect(await c.send(createJob, 'create')).toEqual({ id: 'x' })
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/api/atlas/v2/groups/6a793f6b2c88faeba59bae37/clusters/c1/backup/restoreJobs',
      accept: 'application/vnd.atlas.2023-01-01+json',
      contentType: 'application/vnd.atlas.2023-01-01+json'
    })
    expect(JSON.parse(seen[0].body)).toEqual(createJob.body)
    c.dispose()
  })

  it('remembers the rate-limit headers', async () => {
    script = [json(200, {}, { 'ratelimit-limit': '1200', 'ratelimit-remaining': '1193' })]
    const { c } = client()
    await c.send(getJob)
    expect(c.lastRateLimit).toEqual({ limit: 1200, remaining: 1193 })
    c.dispose()
  })

  it('keeps the offset of the Date header and the last rate-limit headers', async () => {
    const ahead = new Date(Date.now() + 3_600_000).toUTCString()
    script = [
      json(200, { id: 'x' }, { date: ahead, 'ratelimit-limit': '100', 'ratelimit-remaining': '7' }),
      json(429, { error: 429, errorCode: 'RATE_LIMITED' }),
      json(200, {})
    ]
    const { c } = client()
    await c.send(getJob)
    expect(c.serverClockOffsetMs).toBeGreaterThan(3_600_000 - 5_000)
    expect(c.serverClockOffsetMs).toBeLessThan(3_600_000 + 5_000)
    expect(c.lastRateLimit).toEqual({ limit: 100, remaining: 7 })
    await c.send(getJob) // a 429 without the headers, then an answer: both handled alike
    expect(seen).toHaveLength(3)
    expect(c.lastRateLimit).toEqual({ limit: 100, remaining: 7 })
    expect(Math.abs(c.serverClockOffsetMs!)).toBeLessThan(5_000)
    c.dispose()
  })
})

describe('retries', () => {
  it("counts a derived client's requests in the run's stats (the evidence's apiCalls)", async () => {
    script = [json(200, { ok: true }), json(503, {}), json(200, { ok: true })]
    const { c } = client()
    await c.send(getJob)
    await c.derive({ deadline: Date.now() + 60_000 }).send(getJob)
    expect(c.stats).toEqual({ requests: 3, retries: 1 })
    c.dispose()
  })

  it('retries a read on 503, 502 and a reset connection', async () => {
    script = [json(503, {}), json(502, {}), reset, json(200, { ok: true })]
    const { c, sleeps } = client()
    expect(await c.send(getJob)).toEqual({ ok: true })
    expect(seen).toHaveLength(4)
    expect(sleeps).toHaveLength(3)
    expect(c.stats.retries).toBe(3)
    c.dispose()
  })

  it('waits at least Retry-After after a 429', async () => {
    script = [
      json(429, { error: 429, errorCode: 'RATE_LIMITED' }, { 'retry-after': '7' }),
      json(200, {})
    ]
    const { c, sleeps } = client()
    await c.send(getJob)
    expect(sleeps[0]).toBeGreaterThanOrEqual(7_000)
    c.dispose()
  })

  it('never repeats a create after a 500: Atlas may have made the job', async () => {
    script = [
      json(500, { error: 500, errorCode: 'UNEXPECTED_ERROR', detail: 'boom' }),
      json(200, {})
    ]
    const { c } = client()
    await expect(c.send(createJob, 'create')).rejects.toBeInstanceOf(AtlasApiError)
    expect(seen).toHaveLength(1)
    c.dispose()
  })

  it('never repeats a create after a reset', async () => {
    script = [reset, json(200, {})]
    const { c } = client()
    const error = await c.send(createJob, 'create').catch(e => e)
    expect(error).toBeInstanceOf(AtlasNetworkError)
    expect((error as AtlasNetworkError).notSent).toBe(false)
    expect(seen).toHaveLength(1)
    c.dispose()
  })

  it('repeats a create refused with 429: Atlas did nothing', async () => {
    script = [
      json(429, { error: 429, errorCode: 'RATE_LIMITED' }, { 'retry-after': '1' }),
      json(200, { id: 'y' })
    ]
    const { c } = client()
    expect(await c.send(createJob, 'create')).toEqual({ id: 'y' })
    expect(seen).toHaveLength(2)
    c.dispose()
  })

  it('repeats a create whose connection was refused (it never left)', async () => {
    const { c, sleeps } = client({ url: 'http://127.0.0.1:9' })
    const error = await c.send(createJob, 'create').catch(e => e)
    expect(error).toBeInstanceOf(AtlasNetworkError)
    expect((error as AtlasNetworkError).notSent).toBe(true)
    expect(sleeps.length).toBeGreaterThan(0)
    c.dispose()
  })

  it('gives up when the next wait would pass the deadline', async () => {
    script = Array.from({ length: 20 }, () => json(503, {}))
    const { c } = client({ deadline: Date.now() + 1_500 })
    await expect(c.send(getJob)).rejects.toMatchObject({ status: 503 })
    expect(seen.length).toBeLessThan(5)
    c.dispose()
  })

  it('gives up on a hung connection after the request timeout', async () => {
    script = [() => {}, () => {}, () => {}]
    const c = new AtlasClient({
      baseUrl,
      auth: noAuth,
      userAgent: 'test',
      requestTimeoutMs: 200,
      sleep: async () => {},
      now: Date.now,
      random: () => 0
    })
    c.deadline = Date.now() + 100
    const started = Date.now()
    const error = (await c.send(getJob).catch(e => e)) as AtlasNetworkError
    expect(error).toBeInstanceOf(AtlasNetworkError)
    expect(error.message).toMatch(/timeout/i)
    expect(Date.now() - started).toBeLessThan(2_000)
    c.dispose()
  })

  it('does not retry a 404', async () => {
    script = [json(404, { error: 404, errorCode: 'RESOURCE_NOT_FOUND' }), json(200, {})]
    const { c } = client()
    await expect(c.send(getJob)).rejects.toMatchObject({ status: 404 })
    expect(seen).toHaveLength(1)
    c.dispose()
  })
})

describe('errors', () => {
  it('carries status, errorCode, detail, the call, and a role hint on 403', async () => {
    script = [
      json(403, {
        error: 403,
        errorCode: 'USER_UNAUTHORIZED',
        detail: 'The current user is not in the group.',
        parameters: []
      })
    ]
    const { c } = client()
    const error = (await c.send(createJob, 'create').catch(e => e)) as AtlasApiError
    expect(error.message).toContain('403 USER_UNAUTHORIZED')
    expect(error.message).toContain(
      'POST /api/atlas/v2/groups/6a793f6b2c88faeba59bae37/clusters/c1/backup/restoreJobs'
    )
    expect(error.message).toContain('The current user is not in the group.')
    expect(error.message).toContain(
      'Project Backup Export Operator or Project Backup Recovery Operator'
    )
    c.dispose()
  })

  it('takes the errorCode from X-Error-Code when the body is not JSON', async () => {
    script = [
      (_, res) => {
        res.writeHead(404, { 'content-type': 'text/html', 'x-error-code': 'CLUSTER_NOT_FOUND' })
        res.end('<html>nope</html>')
      }
    ]
    const { c } = client()
    const error = (await c.send(getJob).catch(e => e)) as AtlasApiError
    expect(error.errorCode).toBe('CLUSTER_NOT_FOUND')
    expect(error.message).toContain('project 6a793f6b2c88faeba59bae37 has no cluster named c1')
    c.dispose()
  })
})

describe('paging', () => {
  it('reads every page', async () => {
    const page = (n: number, total: number) =>
      json(200, { results: Array.from({ length: n }, (_, i) => ({ i })), totalCount: total })
    script = [page(500, 520), page(20, 520)]
    const { c } = client()
    const items = await c.list({ operation: operations.listClusterSnapshots, params: ref })
    expect(items).toHaveLength(520)
    expect(seen.map(s => new URL(s.url, baseUrl).searchParams.get('pageNum'))).toEqual(['1', '2'])
    expect(new URL(seen[0].url, baseUrl).searchParams.get('itemsPerPage')).toBe('500')
    c.dispose()
  })
})
