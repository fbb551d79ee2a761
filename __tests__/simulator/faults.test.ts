// Fault injection: each action, matched in order against authenticated requests (API and token
// endpoint), consumed per match; and what sim.requests records about them.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { request } from 'node:http'
import { startSimulator, type Simulator } from '../../simulator/index.js'
import { BearerClient, DigestClient, token, V2023 } from './client.js'

let sim: Simulator
let api: BearerClient
let groupId: string
let snapshotId: string
const g = (rest: string) => `/api/atlas/v2/groups/${groupId}${rest}`
const LIST = () => g('/clusters/prod/backup/snapshots')
const CREATE = () => g('/clusters/prod/backup/restoreJobs')

beforeAll(async () => {
  // Many jobs of one cluster at once: the concurrency rules are tested in rules.test.ts.
  sim = await startSimulator({
    restoreDurationMs: 60_000,
    downloadDurationMs: 60_000,
    concurrencyRules: false
  })
  groupId = sim.addProject()
  sim.addDeployment({ groupId, name: 'prod', kind: 'dedicated' })
  snapshotId = sim.addSnapshot({ groupId, clusterName: 'prod' }).id
  api = new BearerClient(sim)
  await api.call('GET', LIST())
})
afterAll(() => sim.close())
beforeEach(() => {
  sim.faults.clear()
  sim.resetLog()
})

/** A raw request, to see a dropped connection as such. */
function raw(
  path: string,
  method = 'GET',
  body?: string
): Promise<{ status?: number; error?: string }> {
  return new Promise(done => {
    const req = request(
      `${sim.url}${path}`,
      {
        method,
        headers: {
          accept: V2023,
          authorization: `Bearer ${api.access!}`,
          ...(body !== undefined && { 'content-type': V2023 })
        },
        agent: false
      },
      res => {
        res.resume()
        res.on('end', () => done({ status: res.statusCode }))
      }
    )
    req.on('error', e => done({ error: (e as NodeJS.ErrnoException).code ?? e.message }))
    req.end(body)
  })
}

