// The fields the action's preflight reads (versions, paused, tags, topology, snapshot types, the
// backup schedule), and the rules Atlas enforces on a restore create: each refusal with its
// status and errorCode, and nothing created.

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startSimulator, type Simulator } from '../../simulator/index.js'
import { BearerClient, V2023, V2024, VFLEX, type Reply } from './client.js'

let sim: Simulator
let api: BearerClient
let groupId: string
let other: string
let hidden: string
const snap: Record<string, string> = {}
const g = (rest: string, group = groupId) => `/api/atlas/v2/groups/${group}${rest}`
const now = () => Math.floor(Date.now() / 1000)

beforeAll(async () => {
  sim = await startSimulator({ restoreDurationMs: 60_000, downloadDurationMs: 60_000 })
  groupId = sim.addProject()
  other = sim.addProject()
  hidden = sim.addProject()
  sim.addDeployment({ groupId, name: 'prod', kind: 'dedicated', pitEnabled: true })
  sim.addDeployment({ groupId, name: 'v70', kind: 'dedicated', mongoDBVersion: '7.0.14' })
  sim.addDeployment({
    groupId,
    name: 'geo',
    kind: 'dedicated',
    clusterType: 'GEOSHARDED',
    shards: 2,
    tags: [{ key: 'env', value: 'production' }],
    restoreWindowDays: 2,
    pitEnabled: true
  })
  sim.addDeployment({ groupId: other, name: 'scratch', kind: 'dedicated' })
  sim.addDeployment({ groupId: other, name: 'scratch2', kind: 'dedicated' })
  sim.addDeployment({ groupId: other, name: 'sharded', kind: 'dedicated', clusterType: 'SHARDED' })
  sim.addDeployment({ groupId: other, name: 'paused', kind: 'dedicated', paused: true })
  sim.addDeployment({ groupId: other, name: 'busy', kind: 'dedicated', stateName: 'UPDATING' })
  sim.addDeployment({ groupId: other, name: 'old', kind: 'dedicated', mongoDBVersion: '7.0' })
  sim.addDeployment({ groupId: other, name: 'newer', kind: 'dedicated', mongoDBVersion: '8.2.1' })
  sim.addDeployment({ groupId: other, name: 'next', kind: 'dedicated', mongoDBVersion: '9.0.0' })
  sim.addDeployment({ groupId: hidden, name: 'secret', kind: 'dedicated' })
  sim.addDeployment({ groupId, name: 'fx', kind: 'flex', tags: [{ key: 'team', value: 'a' }] })
  sim.denyProject(hidden)
  snap.prod = sim.addSnapshot({ groupId, clusterName: 'prod', ageMs: 2 * 3_600_000 }).id
  const halfHour = 1_800_000
  snap.fallback = sim.addSnapshot({
    groupId,
    clusterName: 'prod',
    snapshotType: 'fallback',
    ageMs: halfHour
  }).id
  snap.prod81 = sim.addSnapshot({
    groupId,
    clusterName: 'prod',
    mongodVersion: '8.1.0',
    ageMs: halfHour
  }).id
  snap.v70 = sim.addSnapshot({ groupId, clusterName: 'v70' }).id
  snap.geo = sim.addSnapshot({ groupId, clusterName: 'geo', ageMs: 3 * 86_400_000 }).id
  snap.fx = sim.addSnapshot({ groupId, clusterName: 'fx' }).id
  api = new BearerClient(sim)
})
afterAll(() => sim.close())

function expectRefused(r: Reply, status: number, errorCode: string, before: number) {
  expect({ status: r.status, errorCode: r.body.errorCode }).toEqual({ status, errorCode })
  expect(r.headers.get('x-error-code')).toBe(errorCode)
  expect(Object.keys(r.body)).toEqual(['detail', 'error', 'errorCode', 'parameters', 'reason'])
  expect(sim.jobs()).toHaveLength(before)
}
const create = (body: Record<string, unknown>, cluster = 'prod') =>
  api.call('POST', g(`/clusters/${cluster}/backup/restoreJobs`), { body })
