// Lists: {links, results, totalCount}, paged with pageNum/itemsPerPage, in a seeded order that
// is not by date and stays the same between pages, so paging neither skips nor repeats.

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startSimulator, type Simulator } from '../../simulator/index.js'
import { BearerClient, V2023, VFLEX } from './client.js'

let sim: Simulator
let api: BearerClient
let groupId: string
const HOUR = 3_600_000
const g = (rest: string) => `/api/atlas/v2/groups/${groupId}${rest}`
interface Page {
  links: { href: string; rel: string }[]
  results: Record<string, unknown>[]
  totalCount?: number
}

beforeAll(async () => {
  sim = await startSimulator({ seed: 7, restoreDurationMs: 60_000, concurrencyRules: false })
  groupId = sim.addProject()
  sim.addDeployment({ groupId, name: 'prod', kind: 'dedicated' })
  sim.addDeployment({ groupId, name: 'fx', kind: 'flex' })
  sim.addDeployment({ groupId, name: 'fx2', kind: 'flex' })
  sim.addDeployment({ groupId, name: 'm2', kind: 'shared' })
  sim.addDeployment({ groupId, name: 'sls', kind: 'serverless' })
  for (let i = 0; i < 23; i++)
    sim.addSnapshot({ groupId, clusterName: 'prod', ageMs: (i + 1) * HOUR })
  sim.addSnapshot({ groupId, clusterName: 'prod', status: 'queued', ageMs: 0 })
  sim.addSnapshot({ groupId, clusterName: 'prod', status: 'inProgress', ageMs: 0 })
  for (let i = 0; i < 9; i++)
    sim.addSnapshot({ groupId, clusterName: 'fx', ageMs: (i + 1) * 24 * HOUR })
  for (let i = 0; i < 4; i++)
    sim.addSnapshot({ groupId, clusterName: 'm2', ageMs: (i + 1) * 24 * HOUR })
  for (let i = 0; i < 4; i++)
    sim.addSnapshot({ groupId, clusterName: 'sls', ageMs: (i + 1) * 6 * HOUR })
  api = new BearerClient(sim)
})
afterAll(() => sim.close())

async function allPages(path: string, itemsPerPage: number, accept = V2023) {
  const seen: Record<string, unknown>[] = []
  const pages: Page[] = []
  for (let pageNum = 1; pageNum < 50; pageNum++) {
    const sep = path.includes('?') ? '&' : '?'
    const r = await api.call(
      'GET',
      g(`${path}${sep}pageNum=${pageNum}&itemsPerPage=${itemsPerPage}`),
      {
        accept
      }
    )
    expect(r.status).toBe(200)
    const page = r.body as unknown as Page
    pages.push(page)
    seen.push(...page.results)
    if (!page.links.some(l => l.rel === 'next')) break
  }
  return { seen, pages }
}

