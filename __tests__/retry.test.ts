// Retry rules: the pure delays and limits, and which answers a read and a create repeat, against
// a loopback server; and how server text is cleaned before it enters a message.

import { describe, expect, it } from '@jest/globals'
import { AtlasApiError, AtlasBadAnswerError, AtlasNetworkError } from '../src/atlas/errors.js'
import { operations, type ApiCall } from '../src/atlas/operations.js'
import { bucketOf } from '../src/atlas/answers.js'
import { serverText } from '../src/atlas/redact.js'
import {
  clampTimer,
  isRetryableStatus,
  MAX_TIMER_MS,
  parseRetryAfter,
  retryDelay
} from '../src/atlas/retry.js'
import { echoAuthorization, json, rateLimited, useHostile, text } from './helpers/hostile.js'

describe('retryDelay', () => {
  it('picks uniformly below an exponential ceiling (full jitter), capped', () => {
    expect(retryDelay(0, () => 0.999)).toBe(999)
    expect(retryDelay(3, () => 0.5)).toBe(4000)
    expect(retryDelay(10, () => 0.999)).toBe(29_970)
    expect(retryDelay(4, () => 0)).toBe(0)
  })

  it('never waits less than Retry-After', () => {
    expect(retryDelay(0, () => 0, 7000)).toBe(7000)
    expect(retryDelay(5, () => 0.9, 1000)).toBe(27_000)
  })
})

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-24T03:00:00Z')
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', now)).toBe(3000)
    expect(parseRetryAfter('Tue, 24 Nov 2026 03:00:10 GMT', now)).toBe(10_000)
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
    expect(parseRetryAfter('soon', now)).toBeUndefined()
  })
})

describe('isRetryableStatus', () => {
  it('retries 429 and 5xx but 501', () => {
    expect([429, 500, 502, 503, 504, 507].every(isRetryableStatus)).toBe(true)
    expect([400, 401, 403, 404, 409, 501].some(isRetryableStatus)).toBe(false)
  })
})

describe('clampTimer', () => {
  it('keeps delays within what setTimeout takes', () => {
    expect(clampTimer(25 * 86_400_000)).toBe(MAX_TIMER_MS)
    expect(clampTimer(Number.POSITIVE_INFINITY)).toBe(MAX_TIMER_MS)
    expect(clampTimer(-5)).toBe(0)
    expect(clampTimer(Number.NaN)).toBe(0)
    expect(clampTimer(1.2)).toBe(2)
  })
})

describe('serverText', () => {
  it('redacts Digest, Bearer and Basic credentials', () => {
    const digest =
      'Digest username="pubkey", realm="MMS Public API", nonce="abc, def", uri="/api", algorithm=MD5, qop=auth, nc=00000001, cnonce="c1", response="8ca523f5e9506fed4657c9700eebdbec"'
    const out = serverText(
      `got ${digest}; also Bearer eyJhbGc.iOiJ-IUz_I1NiJ9 and Basic dXNlcjpwYXNz==`
    )
    expect(out).toBe('got Digest [redacted]; also Bearer [redacted] and Basic [redacted]')
    expect(serverText('bad response="8ca523f5", nonce=xyz')).toBe(
      'bad response=[redacted], nonce=[redacted]'
    )
  })

  it('makes one printable line of at most 500 characters', () => {
    expect(serverText('a\r\n::error::b\u001b[31m\tc\u0000')).toBe('a ::error::b c')
    const long = serverText('x'.repeat(2_000))
    expect(long).toHaveLength(500)
    expect(long.endsWith('…')).toBe(true)
  })
})

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

const hostile = useHostile()
const { server } = hostile
const client = hostile.client