const onto = (name: string, group = other) => ({ targetClusterName: name, targetGroupId: group })
const automated = (snapshotId: string, name: string, group = other) => ({
  deliveryType: 'automated',
  snapshotId,
  ...onto(name, group)
})

describe('fields', () => {
  it('clusters: mongoDBVersion (default 8.0), paused, tags, clusterType, in every version', async () => {
    for (const accept of [V2023, V2024]) {
      const prod = await api.call('GET', g('/clusters/prod'), { accept })
      expect(prod.body).toMatchObject({
        mongoDBMajorVersion: '8.0',
        mongoDBVersion: '8.0.29',
        paused: false,
        tags: [],
        clusterType: 'REPLICASET'
      })
      const geo = await api.call('GET', g('/clusters/geo'), { accept })
      expect(geo.body).toMatchObject({
        clusterType: 'GEOSHARDED',
        tags: [{ key: 'env', value: 'production' }]
      })
      const paused = await api.call('GET', g('/clusters/paused', other), { accept })
      expect(paused.body).toMatchObject({ paused: true })
      const old = await api.call('GET', g('/clusters/old', other), { accept })
      expect(old.body).toMatchObject({ mongoDBMajorVersion: '7.0', mongoDBVersion: '7.0.0' })
    }
    const fx = await api.call('GET', g('/flexClusters/fx'), { accept: VFLEX })
    expect(fx.body).toMatchObject({ mongoDBVersion: '8.0.29', tags: [{ key: 'team', value: 'a' }] })
  })

  it('snapshots: snapshotType and mongodVersion (dedicated), mongoDBVersion (flex)', async () => {
    const list = await api.call('GET', g('/clusters/prod/backup/snapshots'))
    const byId = Object.fromEntries(
      (list.body.results as Record<string, unknown>[]).map(s => [s.id, s])
    )
    expect(byId[snap.prod]).toMatchObject({ snapshotType: 'scheduled', mongodVersion: '8.0.29' })
    expect(byId[snap.fallback]).toMatchObject({ snapshotType: 'fallback' })
    expect(byId[snap.prod81]).toMatchObject({ mongodVersion: '8.1.0' })
    const v70 = await api.call('GET', g(`/clusters/v70/backup/snapshots/${snap.v70}`))
    expect(v70.body).toMatchObject({ mongodVersion: '7.0.14' })
    const fx = await api.call('GET', g(`/flexClusters/fx/backup/snapshots/${snap.fx}`), {
      accept: VFLEX
    })
    expect(fx.body).toMatchObject({ mongoDBVersion: '8.0.29' })
    expect(fx.body).not.toHaveProperty('mongodVersion')
  })

  it('the backup schedule: restoreWindowDays and policies, in both versions; 2023-01-01 says it is sunset', async () => {
    const v2024 = await api.call('GET', g('/clusters/geo/backup/schedule'), { accept: V2024 })
    expect(v2024.status).toBe(200)
    expect(v2024.headers.get('content-type')).toBe(`${V2024};charset=utf-8`)
    expect(v2024.body).toMatchObject({ restoreWindowDays: 2, clusterName: 'geo' })
    expect((v2024.body.policies as unknown[]).length).toBeGreaterThan(0)
    expect(v2024.headers.get('sunset')).toBeNull()
    const v2023 = await api.call('GET', g('/clusters/prod/backup/schedule'))
    expect(v2023.body).toMatchObject({ restoreWindowDays: 7 })
    expect(v2023.headers.get('deprecation')).toBe('Mon, 5 Aug 2024 00:00:00 GMT')
    expect(v2023.headers.get('sunset')).toBe('Thu, 1 Jul 2027 00:00:00 GMT')
  })
})

