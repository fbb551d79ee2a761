// The client against misbehaving loopback servers: every await settles within its limits, and
// each failure comes out as the right error, with the right `ambiguous`, after the right number
// of requests.

import { afterEach, describe, expect, it } from '@jest/globals'
import { networkInterfaces } from 'node:os'
import { AtlasClient } from '../src/atlas/client.js'
import {
  AtlasAbortedError,
  AtlasDeadlineError,
  AtlasNetworkError,
  AtlasProxyError
} from '../src/atlas/errors.js'
import { operations, type ApiCall } from '../src/atlas/operations.js'
import {
  cutAfterHeaders,
  dripBody,
  dripHeaders,
  halfOpen,
  json,
  rateLimited,
  silent,
  stallAfterHeaders,
  useHostile,
  startHostile,
  startProxy,
  startRaw,
  truncatedChunked,
  noAuth
} from './helpers/hostile.js'

const ref = { groupId: '6a793f6b2c88faeba59bae37', clusterName: 'c1' }
const JOB_ID = '6a794733c0eb9e7a17740663'
const getJob: ApiCall = {
  operation: operations.getClusterRestoreJob,
  params: { ...ref, restoreJobId: JOB_ID }
}
const createJob: ApiCall = {
  operation: operations.createClusterRestoreJob,
  params: ref,
  body: { deliveryType: 'download', snapshotId: '6a79468a2c88faeba59de489' }
}
const ok = json(200, { id: JOB_ID })
/** Generous bounds for a loaded 2-core machine. */
const SLACK_MS = 2_500

const hostile = useHostile()
const { server, clients } = hostile
const client = hostile.client

async function timed<T>(work: () => Promise<T>): Promise<{ error: unknown; ms: number }> {
  const started = Date.now()
  const error = await work().then(
    () => undefined,
    (e: unknown) => e
  )
  return { error, ms: Date.now() - started }
}

describe('an answer that never completes', () => {
  it.each([
    ['cut after the headers', cutAfterHeaders],
    ['a truncated chunked body', truncatedChunked]
  ])('%s: a read is retried, a create is ambiguous and not sent again', async (_, broken) => {
    server.script = [broken, ok]
    expect(await client().send(getJob, 'read')).toEqual({ id: JOB_ID })
    expect(server.seen).toHaveLength(2)

    server.seen = []
    server.script = [broken, ok]
    const error = (await client()
      .send(createJob, 'create')
      .catch(e => e)) as AtlasNetworkError
    expect(error).toBeInstanceOf(AtlasNetworkError)
    expect(error.ambiguous).toBe(true)
    expect(server.seen).toHaveLength(1)
  })

  it.each([
    ['a stall after the headers', stallAfterHeaders],
    ['no answer at all', silent],
    ['a body dripped a byte every 100 ms', dripBody(100)]
  ])('%s: cut at requestTimeoutMs', async (_, slow) => {
    server.script = [slow]
    const { error, ms } = await timed(() => client().send(createJob, 'create'))
    expect(error).toBeInstanceOf(AtlasNetworkError)
    expect((error as AtlasNetworkError).ambiguous).toBe(true)
    expect((error as Error).message).toMatch(/timeout/)
    expect(ms).toBeGreaterThanOrEqual(1_400)
    expect(ms).toBeLessThan(1_500 + SLACK_MS)
    expect(server.seen).toHaveLength(1)
  })

  it.each([
    ['headers dripped a byte every 100 ms', dripHeaders(100)],
    ['a half-open socket', halfOpen]
  ])('%s (raw): cut at requestTimeoutMs', async (_, behaviour) => {
    const raw = await startRaw(behaviour)
    try {
      const { error, ms } = await timed(() => client({ baseUrl: raw.url }).send(getJob, 'once'))
      expect(error).toBeInstanceOf(AtlasNetworkError)
      expect((error as Error).message).toMatch(/timeout/)
      expect(ms).toBeLessThan(1_500 + SLACK_MS)
      expect(raw.connections()).toBe(1)
    } finally {
      await raw.close()
    }
  })

  it('abandons a request in flight when the deadline passes, whatever requestTimeoutMs says', async () => {
    server.script = [stallAfterHeaders]
    const c = client({ requestTimeoutMs: 60_000, deadline: Date.now() + 500 })
    const { error, ms } = await timed(() => c.send(createJob, 'create'))
    expect(error).toBeInstanceOf(AtlasDeadlineError)
    expect((error as AtlasDeadlineError).ambiguous).toBe(true)
    expect(ms).toBeLessThan(700 + SLACK_MS)
  })
})

