// The simulator enforces the spec: these requests are made by hand (not by the action) to show
// that it refuses what real Atlas refuses — so an e2e test that passes against it means the
// action's requests are the spec's.

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { digestAuthorization, parseDigestChallenges } from '../../src/atlas/auth/digest.js'
import { startSimulator, type Simulator } from '../../simulator/index.js'
import { bearerToken } from '../helpers/token.js'

let sim: Simulator
let groupId: string
let snapshotId: string
const V2023 = 'application/vnd.atlas.2023-01-01+json'
const VFLEX = 'application/vnd.atlas.2024-11-13+json'

beforeAll(async () => {
  sim = await startSimulator({
    restoreDurationMs: 300,
    downloadDurationMs: 200,
    targetUpdatingMs: 100,
    nonceTtlMs: 60_000
  })
  groupId = sim.addProject()
  sim.addDeployment({ groupId, name: 'src', kind: 'dedicated', pitEnabled: true })
  sim.addDeployment({ groupId, name: 'dst', kind: 'dedicated' })
  sim.addDeployment({ groupId, name: 'fx', kind: 'flex' })
  sim.addDeployment({ groupId, name: 'sh', kind: 'shared', clusterType: 'SHARDED', shards: 2 })
  snapshotId = sim.addSnapshot({ groupId, clusterName: 'src', ageMs: 3_600_000 }).id
  for (let i = 0; i < 7; i++)
    sim.addSnapshot({ groupId, clusterName: 'fx', ageMs: (i + 1) * 86_400_000 })
})
afterAll(() => sim.close())

/** A digest client with nonce reuse, written against the simulator's challenge. */
let challenge: ReturnType<typeof parseDigestChallenges>[number] | undefined
let nc = 0
async function call(
  method: string,
  path: string,
  options: {
    accept?: string | null
    body?: unknown
    contentType?: string
    auth?: 'digest' | 'none'
    ncOverride?: number
  } = {}
) {
  const headers: Record<string, string> = {}
  if (options.accept !== null) headers.accept = options.accept ?? V2023
  if (options.body !== undefined)
    headers['content-type'] = options.contentType ?? options.accept ?? V2023
  const send = async () => {
    if (challenge && options.auth !== 'none') {
      nc = options.ncOverride ?? nc + 1
      headers.authorization = digestAuthorization({
        challenge,
        username: sim.credentials.publicKey,
        password: sim.credentials.privateKey,
        method,
        uri: path,
        nc,
        cnonce: 'abcdef0123456789'
      }).header
    }
    return fetch(sim.url + path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body)
    })
  }
  let res = await send()
  if (res.status === 401 && options.auth !== 'none' && res.headers.get('www-authenticate')) {
    challenge = parseDigestChallenges(res.headers.get('www-authenticate')!)[0]
    nc = 0
    res = await send()
  }
  const text = await res.text()
  return {
    status: res.status,
    headers: res.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined
  }
}
const g = () => `/api/atlas/v2/groups/${groupId}`