describe('bad 2xx bodies', () => {
  it('refuses an answer larger than the cap', async () => {
    const big = text(200, JSON.stringify({ id: JOB_ID, pad: 'x'.repeat(5_000) }))
    server.script = [big, ok]
    expect(await client({ maxBodyBytes: 1_000 }).send(getJob)).toEqual({ id: JOB_ID })
    expect(server.seen).toHaveLength(2)
    server.seen = []
    server.script = [big, ok]
    const error = await client({ maxBodyBytes: 1_000 })
      .send(createJob, 'create')
      .catch(e => e)
    expect(error).toBeInstanceOf(AtlasBadAnswerError)
    expect((error as AtlasBadAnswerError).ambiguous).toBe(true)
    expect(server.seen).toHaveLength(1)
  })

  it.each([
    ['malformed JSON', '{"id": "6a79'],
    ['empty', ''],
    ['an array', '[]'],
    ['null', 'null'],
    ['a numeric id', '{"id": 42}']
  ])('%s: a read is retried, a create is ambiguous', async (_, body) => {
    server.script = [text(200, body), ok]
    expect(await client().send(getJob)).toEqual({ id: JOB_ID })
    expect(server.seen).toHaveLength(2)
    server.seen = []
    server.script = [text(200, body), ok]
    const error = await client()
      .send(createJob, 'create')
      .catch(e => e)
    expect(error).toBeInstanceOf(AtlasBadAnswerError)
    expect((error as AtlasBadAnswerError).ambiguous).toBe(true)
    expect(server.seen).toHaveLength(1)
  })

  it("retries a read whose answer fails the caller's check (about another job)", async () => {
    server.script = [json(200, { id: '6a794733c0eb9e7a17740000' }), ok]
    const validate = (body: unknown) =>
      (body as { id?: unknown }).id === JOB_ID ? undefined : 'job id must equal the one asked for'
    expect(await client().send(getJob, { retry: 'read', validate })).toEqual({ id: JOB_ID })
    expect(server.seen).toHaveLength(2)
    server.script = [json(200, { id: 'other' })]
    const error = await client()
      .send(createJob, { retry: 'create', validate })
      .catch(e => e)
    expect(error).toBeInstanceOf(AtlasBadAnswerError)
    expect((error as Error).message).toContain('job id must equal the one asked for')
    expect(server.seen).toHaveLength(3)
  })
})

describe('creates', () => {
  it.each([
    ['429 RATE_LIMITED_TOKEN_BUCKET', rateLimited('RATE_LIMITED_TOKEN_BUCKET')],
    ['429 RATE_LIMITED with headers', rateLimited('RATE_LIMITED', { 'ratelimit-limit': '100' })],
    [
      '405 WRITES_NOT_ALLOWED_DURING_APP_UPGRADES',
      json(405, { error: 405, errorCode: 'WRITES_NOT_ALLOWED_DURING_APP_UPGRADES' })
    ],
    [
      '400 TENANT_RESTORE_DESTINATION_UNAVAILABLE',
      json(400, { error: 400, errorCode: 'TENANT_RESTORE_DESTINATION_UNAVAILABLE' })
    ]
  ])('%s: Atlas did nothing, sent again', async (_, refusal) => {
    server.script = [refusal, ok]
    expect(await client().send(createJob, 'create')).toEqual({ id: JOB_ID })
    expect(server.seen).toHaveLength(2)
  })

  it.each([
    ['a 429 without an Atlas error (a gateway)', rateLimited(undefined)],
    ['a 503', json(503, { error: 503, errorCode: 'SERVICE_UNAVAILABLE' })],
    ['a 500', text(500, 'Internal error')]
  ])('%s: ambiguous, not sent again', async (_, answer) => {
    server.script = [answer, ok]
    const error = (await client()
      .send(createJob, 'create')
      .catch(e => e)) as AtlasApiError
    expect(error).toBeInstanceOf(AtlasApiError)
    expect(error.ambiguous).toBe(true)
    expect(server.seen).toHaveLength(1)
  })

  it('a refused connection never left: not ambiguous, sent again', async () => {
    const sleeps: number[] = []
    const c = client({ baseUrl: 'http://127.0.0.1:9', sleep: async ms => void sleeps.push(ms) })
    const error = (await c.send(createJob, 'create').catch(e => e)) as AtlasNetworkError
    expect(error).toBeInstanceOf(AtlasNetworkError)
    expect(error.notSent).toBe(true)
    expect(error.ambiguous).toBe(false)
    expect(sleeps).toHaveLength(11)
  })
})