describe('deadlines, Retry-After and aborts', () => {
  it('keeps retrying a read until the deadline, past any fixed number of attempts', async () => {
    server.script = []
    const c = client({
      random: () => 0,
      deadline: Date.now() + 1_000,
      sleep: () => new Promise(done => setTimeout(done, 20))
    })
    const error = (await c.send(getJob).catch(e => e)) as AtlasDeadlineError
    expect(error).toBeInstanceOf(AtlasDeadlineError)
    expect(error.status).toBe(500)
    expect(server.seen.length).toBeGreaterThan(12)
  })

  it('stops at once with a deadline error when Retry-After would pass the deadline', async () => {
    server.script = [rateLimited('RATE_LIMITED', { 'retry-after': '3600' }), ok]
    const { error, ms } = await timed(() => client({ deadline: Date.now() + 3_000 }).send(getJob))
    expect(error).toBeInstanceOf(AtlasDeadlineError)
    expect((error as AtlasDeadlineError).status).toBe(429)
    expect(server.seen).toHaveLength(1)
    expect(ms).toBeLessThan(SLACK_MS)
  })

  it('a Retry-After of 25 days: a clamped timer (no overflow warning), ended by an abort', async () => {
    const warnings: string[] = []
    const onWarning = (w: Error) => warnings.push(w.name)
    process.on('warning', onWarning)
    const abort = new AbortController()
    server.script = [rateLimited(undefined, { 'retry-after': String(25 * 86_400) }), ok]
    const c = new AtlasClient({
      baseUrl: server.url,
      auth: noAuth,
      userAgent: 'test',
      requestTimeoutMs: 1_500,
      signal: abort.signal
    })
    clients.push(c)
    setTimeout(() => abort.abort(), 300)
    const { error, ms } = await timed(() => c.send(getJob))
    process.off('warning', onWarning)
    expect(error).toBeInstanceOf(AtlasAbortedError)
    expect(server.seen).toHaveLength(1)
    expect(ms).toBeLessThan(300 + SLACK_MS)
    expect(warnings).not.toContain('TimeoutOverflowWarning')
  })

  it('an abort destroys the request in flight at once', async () => {
    const abort = new AbortController()
    server.script = [stallAfterHeaders]
    setTimeout(() => abort.abort(), 200)
    const c = client({ requestTimeoutMs: 60_000, signal: abort.signal })
    const { error, ms } = await timed(() => c.send(createJob, 'create'))
    expect(error).toBeInstanceOf(AtlasAbortedError)
    expect((error as AtlasAbortedError).ambiguous).toBe(true)
    expect(ms).toBeLessThan(200 + SLACK_MS)
  })

  it('an abort ends a backoff sleep, and no create is sent after it', async () => {
    const abort = new AbortController()
    server.script = [rateLimited('RATE_LIMITED'), ok]
    const c = client({ signal: abort.signal, sleep: () => new Promise(() => {}) })
    setTimeout(() => abort.abort(), 200)
    const error = await c.send(createJob, 'create').catch(e => e)
    expect(error).toBeInstanceOf(AtlasAbortedError)
    expect((error as AtlasAbortedError).ambiguous).toBe(false)
    expect(server.seen).toHaveLength(1)
    await expect(c.send(createJob, 'create')).rejects.toBeInstanceOf(AtlasAbortedError)
    expect(server.seen).toHaveLength(1)
  })

  it('derive() sends after an abort, with its own short deadline', async () => {
    const abort = new AbortController()
    abort.abort()
    const c = client({ signal: abort.signal })
    await expect(c.send(getJob)).rejects.toBeInstanceOf(AtlasAbortedError)
    expect(server.seen).toHaveLength(0)
    server.script = [json(202, { id: JOB_ID }), stallAfterHeaders]
    const cancel = c.derive({ deadline: Date.now() + 500 })
    expect(await cancel.send(getJob, 'once')).toEqual({ id: JOB_ID })
    const { error, ms } = await timed(() => cancel.send(getJob, 'once'))
    expect(error).toBeInstanceOf(AtlasDeadlineError)
    expect(ms).toBeLessThan(700 + SLACK_MS)
    expect(server.seen).toHaveLength(2)
  })
})

