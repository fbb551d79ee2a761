// Rate limits per endpoint family (headers on every answer that reached a resource, 429 with
// Retry-After at zero, refill over time) and retired (sunset) endpoints.

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startSimulator, type Simulator } from '../../simulator/index.js'
import { BearerClient, sleep, V2023, V2024, VFLEX } from './client.js'

describe('rate limits', () => {
  let sim: Simulator
  let api: BearerClient
  let groupId: string
  const g = (rest: string) => `/api/atlas/v2/groups/${groupId}${rest}`
  beforeAll(async () => {
    // Real capacities; no refill, so the counts below are exact on a slow machine too.
    sim = await startSimulator({ rateLimit: { refillPerSecond: 0 } })
    groupId = sim.addProject()
    sim.addDeployment({ groupId, name: 'prod', kind: 'dedicated' })
    sim.addDeployment({ groupId, name: 'fx', kind: 'flex' })
    api = new BearerClient(sim)
  })
  afterAll(() => sim.close())

  it('real limits per family, each with its own counter, on errors that reached a resource too', async () => {
    const remaining = async (path: string, accept: string) => {
      const r = await api.call('GET', g(path), { accept })
      return [r.headers.get('ratelimit-limit'), r.headers.get('ratelimit-remaining')]
    }
    expect(await remaining('/clusters/prod', V2024)).toEqual(['10000', '9999'])
    expect(await remaining('/clusters/prod/backup/snapshots', V2023)).toEqual(['1200', '1199'])
    expect(await remaining('/clusters/prod/backup/restoreJobs', V2023)).toEqual(['1200', '1198'])
    expect(await remaining('/flexClusters/fx', VFLEX)).toEqual(['1200', '1199'])
    expect(await remaining('/clusters/fx', V2024)).toEqual(['10000', '9998'])
    expect(await remaining('/flexClusters/prod/backup/snapshots', VFLEX)).toEqual(['1200', '1198'])
    expect(await remaining('/clusters/prod/backup/snapshots', VFLEX)).toEqual(['1200', '1197'])
  })

  it('drops by one per call, answers 429 RATE_LIMITED_TOKEN_BUCKET with Retry-After at zero, and refills', async () => {
    const tight = await startSimulator({ rateLimit: { limit: 3, refillPerSecond: 4 } })
    try {
      const gid = tight.addProject()
      tight.addDeployment({ groupId: gid, name: 'c', kind: 'dedicated' })
      const client = new BearerClient(tight)
      const path = `/api/atlas/v2/groups/${gid}/clusters/c/backup/snapshots`
      const seen: (string | null)[] = []
      let last
      for (let i = 0; i < 4; i++) {
        last = await client.call('GET', path)
        seen.push(last.headers.get('ratelimit-remaining'))
      }
      expect(seen).toEqual(['2', '1', '0', '0'])
      expect(last!.status).toBe(429)
      expect(last!.body).toMatchObject({
        error: 429,
        errorCode: 'RATE_LIMITED_TOKEN_BUCKET',
        detail: 'Request capacity: 3. Refill rate: 240 per 60 seconds.'
      })
      expect(last!.headers.get('x-error-code')).toBe('RATE_LIMITED_TOKEN_BUCKET')
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
      expect(last!.headers.get('ratelimit-limit')).toBe('3')
      // The cluster API has its own counter.
      expect(
        (await client.call('GET', `/api/atlas/v2/groups/${gid}/clusters/c`, { accept: V2024 }))
          .status
      ).toBe(200)
      await sleep(600)
      const again = await client.call('GET', path)
      expect(again.status).toBe(200)
      expect(Number(again.headers.get('ratelimit-remaining'))).toBeGreaterThanOrEqual(1)
    } finally {
      await tight.close()
    }
  })
})

describe('sunset', () => {
  let sim: Simulator
  let api: BearerClient
  let groupId: string
  let m2Snapshot: string
  let slsSnapshot: string
  const g = (rest: string) => `/api/atlas/v2/groups/${groupId}${rest}`
  beforeAll(async () => {
    sim = await startSimulator({ sunset: ['shared', 'serverless'] })
    groupId = sim.addProject()
    sim.addDeployment({ groupId, name: 'm2', kind: 'shared' })
    sim.addDeployment({ groupId, name: 'sls', kind: 'serverless' })
    sim.addDeployment({ groupId, name: 'fx', kind: 'flex' })
    m2Snapshot = sim.addSnapshot({ groupId, clusterName: 'm2' }).id
    slsSnapshot = sim.addSnapshot({ groupId, clusterName: 'sls' }).id
    sim.addSnapshot({ groupId, clusterName: 'fx' })
    api = new BearerClient(sim)
  })
  afterAll(() => sim.close())

  it.each([
    ['GET', '/clusters/m2/backup/tenant/snapshots', undefined],
    ['GET', '/clusters/m2/backup/tenant/restores', undefined],
    [
      'POST',
      '/clusters/m2/backup/tenant/download',
      () => ({ snapshotId: m2Snapshot, targetDeploymentItemName: 'm2', targetProjectId: groupId })
    ],
    ['GET', '/serverless/sls/backup/snapshots', undefined],
    ['GET', `/serverless/sls/backup/restoreJobs`, undefined],
    [
      'POST',
      '/serverless/sls/backup/restoreJobs',
      () => ({
        deliveryType: 'download',
        snapshotId: slsSnapshot,
        targetClusterName: 'sls',
        targetGroupId: groupId
      })
    ]
  ])('%s %s answers 404 RESOURCE_NOT_FOUND naming the retirement', async (method, path, body) => {
    const r = await api.call(method, g(path), body ? { body: body() } : {})
    expect(r.status).toBe(404)
    expect(r.body.errorCode).toBe('RESOURCE_NOT_FOUND')
    expect(r.body.detail).toMatch(/retired on 2026-01-22.*flex/)
    expect(r.headers.get('ratelimit-limit')).toBeNull()
    expect(sim.jobs()).toHaveLength(0)
  })

  it('keeps the probes: the cluster API describes the M2, GET /serverless/{name} (sunset 2027) still answers, flex works', async () => {
    const m2 = await api.call('GET', g('/clusters/m2'), { accept: V2024 })
    expect(m2.status).toBe(200)
    const sls = await api.call('GET', g('/serverless/sls'))
    expect(sls.status).toBe(200)
    expect(sls.headers.get('sunset')).toBe('Mon, 18 Jan 2027 00:00:00 GMT')
    expect(
      (await api.call('GET', g('/flexClusters/fx/backup/snapshots'), { accept: VFLEX })).status
    ).toBe(200)
  })

  it('without sunset the same endpoints answer', async () => {
    const live = await startSimulator()
    try {
      const gid = live.addProject()
      live.addDeployment({ groupId: gid, name: 'm2', kind: 'shared' })
      const r = await new BearerClient(live).call(
        'GET',
        `/api/atlas/v2/groups/${gid}/clusters/m2/backup/tenant/snapshots`
      )
      expect(r.status).toBe(200)
    } finally {
      await live.close()
    }
  })
})