describe("Atlas's rules on a restore create", () => {
  it('the target must exist (404 CLUSTER_NOT_FOUND naming it)', async () => {
    const r = await create(automated(snap.prod, 'nope'))
    expectRefused(r, 404, 'CLUSTER_NOT_FOUND', 0)
    expect(r.body.detail).toMatch(/nope/)
  })

  it('a project the key cannot read: 403 on every call, and as a target', async () => {
    const direct = await api.call('GET', g('/clusters/secret', hidden), { accept: V2024 })
    expectRefused(direct, 403, 'USER_CANNOT_ACCESS_GROUP', 0)
    expect(direct.headers.get('ratelimit-limit')).toBeNull()
    expectRefused(
      await create(automated(snap.prod, 'secret', hidden)),
      403,
      'USER_CANNOT_ACCESS_GROUP',
      0
    )
    expect(() => sim.denyProject('abcdefabcdefabcdefabcdef')).toThrow()
  })

  it('a paused target: 400 CLUSTER_PAUSED_CANNOT_RESTORE', async () => {
    expectRefused(
      await create(automated(snap.prod, 'paused')),
      400,
      'CLUSTER_PAUSED_CANNOT_RESTORE',
      0
    )
  })

  it('a target that is not IDLE, or one a restore is writing to: 409 ATLAS_CLUSTER_RESTORE_IN_PROGRESS', async () => {
    expectRefused(
      await create(automated(snap.prod, 'busy')),
      409,
      'ATLAS_CLUSTER_RESTORE_IN_PROGRESS',
      0
    )
    const first = await create(automated(snap.prod, 'scratch'))
    expect(first.status).toBe(200)
    expectRefused(
      await create(automated(snap.prod, 'scratch')),
      409,
      'ATLAS_CLUSTER_RESTORE_IN_PROGRESS',
      1
    )
    // Without the concurrency rules only the target's own state counts.
    const lenient = await startSimulator({ concurrencyRules: false, restoreDurationMs: 60_000 })
    try {
      const gid = lenient.addProject()
      lenient.addDeployment({ groupId: gid, name: 'a', kind: 'dedicated' })
      lenient.addDeployment({ groupId: gid, name: 'b', kind: 'dedicated' })
      const id = lenient.addSnapshot({ groupId: gid, clusterName: 'a' }).id
      const client = new BearerClient(lenient)
      for (let i = 0; i < 2; i++) {
        const r = await client.call(
          'POST',
          `/api/atlas/v2/groups/${gid}/clusters/a/backup/restoreJobs`,
          {
            body: {
              deliveryType: 'automated',
              snapshotId: id,
              targetClusterName: 'b',
              targetGroupId: gid
            }
          }
        )
        expect(r.status).toBe(200)
      }
    } finally {
      await lenient.close()
    }
  })

  it('MongoDB versions: the same major with an equal or higher minor, or the next major (403 CANNOT_RESTORE_TO_TARGET)', async () => {
    const before = sim.jobs().length
    const older = await create(automated(snap.prod, 'old'))
    expectRefused(older, 403, 'CANNOT_RESTORE_TO_TARGET', before)
    expect(older.body.detail).toMatch(/8\.0\.29.*7\.0\.0/)
    expectRefused(
      await create(automated(snap.prod81, 'scratch2')),
      403,
      'CANNOT_RESTORE_TO_TARGET',
      before
    )
    const twoMajors = await create(automated(snap.v70, 'next'), 'v70')
    expectRefused(twoMajors, 403, 'CANNOT_RESTORE_TO_TARGET', before)
    expect((await create(automated(snap.prod, 'newer'))).status).toBe(200)
    expect((await create(automated(snap.prod81, 'next'))).status).toBe(200)
    expect(sim.jobs()).toHaveLength(before + 2)
  })

  it('topology: a sharded snapshot needs a sharded target; a flex snapshot cannot go to a sharded cluster', async () => {
    const before = sim.jobs().length
    const r = await create(automated(snap.geo, 'scratch2'), 'geo')
    expectRefused(r, 403, 'CANNOT_RESTORE_TO_TARGET', before)
    expect(r.body.detail).toMatch(/sharded/)
    const flex = await api.call('POST', g('/flexClusters/fx/backup/restoreJobs'), {
      accept: VFLEX,
      body: { snapshotId: snap.fx, targetDeploymentItemName: 'sharded', targetProjectId: other }
    })
    expectRefused(flex, 403, 'CANNOT_RESTORE_TO_TARGET', before)
    expect(flex.body.detail).toMatch(/flex snapshot.*sharded/)
    expect((await create(automated(snap.geo, 'sharded'), 'geo')).status).toBe(200)
  })

  it('point in time: continuous backup, not in the future, within restoreWindowDays, a checkpoint before it', async () => {
    const before = sim.jobs().length
    const pit = (at: number, cluster = 'prod', target = 'scratch2') =>
      create({ deliveryType: 'pointInTime', pointInTimeUTCSeconds: at, ...onto(target) }, cluster)
    expectRefused(await pit(now() - 60, 'v70'), 400, 'CLUSTER_PIT_NOT_ENABLED', before)
    expectRefused(await pit(now() + 3600), 400, 'INVALID_PIT_RESTORE_TIME', before)
    expectRefused(
      await pit(now() - 8 * 86_400),
      404,
      'UNABLE_T0_FIND_SNAPSHOT_PRIOR_TO_PIT_RESTORE_OPTIME',
      before
    )
    // geo keeps 2 days: a moment 3 days ago is out of its window (though a snapshot precedes it).
    expectRefused(
      await pit(now() - 3 * 86_400 + 60, 'geo', 'sharded'),
      404,
      'UNABLE_T0_FIND_SNAPSHOT_PRIOR_TO_PIT_RESTORE_OPTIME',
      before
    )
    // prod's oldest snapshot is 2 h old: a moment 3 h ago has no checkpoint.
    expectRefused(await pit(now() - 3 * 3600), 409, 'NO_CHECKPOINT_FOR_PIT_RESTORE', before)
    const ok = await pit(now() - 3600)
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({ snapshotId: snap.prod })
  })

  it('fallback and not-completed snapshots are restored; another cluster’s snapshot is 404 SNAPSHOT_NOT_FOUND', async () => {
    const before = sim.jobs().length
    expectRefused(
      await create({ deliveryType: 'download', snapshotId: snap.v70 }),
      404,
      'SNAPSHOT_NOT_FOUND',
      before
    )
    const running = sim.addSnapshot({ groupId, clusterName: 'v70', status: 'inProgress' }).id
    const fallback = await create({ deliveryType: 'download', snapshotId: snap.fallback })
    expect(fallback.status).toBe(200)
    const inProgress = await create({ deliveryType: 'download', snapshotId: running }, 'v70')
    expect(inProgress.status).toBe(200)
    expect(sim.jobs()).toHaveLength(before + 2)
  })

  it('a second download of one cluster while one runs: 400 CANNOT_DOWNLOAD_SNAPSHOT_CONCURRENTLY', async () => {
    const before = sim.jobs().length
    expectRefused(
      await create({ deliveryType: 'download', snapshotId: snap.prod }),
      400,
      'CANNOT_DOWNLOAD_SNAPSHOT_CONCURRENTLY',
      before
    )
    const running = sim.jobs({ clusterName: 'prod' }).find(j => j.deliveryType === 'download')!
    sim.finishJob(running.id, 'completed')
    expect((await create({ deliveryType: 'download', snapshotId: snap.prod })).status).toBe(200)
  })

  it('cancel: automated and point-in-time restores are refused (400 CANNOT_CANCEL_AUTOMATED_RESTORE), downloads cancelled', async () => {
    const auto = sim.jobs({ clusterName: 'prod' }).find(j => j.deliveryType === 'automated')!
    const pit = sim.jobs({ clusterName: 'prod' }).find(j => j.deliveryType === 'pointInTime')!
    for (const job of [auto, pit]) {
      const r = await api.call('DELETE', g(`/clusters/prod/backup/restoreJobs/${job.id}`))
      expect(r.status).toBe(400)
      expect(r.body.errorCode).toBe('CANNOT_CANCEL_AUTOMATED_RESTORE')
      expect(sim.jobs().find(j => j.id === job.id)).toMatchObject({ cancelled: false })
      expect(['pending', 'running']).toContain(sim.jobs().find(j => j.id === job.id)!.status)
    }
    const download = sim
      .jobs({ clusterName: 'prod' })
      .find(j => j.deliveryType === 'download' && j.finishedAt === undefined)!
    const r = await api.call('DELETE', g(`/clusters/prod/backup/restoreJobs/${download.id}`))
    expect(r.status).toBe(204)
    expect(sim.jobs().find(j => j.id === download.id)).toMatchObject({ cancelled: true })
  })
})
