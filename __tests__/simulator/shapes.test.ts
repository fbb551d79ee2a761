// The simulator's documents have the shape of real Atlas's (__tests__/fixtures/recordings): the same
// keys in the same order, nulls and fields outside the spec included.

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { startSimulator, type Simulator } from '../../simulator/index.js'
import { BearerClient, sleep, V2023, V2023_02, V2024, VFLEX, type Doc } from './client.js'

interface Exchange {
  request: { method: string; path: string }
  response: { status: number; headers: Record<string, unknown>; body: Doc }
}
const recorded = (file: string) =>
  (
    JSON.parse(
      readFileSync(new URL(`../fixtures/recordings/${file}`, import.meta.url), 'utf8')
    ) as {
      exchanges: Exchange[]
    }
  ).exchanges.filter(e => e.response.status === 200)
const keys = (doc: unknown) => Object.keys(doc as object)

let sim: Simulator
let api: BearerClient
let groupId = ''
const g = (rest: string) => `/api/atlas/v2/groups/${groupId}${rest}`
const get = async (path: string, accept = V2023) => {
  const r = await api.call('GET', g(path), { accept })
  expect(r.status).toBe(200)
  return r.body
}
const post = async (path: string, body: unknown, accept = V2023) => {
  const r = await api.call('POST', g(path), { accept, body })
  expect(r.status).toBe(200)
  return r.body
}

beforeAll(async () => {
  sim = await startSimulator({
    restoreDurationMs: 150,
    downloadDurationMs: 150,
    targetUpdatingMs: 20
  })
  groupId = sim.addProject()
  sim.addDeployment({ groupId, name: 'src', kind: 'dedicated', pitEnabled: true })
  sim.addDeployment({ groupId, name: 'dst', kind: 'dedicated' })
  sim.addDeployment({ groupId, name: 'fx', kind: 'flex' })
  sim.addDeployment({ groupId, name: 'fx2', kind: 'flex' })
  sim.addDeployment({ groupId, name: 'free', kind: 'free' })
  sim.addSnapshot({ groupId, clusterName: 'src' })
  sim.addSnapshot({ groupId, clusterName: 'fx' })
  api = new BearerClient(sim)
})
afterAll(() => sim.close())