describe('proxies', () => {
  const PROXY_VARS = [
    'HTTP_PROXY',
    'http_proxy',
    'HTTPS_PROXY',
    'https_proxy',
    'NO_PROXY',
    'no_proxy'
  ]
  const saved = Object.fromEntries(PROXY_VARS.map(name => [name, process.env[name]]))
  afterEach(() => {
    for (const name of PROXY_VARS)
      if (saved[name] === undefined) delete process.env[name]
      else process.env[name] = saved[name]
  })
  /** http-client never proxies loopback: the base URL names a host only the proxy resolves. */
  const viaProxy = (proxyUrl: string) => {
    for (const name of PROXY_VARS) delete process.env[name]
    process.env.HTTP_PROXY = proxyUrl
    return `http://atlas.test:${server.port}`
  }

  it('407: a proxy failure, not retried, not ambiguous', async () => {
    const proxy = await startProxy(407)
    try {
      const error = (await client({ baseUrl: viaProxy(proxy.url) })
        .send(createJob, 'create')
        .catch(e => e)) as AtlasProxyError
      expect(error).toBeInstanceOf(AtlasProxyError)
      expect(error.message).toContain(
        `the proxy at ${new URL(proxy.url).host} refused the tunnel: 407 Proxy Authentication Required; check HTTPS_PROXY and NO_PROXY`
      )
      expect(error.message).not.toContain('ECONNRESET')
      expect(error.ambiguous).toBe(false)
      expect(proxy.connects).toEqual([`atlas.test:${server.port}`])
      expect(server.seen).toHaveLength(0)
    } finally {
      await proxy.close()
    }
  })

  it('502: asked twice more, then a proxy failure', async () => {
    const proxy = await startProxy(502)
    try {
      const error = (await client({ baseUrl: viaProxy(proxy.url) })
        .send(createJob, 'create')
        .catch(e => e)) as AtlasProxyError
      expect(error).toBeInstanceOf(AtlasProxyError)
      expect(error.proxyStatus).toBe(502)
      expect(error.notSent).toBe(true)
      expect(proxy.connects).toHaveLength(3)
    } finally {
      await proxy.close()
    }
  })

  it('a working proxy carries the request', async () => {
    const proxy = await startProxy(200)
    try {
      server.script = [ok]
      expect(await client({ baseUrl: viaProxy(proxy.url) }).send(getJob)).toEqual({ id: JOB_ID })
      expect(proxy.connects).toEqual([`atlas.test:${server.port}`])
      expect(server.seen).toHaveLength(1)
      expect(server.seen[0].headers.host).toBe(`atlas.test:${server.port}`)
    } finally {
      await proxy.close()
    }
  })
})

const hasIpv6Loopback = Object.values(networkInterfaces()).some(list =>
  (list ?? []).some(a => a.family === 'IPv6' && a.internal)
)
;(hasIpv6Loopback ? it : it.skip)('connects to http://[::1]:PORT', async () => {
  const v6 = await startHostile(ok, '::1')
  try {
    expect(v6.url).toMatch(/^http:\/\/\[::1\]:\d+$/)
    expect(await client({ baseUrl: v6.url }).send(getJob)).toEqual({ id: JOB_ID })
    expect(v6.seen).toHaveLength(1)
  } finally {
    await v6.close()
  }
})