describe('authentication', () => {
  it('challenges like Atlas: recorded body, realm, MD5, qop=auth, no X-Error-Code or rate-limit headers', async () => {
    const res = await fetch(`${sim.url}${g()}/clusters/src`, {
      headers: { accept: 'application/vnd.atlas.2024-08-05+json' }
    })
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toMatch(
      /^Digest realm="MMS Public API", domain="", nonce="[^"]+", algorithm=MD5, qop="auth", stale=false$/
    )
    expect(res.headers.get('x-error-code')).toBeNull()
    expect(res.headers.get('ratelimit-limit')).toBeNull()
    const text = await res.text()
    expect(text).toContain('\n  "error": 401')
    expect(JSON.parse(text)).toEqual({
      error: 401,
      reason: 'Unauthorized',
      detail: 'You are not authorized for this resource.',
      errorCode: 'UNEXPECTED_ERROR'
    })
  })

  it('accepts a reused nonce with a higher nc, and refuses a replayed nc', async () => {
    sim.resetLog()
    expect((await call('GET', `${g()}/clusters/src/backup/snapshots`)).status).toBe(200)
    expect((await call('GET', `${g()}/clusters/src/backup/snapshots`)).status).toBe(200)
    expect(sim.stats.digestChallenges).toBe(1)
    const replay = await call('GET', `${g()}/clusters/src/backup/snapshots`, {
      ncOverride: 1,
      auth: 'digest'
    })
    // The replay is refused; the client above answers the new challenge and succeeds.
    expect(sim.requests.some(r => r.status === 401 && r.authScheme === 'Digest')).toBe(true)
    expect(replay.status).toBe(200)
  })

  it('refuses a wrong private key', async () => {
    const res = await fetch(`${sim.url}${g()}/clusters/src/backup/snapshots`, {
      headers: { accept: V2023 }
    })
    const c = parseDigestChallenges(res.headers.get('www-authenticate')!)[0]
    const header = digestAuthorization({
      challenge: c,
      username: sim.credentials.publicKey,
      password: 'wrong',
      method: 'GET',
      uri: `${g()}/clusters/src/backup/snapshots`,
      nc: 1,
      cnonce: 'x1'
    }).header
    const again = await fetch(`${sim.url}${g()}/clusters/src/backup/snapshots`, {
      headers: { accept: V2023, authorization: header }
    })
    expect(again.status).toBe(401)
  })

  it('issues service-account tokens and refuses expired ones', async () => {
    const basic = Buffer.from(
      `${sim.credentials.clientId}:${sim.credentials.clientSecret}`
    ).toString('base64')
    const tokenRes = await fetch(`${sim.url}/api/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded'
      },
      body: 'grant_type=client_credentials'
    })
    const token = (await tokenRes.json()) as {
      access_token: string
      expires_in: number
      token_type: string
    }
    expect(token).toMatchObject({ expires_in: 3600, token_type: 'Bearer' })
    const ok = await fetch(`${sim.url}${g()}/clusters/src/backup/snapshots`, {
      headers: { accept: V2023, authorization: `Bearer ${token.access_token}` }
    })
    expect(ok.status).toBe(200)
    sim.faults.add({
      path: `${g()}/clusters/src/backup/snapshots`,
      action: { type: 'expireToken' }
    })
    const expired = await fetch(`${sim.url}${g()}/clusters/src/backup/snapshots`, {
      headers: { accept: V2023, authorization: `Bearer ${token.access_token}` }
    })
    expect(expired.status).toBe(401)
    const wrong = await fetch(`${sim.url}/api/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${sim.credentials.clientId}:nope`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded'
      },
      body: 'grant_type=client_credentials'
    })
    expect(wrong.status).toBe(401)
  })
})

describe('spec enforcement', () => {
  it('406 for a missing or wrong version, and serves each listed version of a cluster', async () => {
    expect(
      (await call('GET', `${g()}/clusters/src/backup/snapshots`, { accept: 'application/json' }))
        .status
    ).toBe(406)
    expect(
      (await call('GET', `${g()}/clusters/src/backup/snapshots`, { accept: VFLEX })).body
    ).toMatchObject({ errorCode: 'INVALID_VERSION_DATE' })
    const legacy = await call('GET', `${g()}/clusters/src`, {
      accept: 'application/vnd.atlas.2023-02-01+json'
    })
    expect(legacy.body).toHaveProperty('providerSettings')
    const current = await call('GET', `${g()}/clusters/src`, {
      accept: 'application/vnd.atlas.2024-08-05+json'
    })
    expect(current.body).toHaveProperty('replicationSpecs')
    expect(current.headers.get('content-type')).toBe(
      'application/vnd.atlas.2024-08-05+json;charset=utf-8'
    )
    expect(current.headers.get('ratelimit-limit')).toBe('10000')
  })

  it('415 for a body in another media type', async () => {
    const r = await call('POST', `${g()}/clusters/src/backup/restoreJobs`, {
      body: { deliveryType: 'download', snapshotId },
      contentType: 'application/json'
    })
    expect(r.status).toBe(415)
  })

  it.each([
    [
      'an unknown field',
      { deliveryType: 'download', snapshotId, colour: 'blue' },
      'INVALID_ATTRIBUTE',
      'colour'
    ],
    [
      'a readOnly field',
      { deliveryType: 'download', snapshotId, cancelled: false },
      'INVALID_ATTRIBUTE',
      'cancelled'
    ],
    ['a bad enum', { deliveryType: 'copy', snapshotId }, 'INVALID_ATTRIBUTE', 'deliveryType'],
    [
      'a bad pattern',
      { deliveryType: 'download', snapshotId: 'xyz' },
      'INVALID_ATTRIBUTE',
      'snapshotId'
    ],
    ['a missing required field', { snapshotId }, 'MISSING_ATTRIBUTE', 'deliveryType'],
    [
      'a point in time below the minimum',
      {
        deliveryType: 'pointInTime',
        pointInTimeUTCSeconds: 5,
        targetClusterName: 'dst',
        targetGroupId: ''
      },
      'INVALID_ATTRIBUTE',
      ''
    ]
  ])('400 for %s', async (_, body, errorCode, field) => {
    const r = await call('POST', `${g()}/clusters/src/backup/restoreJobs`, { body })
    expect(r.status).toBe(400)
    expect(r.body).toMatchObject({ error: 400, errorCode })
    expect(r.headers.get('x-error-code')).toBe(errorCode)
    expect(r.headers.get('content-type')).toBe('application/json')
    expect(String(r.body!.detail)).toContain(field)
  })

  it('semantic checks: download takes no target, automated needs an existing one, PIT no snapshotId', async () => {
    const download = await call('POST', `${g()}/clusters/src/backup/restoreJobs`, {
      body: {
        deliveryType: 'download',
        snapshotId,
        targetClusterName: 'dst',
        targetGroupId: groupId
      }
    })
    expect(download.status).toBe(400)
    const noTarget = await call('POST', `${g()}/clusters/src/backup/restoreJobs`, {
      body: {
        deliveryType: 'automated',
        snapshotId,
        targetClusterName: 'nope',
        targetGroupId: groupId
      }
    })
    expect(noTarget.body).toMatchObject({ errorCode: 'CLUSTER_NOT_FOUND' })
    const pit = await call('POST', `${g()}/clusters/src/backup/restoreJobs`, {
      body: {
        deliveryType: 'pointInTime',
        snapshotId,
        pointInTimeUTCSeconds: 1795143600,
        targetClusterName: 'dst',
        targetGroupId: groupId
      }
    })
    expect(pit.status).toBe(400)
    expect(sim.jobs().length).toBe(0)
  })

  it('404 for unknown paths and projects (no rate-limit headers on GROUP_NOT_FOUND), 405 for a method the spec lacks', async () => {
    expect((await call('GET', `${g()}/clusters/src/backup/nothing`)).body).toMatchObject({
      errorCode: 'RESOURCE_NOT_FOUND'
    })
    const unknown = await call(
      'GET',
      '/api/atlas/v2/groups/111111111111111111111111/clusters/src/backup/snapshots'
    )
    expect(unknown.body).toMatchObject({ errorCode: 'GROUP_NOT_FOUND' })
    expect(unknown.headers.get('ratelimit-limit')).toBeNull()
    expect(
      (
        await call('DELETE', `${g()}/flexClusters/fx/backup/restoreJobs/${snapshotId}`, {
          accept: VFLEX
        })
      ).status
    ).toBe(405)
    expect((await call('GET', `${g()}/clusters/bad_name/backup/snapshots`)).status).toBe(400)
  })

  it('answers each API family for a deployment of another kind as Atlas does', async () => {
    expect(
      (await call('GET', `${g()}/clusters/fx`, { accept: 'application/vnd.atlas.2024-08-05+json' }))
        .body
    ).toMatchObject({ errorCode: 'CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API' })
    expect(
      (await call('GET', `${g()}/flexClusters/src/backup/snapshots`, { accept: VFLEX })).body
    ).toMatchObject({ errorCode: 'CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API' })
  })
})

describe('lists', () => {
  it('pages in an order that is not by date, each snapshot exactly once', async () => {
    const seen: string[] = []
    for (let pageNum = 1; pageNum <= 3; pageNum++) {
      const r = await call(
        'GET',
        `${g()}/flexClusters/fx/backup/snapshots?pageNum=${pageNum}&itemsPerPage=3`,
        { accept: VFLEX }
      )
      const body = r.body as {
        results: { id: string; finishTime: string }[]
        totalCount: number
        links: { rel: string }[]
      }
      expect(body.totalCount).toBe(7)
      expect(body.links.some(l => l.rel === 'next')).toBe(pageNum < 3)
      seen.push(...body.results.map(s => s.id))
    }
    expect(new Set(seen).size).toBe(7)
    const all = (await call('GET', `${g()}/flexClusters/fx/backup/snapshots`, { accept: VFLEX }))
      .body as { results: { finishTime: string }[] }
    const times = all.results.map(s => s.finishTime)
    expect(times).not.toEqual([...times].sort())
    expect(times).not.toEqual([...times].sort().reverse())
    expect(
      (
        await call('GET', `${g()}/flexClusters/fx/backup/snapshots?itemsPerPage=501`, {
          accept: VFLEX
        })
      ).status
    ).toBe(400)
  })
})

describe('restore jobs', () => {
  it('a dedicated automated job: inProgress, then finishedAt; the target goes UPDATING then IDLE', async () => {
    const created = await call('POST', `${g()}/clusters/src/backup/restoreJobs`, {
      body: {
        deliveryType: 'automated',
        snapshotId,
        targetClusterName: 'dst',
        targetGroupId: groupId
      }
    })
    expect(created.status).toBe(200)
    expect(created.body).toMatchObject({
      cancelled: false,
      failed: false,
      expired: false,
      deliveryUrl: [],
      desiredTimestamp: { increment: null, time: null, date: null }
    })
    expect(created.body).not.toHaveProperty('finishedAt')
    expect(created.body).not.toHaveProperty('createdAt')
    expect((created.body!.links as unknown[]).length).toBe(4)
    const target = await call('GET', `${g()}/clusters/dst`, {
      accept: 'application/vnd.atlas.2024-08-05+json'
    })
    expect(target.body).toMatchObject({ stateName: 'UPDATING' })
    await new Promise(done => setTimeout(done, 350))
    const done = await call('GET', `${g()}/clusters/src/backup/restoreJobs/${created.body!.id}`)
    expect(done.body).toHaveProperty('finishedAt')
    await new Promise(done => setTimeout(done, 150))
    expect(
      (
        await call('GET', `${g()}/clusters/dst`, {
          accept: 'application/vnd.atlas.2024-08-05+json'
        })
      ).body
    ).toMatchObject({ stateName: 'IDLE' })
  })

  it('a dedicated download gets deliveryUrl and expiresAt but no finishedAt; cancel marks it cancelled', async () => {
    const created = await call('POST', `${g()}/clusters/src/backup/restoreJobs`, {
      body: { deliveryType: 'download', snapshotId }
    })
    await new Promise(done => setTimeout(done, 250))
    const ready = await call('GET', `${g()}/clusters/src/backup/restoreJobs/${created.body!.id}`)
    expect((ready.body!.deliveryUrl as string[])[0]).toMatch(
      /^https:\/\/restore-[a-f0-9]{24}\.\w+\.mongodb\.net:27017\/\w{24}\/restore-[a-f0-9]{24}\.tar\.gz$/
    )
    expect(ready.body).toHaveProperty('expiresAt')
    expect(ready.body).not.toHaveProperty('finishedAt')
    sim.scriptNextJob({ outcome: 'completed', durationMs: 60_000 })
    const slow = await call('POST', `${g()}/clusters/src/backup/restoreJobs`, {
      body: { deliveryType: 'download', snapshotId }
    })
    const cancel = await call('DELETE', `${g()}/clusters/src/backup/restoreJobs/${slow.body!.id}`)
    expect(cancel.status).toBe(204)
    expect(
      (await call('GET', `${g()}/clusters/src/backup/restoreJobs/${slow.body!.id}`)).body
    ).toMatchObject({ cancelled: true })
  })

  it('a flex download is its own endpoint; its job goes PENDING → RUNNING → COMPLETED with a snapshotUrl', async () => {
    const list = (await call('GET', `${g()}/flexClusters/fx/backup/snapshots`, { accept: VFLEX }))
      .body as { results: { id: string }[] }
    const created = await call('POST', `${g()}/flexClusters/fx/backup/download`, {
      accept: VFLEX,
      body: { snapshotId: list.results[0].id }
    })
    expect(created.body).toMatchObject({ deliveryType: 'DOWNLOAD', status: 'PENDING' })
    expect(created.body).not.toHaveProperty('links')
    await new Promise(done => setTimeout(done, 250))
    const done = await call(
      'GET',
      `${g()}/flexClusters/fx/backup/restoreJobs/${created.body!.id}`,
      { accept: VFLEX }
    )
    expect(done.body).toMatchObject({ status: 'COMPLETED' })
    expect(done.body!.snapshotUrl).toMatch(/^https:\/\//)
  })
})

describe('faults and limits', () => {
  it('injects each fault once and counts it', async () => {
    sim.faults.add({ method: 'GET', path: /snapshots$/, action: { type: 'status', status: 503 } })
    expect((await call('GET', `${g()}/clusters/src/backup/snapshots`)).status).toBe(503)
    expect((await call('GET', `${g()}/clusters/src/backup/snapshots`)).status).toBe(200)
    sim.faults.add({ method: 'GET', path: /snapshots$/, action: { type: 'reset' } })
    await expect(call('GET', `${g()}/clusters/src/backup/snapshots`)).rejects.toThrow()
    sim.faults.add({
      method: 'GET',
      path: /snapshots$/,
      action: { type: 'status', status: 429, retryAfterSeconds: 3 }
    })
    const limited = await call('GET', `${g()}/clusters/src/backup/snapshots`)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('3')
    expect(sim.faults.pending()).toBe(0)
  })

  it('rate-limits per family and says so in the headers', async () => {
    const tight = await startSimulator({ rateLimit: { limit: 3, refillPerSecond: 0.01 } })
    const gid = tight.addProject()
    tight.addDeployment({ groupId: gid, name: 'c', kind: 'dedicated' })
    const token = await bearerToken(tight)
    const statuses: (string | null)[] = []
    let last: Response | undefined
    for (let i = 0; i < 4; i++) {
      last = await fetch(`${tight.url}/api/atlas/v2/groups/${gid}/clusters/c/backup/snapshots`, {
        headers: { accept: V2023, authorization: `Bearer ${token}` }
      })
      statuses.push(last.headers.get('ratelimit-remaining'))
    }
    expect(statuses).toEqual(['2', '1', '0', '0'])
    expect(last!.status).toBe(429)
    expect(last!.headers.get('retry-after')).not.toBeNull()
    await tight.close()
  })

  it('answers the retired tenant and serverless endpoints with an error when told they are sunset', async () => {
    const old = await startSimulator({ sunset: ['shared'] })
    const gid = old.addProject()
    old.addDeployment({ groupId: gid, name: 'm2', kind: 'shared' })
    const token = await bearerToken(old)
    const r = await fetch(
      `${old.url}/api/atlas/v2/groups/${gid}/clusters/m2/backup/tenant/snapshots`,
      { headers: { accept: V2023, authorization: `Bearer ${token}` } }
    )
    expect(r.status).toBe(404)
    expect(((await r.json()) as { detail: string }).detail).toMatch(/sunset/)
    await old.close()
  })
})