describe('documents shaped like the recordings', () => {
  it('dedicated snapshots: queued (on demand) and completed', async () => {
    const lifecycle = recorded('dedicated-snapshot-lifecycle.json')
    const queued = lifecycle.find(e => e.request.method === 'POST')!.response.body
    const completed = lifecycle.find(e => e.response.body.status === 'completed')!.response.body
    const taken = await post('/clusters/src/backup/snapshots', { description: 'test-snapshot' })
    expect(keys(taken)).toEqual(keys(queued))
    const scheduled = ((await get('/clusters/src/backup/snapshots')).results as Doc[]).find(
      s => s.status === 'completed'
    )
    expect(keys(scheduled)).toEqual(keys(completed))
  })

  it('dedicated restore jobs: automated at creation and when finished, download when ready', async () => {
    const [snapshot] = ((await get('/clusters/src/backup/snapshots')).results as Doc[]).filter(
      s => s.status === 'completed'
    )
    const automated = await post('/clusters/src/backup/restoreJobs', {
      deliveryType: 'automated',
      snapshotId: snapshot.id,
      targetClusterName: 'dst',
      targetGroupId: groupId
    })
    const download = await post('/clusters/src/backup/restoreJobs', {
      deliveryType: 'download',
      snapshotId: snapshot.id
    })
    const auto = recorded('dedicated-restore-automated.json')
    const dl = recorded('dedicated-restore-download.json')
    expect(keys(automated)).toEqual(
      keys(auto.find(e => e.request.method === 'POST')!.response.body)
    )
    expect(keys(download)).toEqual(keys(dl.find(e => e.request.method === 'POST')!.response.body))
    await sleep(250)
    expect(keys(await get(`/clusters/src/backup/restoreJobs/${automated.id}`))).toEqual(
      keys(auto.find(e => e.response.body.finishedAt)!.response.body)
    )
    expect(keys(await get(`/clusters/src/backup/restoreJobs/${download.id}`))).toEqual(
      keys(
        dl.find(e => (e.response.body.deliveryUrl as unknown[] | undefined)?.length)!.response.body
      )
    )
    const list = auto.find(
      e => e.request.path.endsWith('/restoreJobs') && e.request.method === 'GET'
    )!
    expect(keys(await get('/clusters/src/backup/restoreJobs'))).toEqual(keys(list.response.body))
  })

  it('flex snapshots and restore jobs', async () => {
    const realSnapshot = (recorded('flex-snapshots.json')[0].response.body.results as Doc[])[0]
    const [snapshot] = (await get('/flexClusters/fx/backup/snapshots', VFLEX)).results as Doc[]
    expect(keys(snapshot)).toEqual(keys(realSnapshot))
    const created = await post(
      '/flexClusters/fx/backup/restoreJobs',
      { snapshotId: snapshot.id, targetDeploymentItemName: 'fx2', targetProjectId: groupId },
      VFLEX
    )
    const flex = recorded('flex-restore.json')
    expect(keys(created)).toEqual(keys(flex.find(e => e.request.method === 'POST')!.response.body))
    await sleep(250)
    expect(keys(await get(`/flexClusters/fx/backup/restoreJobs/${created.id}`, VFLEX))).toEqual(
      keys(
        flex.find(e => e.response.body.status === 'COMPLETED' && e.response.body.id)!.response.body
      )
    )
  })

  it('cluster documents: dedicated 2024-08-05, M0 2024-08-05 and 2023-02-01, flex', async () => {
    const probes = recorded('kind-probes.json')
    const realFlex = probes.find(e => /flexClusters\/cluster-833$/.test(e.request.path))!.response
      .body
    expect(keys(await get('/flexClusters/fx', VFLEX))).toEqual(keys(realFlex))
    const realDedicated = probes.find(e => /clusters\/backupRestores-305$/.test(e.request.path))!
      .response.body
    const dedicated = await get('/clusters/src', V2024)
    expect(keys(dedicated)).toEqual(keys(realDedicated))
    const spec = (doc: Doc, field: string) => (doc[field] as { regionConfigs: Doc[] }[])[0]
    for (const field of ['replicationSpecs', 'effectiveReplicationSpecs']) {
      expect(keys(spec(dedicated, field))).toEqual(keys(spec(realDedicated, field)))
      expect(keys(spec(dedicated, field).regionConfigs[0])).toEqual(
        keys(spec(realDedicated, field).regionConfigs[0])
      )
    }
    const m0 = probes.filter(e => /clusters\/cluster-251$/.test(e.request.path))
    const byVersion = (v: string) =>
      m0.find(e => String(e.response.headers['Content-Type']).includes(v))!.response.body
    const free2024 = await get('/clusters/free', V2024)
    expect(keys(free2024)).toEqual(keys(byVersion('2024-08-05')))
    expect(spec(free2024, 'replicationSpecs').regionConfigs[0]).toEqual(
      spec(byVersion('2024-08-05'), 'replicationSpecs').regionConfigs[0]
    )
    const free2023 = await get('/clusters/free', V2023_02)
    expect(keys(free2023)).toEqual(keys(byVersion('2023-02-01')))
    expect(keys(spec(free2023, 'replicationSpecs'))).toEqual(
      keys(spec(byVersion('2023-02-01'), 'replicationSpecs'))
    )
    expect(spec(free2023, 'replicationSpecs').regionConfigs[0]).toEqual(
      spec(byVersion('2023-02-01'), 'replicationSpecs').regionConfigs[0]
    )
    expect(keys(dedicated.connectionStrings)).toEqual(keys(realDedicated.connectionStrings))
  })

  it('error answers like errors.json: plain application/json, X-Error-Code = errorCode', async () => {
    const real = JSON.parse(
      readFileSync(new URL('../fixtures/recordings/errors.json', import.meta.url), 'utf8')
    ) as { exchanges: Exchange[] }
    const recordedError = real.exchanges.find(
      e => e.response.body.errorCode === 'CLUSTER_NOT_FOUND'
    )!
    const r = await api.call('GET', g('/clusters/gone'), { accept: V2024 })
    expect(keys(r.body)).toEqual(keys(recordedError.response.body))
    expect(r.headers.get('content-type')).toBe(recordedError.response.headers['Content-Type'])
    expect(r.headers.get('x-error-code')).toBe('CLUSTER_NOT_FOUND')
  })
})