describe('server text in error messages', () => {
  it('redacts an error detail that echoes the Authorization header, and keeps it on one line', async () => {
    for (const authorization of [
      'Digest username="pub", realm="MMS Public API", nonce="n0nce", uri="/x", response="deadbeef"',
      'Bearer secret-token-value',
      'Basic c2VjcmV0OnNlY3JldA=='
    ]) {
      server.script = [echoAuthorization]
      const auth = {
        prepare: async () => {},
        authorize: () => authorization,
        onUnauthorized: async () => false,
        revoke: async () => {}
      }
      const error = (await client({ auth })
        .send(getJob)
        .catch(e => e)) as AtlasApiError
      expect(error).toBeInstanceOf(AtlasApiError)
      expect(error.message).toContain('[redacted]')
      for (const secret of ['n0nce', 'deadbeef', 'secret-token-value', 'c2VjcmV0OnNlY3JldA=='])
        expect(error.message).not.toContain(secret)
      expect(error.message).not.toMatch(/[\r\n]/)
      expect(error.message).not.toContain('\u001b')
    }
  })

  it('shows a line of a non-JSON error page, redacted', async () => {
    server.script = [text(502, '<html>\n Bearer abc.def \n upstream down</html>')]
    const error = (await client()
      .send(getJob, 'once')
      .catch(e => e)) as AtlasApiError
    expect(error.message).toContain('<html> Bearer [redacted] upstream down</html>')
  })
})

describe('hints name what the call was about', () => {
  const error = (status: number, errorCode: string, path: string) =>
    new AtlasApiError({ status, body: { errorCode }, operation: operations.getCluster, path })
  const path = '/api/atlas/v2/groups/6a794320c0eb9e7a17728a63/clusters/scratch-1'

  it('a missing project or cluster is named from the path, not guessed from the inputs', () => {
    expect(error(404, 'GROUP_NOT_FOUND', path).message).toContain(
      'project 6a794320c0eb9e7a17728a63 does not exist, or these credentials cannot see it'
    )
    expect(error(404, 'GROUP_NOT_FOUND', path).message).not.toContain('targetGroupId')
    expect(error(404, 'CLUSTER_NOT_FOUND', path).message).toContain(
      'project 6a794320c0eb9e7a17728a63 has no cluster named scratch-1'
    )
  })

  it("another cluster's snapshot, and the codes the contract lists, say what to do", () => {
    expect(error(404, 'SNAPSHOT_NOT_FOUND', path).message).toContain(
      'snapshotId must name a snapshot of clusterName itself'
    )
    for (const code of [
      'ATLAS_CLUSTER_RESTORE_IN_PROGRESS',
      'CLUSTER_PAUSED_CANNOT_RESTORE',
      'INVALID_PIT_RESTORE_TIME',
      'NO_CHECKPOINT_FOR_PIT_RESTORE',
      'UNABLE_T0_FIND_SNAPSHOT_PRIOR_TO_PIT_RESTORE_OPTIME',
      'CANNOT_DOWNLOAD_SNAPSHOT_CONCURRENTLY',
      'TOO_MANY_SNAPSHOT_DOWNLOADS',
      'CANNOT_RESTORE_TO_TARGET',
      'VERSION_GONE'
    ]) {
      expect(error(400, code, path).hint).toMatch(/: [a-z]/)
    }
    expect(error(403, 'USER_UNAUTHORIZED', path).message).toContain(
      'role on project 6a794320c0eb9e7a17728a63 for getGroupCluster'
    )
  })
})

describe("the bucket a 429's detail describes", () => {
  it('reads capacity and refill from the recorded wording', () => {
    expect(bucketOf('Request capacity: 1200. Refill rate: 500 per 60 seconds.')).toEqual({
      limit: 1200,
      remaining: 0,
      refillPerSecond: 500 / 60
    })
    expect(bucketOf('Too many requests.')).toBeUndefined()
    expect(bucketOf(undefined)).toBeUndefined()
  })
})

describe('a token-bucket 429 teaches the client the refill rate', () => {
  it('keeps capacity and refill from the detail, and the level from later headers', async () => {
    server.script = [
      json(429, {
        error: 429,
        errorCode: 'RATE_LIMITED_TOKEN_BUCKET',
        detail: 'Request capacity: 1200. Refill rate: 500 per 60 seconds.'
      }),
      json(200, { id: JOB_ID }, { 'ratelimit-limit': '1200', 'ratelimit-remaining': '30' })
    ]
    const c = client()
    expect(await c.send(getJob)).toEqual({ id: JOB_ID })
    expect(c.lastRateLimit).toEqual({ limit: 1200, remaining: 30, refillPerSecond: 500 / 60 })
  })
})