describe('snapshot lists', () => {
  it('pages through every dedicated snapshot exactly once, in an order that is not by date', async () => {
    const { seen, pages } = await allPages('/clusters/prod/backup/snapshots', 5)
    expect(pages).toHaveLength(5)
    expect(pages.every(p => p.totalCount === 25)).toBe(true)
    const ids = seen.map(s => s.id)
    expect(ids).toHaveLength(25)
    expect(new Set(ids).size).toBe(25)
    const dates = seen.filter(s => s.createdAt).map(s => String(s.createdAt))
    expect(dates).toHaveLength(23)
    expect(dates).not.toEqual([...dates].sort())
    expect(dates).not.toEqual([...dates].sort().reverse())
    // Queued and in-progress snapshots have no createdAt (as recorded).
    const pending = seen.filter(s => s.status !== 'completed')
    expect(pending.map(s => s.status).sort()).toEqual(['inProgress', 'queued'])
    for (const s of pending) {
      expect(s).not.toHaveProperty('createdAt')
      expect(s.storageSizeBytes).toBe(0)
    }
    // The same order again: stable between calls.
    const again = await allPages('/clusters/prod/backup/snapshots', 5)
    expect(again.seen.map(s => s.id)).toEqual(ids)
    const whole = await api.call('GET', g('/clusters/prod/backup/snapshots'))
    expect((whole.body.results as { id: string }[]).map(s => s.id)).toEqual(ids)
  })

  it('links like the recordings: self shows the paging applied, next and previous when there are pages', async () => {
    const first = (await api.call('GET', g('/clusters/prod/backup/snapshots')))
      .body as unknown as Page
    expect(first.links).toEqual([
      {
        href: `${sim.url}${g('/clusters/prod/backup/snapshots')}?includeCount=true&pageNum=1&itemsPerPage=100`,
        rel: 'self'
      }
    ])
    const second = (
      await api.call('GET', g('/clusters/prod/backup/snapshots?pageNum=2&itemsPerPage=10'))
    ).body as unknown as Page
    expect(second.links.map(l => l.rel)).toEqual(['self', 'previous', 'next'])
    expect(second.links[2].href).toBe(
      `${sim.url}${g('/clusters/prod/backup/snapshots')}?includeCount=true&itemsPerPage=10&pageNum=3`
    )
    const beyond = (
      await api.call('GET', g('/clusters/prod/backup/snapshots?pageNum=9&itemsPerPage=10'))
    ).body as unknown as Page
    expect(beyond.results).toEqual([])
    expect(beyond.totalCount).toBe(25)
  })

  it('includeCount=false leaves totalCount out', async () => {
    const r = await api.call(
      'GET',
      g('/clusters/prod/backup/snapshots?includeCount=false&itemsPerPage=3')
    )
    expect(r.body).not.toHaveProperty('totalCount')
    expect((r.body.results as unknown[]).length).toBe(3)
  })

  it('pages flex snapshots too (finishTime, no createdAt, no links), not by date', async () => {
    const { seen } = await allPages('/flexClusters/fx/backup/snapshots', 4, VFLEX)
    expect(seen).toHaveLength(9)
    expect(new Set(seen.map(s => s.id)).size).toBe(9)
    const times = seen.map(s => String(s.finishTime))
    expect(times).not.toEqual([...times].sort())
    expect(times).not.toEqual([...times].sort().reverse())
    for (const s of seen) {
      expect(s).not.toHaveProperty('createdAt')
      expect(s).not.toHaveProperty('links')
      expect(s.status).toBe('COMPLETED')
    }
  })

  it('serverless and tenant lists have the same shape (tenant lists take no paging parameters)', async () => {
    const sls = await api.call('GET', g('/serverless/sls/backup/snapshots?itemsPerPage=2'))
    expect(sls.body).toMatchObject({ totalCount: 4 })
    expect((sls.body.results as unknown[]).length).toBe(2)
    const tenant = await api.call('GET', g('/clusters/m2/backup/tenant/snapshots'))
    expect(tenant.body).toMatchObject({ totalCount: 4 })
    expect((tenant.body.results as Record<string, unknown>[])[0]).toMatchObject({
      status: 'COMPLETED',
      finishTime: expect.any(String)
    })
  })
})

describe('restore job lists', () => {
  it('every kind has a paged job list', async () => {
    const snapshots = (await api.call('GET', g('/clusters/prod/backup/snapshots'))).body
      .results as { id: string; status: string }[]
    const done = snapshots.filter(s => s.status === 'completed')
    for (let i = 0; i < 7; i++) {
      const r = await api.call('POST', g('/clusters/prod/backup/restoreJobs'), {
        body: { deliveryType: 'download', snapshotId: done[i].id }
      })
      expect(r.status).toBe(200)
    }
    const { seen, pages } = await allPages('/clusters/prod/backup/restoreJobs', 3)
    expect(pages).toHaveLength(3)
    expect(new Set(seen.map(j => j.id)).size).toBe(7)
    expect(seen.map(j => j.id).sort()).toEqual(
      sim
        .jobs({ clusterName: 'prod' })
        .map(j => j.id)
        .sort()
    )

    const fxSnapshot = (
      (await api.call('GET', g('/flexClusters/fx/backup/snapshots'), { accept: VFLEX })).body
        .results as { id: string }[]
    )[0].id
    await api.call('POST', g('/flexClusters/fx/backup/download'), {
      accept: VFLEX,
      body: { snapshotId: fxSnapshot }
    })
    const flex = await api.call('GET', g('/flexClusters/fx/backup/restoreJobs?itemsPerPage=1'), {
      accept: VFLEX
    })
    expect(flex.body).toMatchObject({ totalCount: 1, results: [{ deliveryType: 'DOWNLOAD' }] })
    for (const path of [
      '/serverless/sls/backup/restoreJobs',
      '/clusters/m2/backup/tenant/restores'
    ]) {
      const r = await api.call('GET', g(path))
      expect(r.status).toBe(200)
      expect(r.body).toEqual({
        links: [expect.objectContaining({ rel: 'self' })],
        results: [],
        totalCount: 0
      })
    }
  })
})
