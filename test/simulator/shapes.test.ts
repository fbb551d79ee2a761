// The simulator's documents have the shape of real Atlas's (test/fixtures/recordings): every
// field a recorded document has, the simulated one has too, nulls and extra fields included.

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { startSimulator, type Simulator } from '../../simulator/index.js'
import { bearerToken } from '../helpers/token.js'

interface Exchange {
  request: { method: string; path: string }
  response: { status: number; body: Record<string, unknown> }
}
const recorded = (file: string) =>
  (
    JSON.parse(readFileSync(`test/fixtures/recordings/${file}`, 'utf8')) as {
      exchanges: Exchange[]
    }
  ).exchanges.filter(e => e.response.status === 200)
const keys = (doc: unknown) => Object.keys(doc as object).sort()

let sim: Simulator
let token = ''
let groupId = ''
const V2023 = 'application/vnd.atlas.2023-01-01+json'
const VFLEX = 'application/vnd.atlas.2024-11-13+json'

async function api(method: string, path: string, accept: string, body?: unknown) {
  const res = await fetch(`${sim.url}/api/atlas/v2/groups/${groupId}${path}`, {
    method,
    headers: {
      accept,
      authorization: `Bearer ${token}`,
      ...(body !== undefined && { 'content-type': accept })
    },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  expect(res.status).toBe(200)
  return (await res.json()) as Record<string, unknown>
}
const settle = (ms: number) => new Promise(done => setTimeout(done, ms))

beforeAll(async () => {
  sim = await startSimulator({
    restoreDurationMs: 200,
    downloadDurationMs: 200,
    targetUpdatingMs: 50
  })
  groupId = sim.addProject()
  sim.addDeployment({ groupId, name: 'src', kind: 'dedicated' })
  sim.addDeployment({ groupId, name: 'dst', kind: 'dedicated' })
  sim.addDeployment({ groupId, name: 'fx', kind: 'flex' })
  sim.addDeployment({ groupId, name: 'fx2', kind: 'flex' })
  sim.addSnapshot({ groupId, clusterName: 'src' })
  sim.addSnapshot({ groupId, clusterName: 'fx' })
  token = await bearerToken(sim)
})
afterAll(() => sim.close())

describe('documents shaped like the recordings', () => {
  it('dedicated snapshots (completed)', async () => {
    const real = recorded('dedicated-snapshot-lifecycle.json').find(
      e => e.response.body.status === 'completed'
    )!.response.body
    const list = (await api('GET', '/clusters/src/backup/snapshots', V2023)).results as unknown[]
    expect(keys(list[0])).toEqual(keys(real))
  })

  it('dedicated restore jobs: automated when finished, download when ready', async () => {
    const [snapshot] = (await api('GET', '/clusters/src/backup/snapshots', V2023)).results as {
      id: string
    }[]
    const automated = await api('POST', '/clusters/src/backup/restoreJobs', V2023, {
      deliveryType: 'automated',
      snapshotId: snapshot.id,
      targetClusterName: 'dst',
      targetGroupId: groupId
    })
    const download = await api('POST', '/clusters/src/backup/restoreJobs', V2023, {
      deliveryType: 'download',
      snapshotId: snapshot.id
    })
    const realCreate = recorded('dedicated-restore-automated.json').find(
      e => e.request.method === 'POST'
    )!.response.body
    expect(keys(automated)).toEqual(keys(realCreate))
    await settle(300)
    const realDone = recorded('dedicated-restore-automated.json').find(
      e => e.response.body.finishedAt
    )!.response.body
    expect(
      keys(await api('GET', `/clusters/src/backup/restoreJobs/${automated.id}`, V2023))
    ).toEqual(keys(realDone))
    const realReady = recorded('dedicated-restore-download.json').find(
      e => (e.response.body.deliveryUrl as unknown[] | undefined)?.length
    )!.response.body
    expect(
      keys(await api('GET', `/clusters/src/backup/restoreJobs/${download.id}`, V2023))
    ).toEqual(keys(realReady))
  })

  it('flex snapshots and restore jobs', async () => {
    const realSnapshot = (recorded('flex-snapshots.json')[0].response.body.results as unknown[])[0]
    const [snapshot] = (await api('GET', '/flexClusters/fx/backup/snapshots', VFLEX)).results as {
      id: string
    }[]
    expect(keys(snapshot)).toEqual(keys(realSnapshot))
    const created = await api('POST', '/flexClusters/fx/backup/restoreJobs', VFLEX, {
      snapshotId: snapshot.id,
      targetDeploymentItemName: 'fx2',
      targetProjectId: groupId
    })
    const realCreate = recorded('flex-restore.json').find(e => e.request.method === 'POST')!
      .response.body
    expect(keys(created)).toEqual(keys(realCreate))
    await settle(300)
    const realDone = recorded('flex-restore.json').find(
      e => e.response.body.status === 'COMPLETED' && e.response.body.id
    )!.response.body
    expect(
      keys(await api('GET', `/flexClusters/fx/backup/restoreJobs/${created.id}`, VFLEX))
    ).toEqual(keys(realDone))
  })

  it('flex cluster documents, and the cluster fields the action reads', async () => {
    const realFlex = recorded('kind-probes.json').find(e =>
      /flexClusters\/cluster-833$/.test(e.request.path)
    )!.response.body
    expect(keys(await api('GET', '/flexClusters/fx', VFLEX))).toEqual(keys(realFlex))
    const realCluster = recorded('kind-probes.json').find(e =>
      /clusters\/backupRestores-305$/.test(e.request.path)
    )!.response.body
    const cluster = await api('GET', '/clusters/src', 'application/vnd.atlas.2024-08-05+json')
    for (const key of [
      'adaptiveCapacity',
      'backupEnabled',
      'clusterType',
      'connectionStrings',
      'effectiveReplicationSpecs',
      'replicationSpecs',
      'stateName',
      'pitEnabled',
      'name',
      'id'
    ]) {
      expect(keys(cluster)).toContain(key)
      expect(keys(realCluster)).toContain(key)
    }
    expect(keys(cluster.connectionStrings)).toEqual(keys(realCluster.connectionStrings))
  })
})