describe('fault actions', () => {
  it('status: answers an ApiError instead of handling, with Retry-After when asked', async () => {
    sim.faults.add({
      method: 'GET',
      path: LIST(),
      times: 2,
      action: { type: 'status', status: 429, retryAfterSeconds: 3 }
    })
    sim.faults.add({ path: /restoreJobs$/, action: { type: 'status', status: 503 } })
    expect(sim.faults.pending()).toBe(3)
    const limited = await api.call('GET', LIST())
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('3')
    expect(limited.body).toMatchObject({
      error: 429,
      errorCode: 'RATE_LIMITED',
      reason: 'Too Many Requests'
    })
    expect(limited.headers.get('x-error-code')).toBe('RATE_LIMITED')
    expect((await api.call('GET', LIST())).status).toBe(429)
    expect((await api.call('GET', LIST())).status).toBe(200)
    const unavailable = await api.call('POST', CREATE(), {
      body: { deliveryType: 'download', snapshotId }
    })
    expect(unavailable.status).toBe(503)
    expect(unavailable.headers.get('retry-after')).toBeNull()
    expect(sim.jobs()).toHaveLength(0)
    expect(sim.faults.pending()).toBe(0)
  })

  it('status with an errorCode of your choice', async () => {
    sim.faults.add({ action: { type: 'status', status: 404, errorCode: 'RESOURCE_NOT_FOUND' } })
    const r = await api.call('GET', LIST())
    expect(r.body).toMatchObject({ error: 404, errorCode: 'RESOURCE_NOT_FOUND' })
  })

  it('statusAfterHandling: the job is created, then the error is answered', async () => {
    sim.faults.add({
      method: 'POST',
      path: CREATE(),
      action: { type: 'statusAfterHandling', status: 500 }
    })
    const before = sim.jobs().length
    const r = await api.call('POST', CREATE(), { body: { deliveryType: 'download', snapshotId } })
    expect(r.status).toBe(500)
    expect(r.body.errorCode).toBe('UNEXPECTED_ERROR')
    expect(sim.jobs()).toHaveLength(before + 1)
  })

  it('reset: the connection is dropped before anything is handled', async () => {
    sim.faults.add({ method: 'POST', action: { type: 'reset' } })
    const before = sim.jobs().length
    const r = await raw(CREATE(), 'POST', JSON.stringify({ deliveryType: 'download', snapshotId }))
    expect(r.error).toBeDefined()
    expect(sim.jobs()).toHaveLength(before)
    expect(sim.requests.at(-1)).toMatchObject({ method: 'POST', outcome: 'reset', status: 0 })
  })

  it('resetAfterHandling: the job is created, then the connection is dropped without an answer', async () => {
    sim.faults.add({ method: 'POST', action: { type: 'resetAfterHandling' } })
    const before = sim.jobs().length
    const r = await raw(CREATE(), 'POST', JSON.stringify({ deliveryType: 'download', snapshotId }))
    expect(r.error).toBeDefined()
    expect(sim.jobs()).toHaveLength(before + 1)
    expect(sim.requests.at(-1)).toMatchObject({ outcome: 'reset' })
  })

  it('delay: handled normally, answered late', async () => {
    sim.faults.add({ path: LIST(), action: { type: 'delay', ms: 300 } })
    const start = Date.now()
    const r = await api.call('GET', LIST())
    expect(r.status).toBe(200)
    expect(Date.now() - start).toBeGreaterThanOrEqual(290)
    const fast = Date.now()
    await api.call('GET', LIST())
    expect(Date.now() - fast).toBeLessThan(200)
  })

  it('staleNonce: a Digest request gets a stale=true challenge; bearer requests do not consume it', async () => {
    sim.faults.add({ action: { type: 'staleNonce' } })
    expect((await api.call('GET', LIST())).status).toBe(200)
    expect(sim.faults.pending()).toBe(1)
    const client = new DigestClient(sim)
    const first = await client.call('GET', LIST())
    // The first Digest answer met the fault; the client answered the stale challenge.
    expect(first.status).toBe(200)
    expect(sim.stats.staleChallenges).toBe(1)
    expect(sim.faults.pending()).toBe(0)
    const statuses = sim.requests.filter(r => r.authScheme !== 'Bearer').map(r => r.status)
    expect(statuses).toEqual([401, 401, 200])
  })

  it('expireToken: the presented token is expired from then on (401 ApiError); a new one works', async () => {
    const own = new BearerClient(sim)
    expect((await own.call('GET', LIST())).status).toBe(200)
    sim.faults.add({ path: LIST(), action: { type: 'expireToken' } })
    const expired = await own.call('GET', LIST())
    expect(expired.status).toBe(401)
    expect(expired.body.errorCode).toBe('INVALID_TOKEN')
    expect(expired.headers.get('www-authenticate')).toBeNull()
    expect((await own.call('GET', LIST())).status).toBe(401)
    own.access = undefined
    expect((await own.call('GET', LIST())).status).toBe(200)
  })

  it('faults apply to the token endpoint too, and are matched in the order added', async () => {
    sim.faults.add({ path: '/api/oauth/token', action: { type: 'status', status: 503 } })
    sim.faults.add({ path: '/api/oauth/token', action: { type: 'reset' } })
    sim.faults.add({ method: 'POST', action: { type: 'delay', ms: 10 } })
    expect((await token(sim)).status).toBe(503)
    await expect(token(sim)).rejects.toThrow()
    const ok = await token(sim)
    expect(ok.status).toBe(200)
    expect(sim.stats.tokenRequests).toBe(1)
    expect(sim.faults.pending()).toBe(0)
  })

  it('only authenticated requests meet faults: a challenge round trip does not consume them', async () => {
    sim.faults.add({ path: LIST(), action: { type: 'status', status: 502 } })
    const res = await fetch(sim.url + LIST(), { headers: { accept: V2023 } })
    expect(res.status).toBe(401)
    expect(sim.faults.pending()).toBe(1)
    expect((await new DigestClient(sim).call('GET', LIST())).status).toBe(502)
  })

  it('clear() drops every pending fault; requests records every request in order', async () => {
    sim.faults.add({ times: 5, action: { type: 'status', status: 500 } })
    sim.faults.clear()
    expect(sim.faults.pending()).toBe(0)
    await api.call('GET', `${LIST()}?itemsPerPage=2`, { headers: { 'user-agent': 'sim-test/1.0' } })
    await api.call('POST', CREATE(), { body: { deliveryType: 'download', snapshotId } })
    expect(sim.requests.map(r => [r.method, r.status])).toEqual([
      ['GET', 200],
      ['POST', 200]
    ])
    expect(sim.requests[0]).toMatchObject({
      query: { itemsPerPage: '2' },
      accept: V2023,
      authScheme: 'Bearer',
      userAgent: 'sim-test/1.0',
      outcome: 'answered'
    })
    expect(sim.requests[1]).toMatchObject({
      contentType: V2023,
      body: { deliveryType: 'download', snapshotId }
    })
    expect(typeof sim.requests[1].at).toBe('number')
  })
})
