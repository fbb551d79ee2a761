// Restore jobs move with the clock, per kind, in the shapes the recordings show: dedicated and
// serverless jobs with flags, flex and tenant jobs with a status; downloads get URLs (one per
// shard); targets go UPDATING and back; cancel, scriptNextJob and finishJob; on-demand snapshots.

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startSimulator, type Simulator } from '../../simulator/index.js'
import { BearerClient, sleep, until, V2023, V2024, VFLEX, type Doc } from './client.js'

let sim: Simulator
let api: BearerClient
let groupId: string
let targetGroupId: string
const snap: Record<string, string> = {}
const g = (rest: string) => `/api/atlas/v2/groups/${groupId}${rest}`
const RESTORE = 250
const DOWNLOAD = 200
const UPDATING = 150

beforeAll(async () => {
  sim = await startSimulator({
    restoreDurationMs: RESTORE,
    downloadDurationMs: DOWNLOAD,
    targetUpdatingMs: UPDATING,
    snapshotDurationMs: 200,
    // Several restores onto scratch at once: the concurrency rules are tested in rules.test.ts.
    concurrencyRules: false
  })
  groupId = sim.addProject()
  targetGroupId = sim.addProject()
  sim.addDeployment({ groupId, name: 'prod', kind: 'dedicated', pitEnabled: true })
  sim.addDeployment({ groupId: targetGroupId, name: 'scratch', kind: 'dedicated' })
  sim.addDeployment({ groupId, name: 'big', kind: 'dedicated', clusterType: 'SHARDED', shards: 3 })
  sim.addDeployment({ groupId, name: 'fx', kind: 'flex' })
  sim.addDeployment({ groupId: targetGroupId, name: 'fx-copy', kind: 'flex' })
  sim.addDeployment({ groupId, name: 'm2', kind: 'shared' })
  sim.addDeployment({ groupId: targetGroupId, name: 'm5-copy', kind: 'shared', instanceSize: 'M5' })
  sim.addDeployment({ groupId, name: 'sls', kind: 'serverless', pitEnabled: true })
  sim.addDeployment({ groupId: targetGroupId, name: 'sls-copy', kind: 'serverless' })
  for (const name of ['prod', 'big', 'fx', 'm2', 'sls'])
    snap[name] = sim.addSnapshot({ groupId, clusterName: name, ageMs: 3 * 3_600_000 }).id
  api = new BearerClient(sim)
})
afterAll(() => sim.close())

const job = (path: string, id: string, accept = V2023) =>
  api.call('GET', g(`${path}/${id}`), { accept }).then(r => r.body)
const state = async (group: string, name: string, kind: 'dedicated' | 'flex' | 'serverless') => {
  const path =
    kind === 'flex'
      ? `/flexClusters/${name}`
      : kind === 'serverless'
        ? `/serverless/${name}`
        : `/clusters/${name}`
  const r = await api.call('GET', `/api/atlas/v2/groups/${group}${path}`, {
    accept: kind === 'flex' ? VFLEX : kind === 'serverless' ? V2023 : V2024
  })
  return r.body.stateName
}

describe('dedicated restore jobs (flags)', () => {
  it('automated: recorded shape, no createdAt/finishedAt, then finishedAt; the target is UPDATING then IDLE', async () => {
    const created = await api.call('POST', g('/clusters/prod/backup/restoreJobs'), {
      body: {
        deliveryType: 'automated',
        snapshotId: snap.prod,
        targetClusterName: 'scratch',
        targetGroupId
      }
    })
    expect(created.status).toBe(200)
    expect(created.headers.get('content-type')).toBe(`${V2023};charset=utf-8`)
    const body = created.body
    expect(Object.keys(body)).toEqual([
      'cancelled',
      'deliveryType',
      'deliveryUrl',
      'desiredTimestamp',
      'expired',
      'failed',
      'id',
      'links',
      'snapshotId',
      'targetClusterName',
      'targetDeploymentItemName',
      'targetGroupId',
      'timestamp'
    ])
    expect(body).toMatchObject({
      cancelled: false,
      deliveryType: 'automated',
      deliveryUrl: [],
      desiredTimestamp: { increment: null, time: null, date: null },
      expired: false,
      failed: false,
      snapshotId: snap.prod,
      targetClusterName: 'scratch',
      targetDeploymentItemName: expect.stringMatching(/^atlas-[a-z0-9]{6}$/),
      targetGroupId
    })
    expect((body.links as { rel: string }[]).map(l => l.rel)).toEqual([
      'self',
      'https://cloud.mongodb.com/snapshot',
      'https://cloud.mongodb.com/cluster',
      'https://cloud.mongodb.com/group'
    ])
    // The target's replica set is the one its connection string names.
    const target = await api.call('GET', `/api/atlas/v2/groups/${targetGroupId}/clusters/scratch`, {
      accept: V2024
    })
    expect((target.body.connectionStrings as Doc).standard).toContain(
      `replicaSet=${String(body.targetDeploymentItemName)}-shard-0`
    )
    expect(target.body.stateName).toBe('UPDATING')
    const [simJob] = sim.jobs({ clusterName: 'prod' })
    expect(simJob).toMatchObject({
      id: body.id,
      kind: 'dedicated',
      groupId,
      clusterName: 'prod',
      deliveryType: 'automated',
      snapshotId: snap.prod,
      cancelled: false
    })
    expect(['pending', 'running']).toContain(simJob.status)
    expect(simJob.createdAt).toBeInstanceOf(Date)

    const done = await until(
      () => job('/clusters/prod/backup/restoreJobs', String(body.id)),
      j => j.finishedAt !== undefined
    )
    expect(done).toMatchObject({ cancelled: false, failed: false, deliveryUrl: [] })
    expect(done).not.toHaveProperty('createdAt')
    expect(await state(targetGroupId, 'scratch', 'dedicated')).toBe('UPDATING')
    await sleep(UPDATING + 50)
    expect(await state(targetGroupId, 'scratch', 'dedicated')).toBe('IDLE')
    expect(sim.jobs({ clusterName: 'prod' })[0]).toMatchObject({ status: 'completed' })
  })

  it('download: deliveryUrl [] until ready, then the URL and expiresAt (+1 h), never finishedAt', async () => {
    const created = await api.call('POST', g('/clusters/prod/backup/restoreJobs'), {
      body: { deliveryType: 'download', snapshotId: snap.prod }
    })
    expect(created.body).toMatchObject({ deliveryUrl: [], deliveryType: 'download' })
    expect(created.body).not.toHaveProperty('targetClusterName')
    expect(created.body).not.toHaveProperty('targetDeploymentItemName')
    const id = String(created.body.id)
    const ready = await until(
      () => job('/clusters/prod/backup/restoreJobs', id),
      j => (j.deliveryUrl as string[]).length > 0
    )
    const prod = sim.deployment(groupId, 'prod')!
    expect(ready.deliveryUrl).toEqual([
      expect.stringMatching(
        new RegExp(
          `^https://restore-${id}\\.${prod.hostId}\\.mongodb\\.example\\.net:27017/[A-Za-z0-9]{24}/restore-${snap.prod}\\.tar\\.gz$`
        )
      )
    ])
    expect(ready).not.toHaveProperty('finishedAt')
    const expiresAt = Date.parse(String(ready.expiresAt))
    const readyAt = sim
      .jobs()
      .find(j => j.id === id)!
      .finishedAt!.getTime()
    expect(Math.abs(expiresAt - readyAt - 3_600_000)).toBeLessThan(1000)
  })

  it('a sharded cluster gets one download URL per shard (and components)', async () => {
    const created = await api.call('POST', g('/clusters/big/backup/restoreJobs'), {
      body: { deliveryType: 'download', snapshotId: snap.big }
    })
    const ready = await until(
      () => job('/clusters/big/backup/restoreJobs', String(created.body.id)),
      j => (j.deliveryUrl as string[]).length > 0
    )
    const urls = ready.deliveryUrl as string[]
    expect(urls).toHaveLength(3)
    expect(new Set(urls).size).toBe(3)
    expect((ready.components as { downloadUrl: string }[]).map(c => c.downloadUrl)).toEqual(urls)
    const snapshot = await api.call('GET', g(`/clusters/big/backup/snapshots/${snap.big}`))
    expect(snapshot.body).toMatchObject({ type: 'shardedCluster' })
  })

  it('cancel (a download): 204 with a versioned Content-Type and no body, then cancelled: true; a finished job cannot be cancelled', async () => {
    sim.scriptNextJob({ outcome: 'completed', durationMs: 60_000 })
    const created = await api.call('POST', g('/clusters/prod/backup/restoreJobs'), {
      body: { deliveryType: 'download', snapshotId: snap.prod }
    })
    const id = String(created.body.id)
    const cancel = await api.call('DELETE', g(`/clusters/prod/backup/restoreJobs/${id}`))
    expect(cancel.status).toBe(204)
    expect(cancel.text).toBe('')
    expect(cancel.headers.get('content-type')).toBe(`${V2023};charset=utf-8`)
    const after = await job('/clusters/prod/backup/restoreJobs', id)
    expect(after).toMatchObject({ cancelled: true, failed: false })
    expect(after).not.toHaveProperty('finishedAt')
    expect(sim.jobs().find(j => j.id === id)).toMatchObject({
      cancelled: true,
      status: 'cancelled'
    })
    const again = await api.call('DELETE', g(`/clusters/prod/backup/restoreJobs/${id}`))
    expect(again.status).toBe(400)
    expect(again.body.errorCode).toBe('CANNOT_CANCEL_FINISHED_RESTORE_JOB')
    const unknown = await api.call(
      'DELETE',
      g('/clusters/prod/backup/restoreJobs/aaaaaaaaaaaaaaaaaaaaaaaa')
    )
    expect(unknown.body.errorCode).toBe('RESTORE_JOB_NOT_FOUND')
  })

  it('scriptNextJob decides outcomes in order; finishJob ends one now', async () => {
    sim.scriptNextJob({ outcome: 'failed', durationMs: 50 })
    sim.scriptNextJob({ outcome: 'expired', durationMs: 50 })
    sim.scriptNextJob({ outcome: 'cancelled', durationMs: 50 })
    sim.scriptNextJob({ outcome: 'completed', durationMs: 60_000 })
    const ids: string[] = []
    for (const deliveryType of ['automated', 'download', 'automated', 'download']) {
      const r = await api.call('POST', g('/clusters/prod/backup/restoreJobs'), {
        body: {
          deliveryType,
          snapshotId: snap.prod,
          ...(deliveryType === 'automated' && { targetClusterName: 'prod', targetGroupId: groupId })
        }
      })
      ids.push(String(r.body.id))
    }
    await sleep(100)
    const docs = await Promise.all(ids.map(id => job('/clusters/prod/backup/restoreJobs', id)))
    expect(docs[0]).toMatchObject({
      failed: true,
      cancelled: false,
      expired: false,
      finishedAt: expect.any(String)
    })
    expect(docs[1]).toMatchObject({ expired: true, failed: false })
    expect(docs[1]).not.toHaveProperty('finishedAt')
    expect(docs[2]).toMatchObject({ cancelled: true })
    expect(docs[3]).toMatchObject({ deliveryUrl: [], cancelled: false })
    const statuses = sim
      .jobs()
      .filter(j => ids.includes(j.id))
      .map(j => j.status)
    expect(statuses.slice(0, 3)).toEqual(['failed', 'expired', 'cancelled'])
    expect(['pending', 'running']).toContain(statuses[3])
    sim.finishJob(ids[3], 'completed')
    const finished = await job('/clusters/prod/backup/restoreJobs', ids[3])
    expect((finished.deliveryUrl as string[]).length).toBe(1)
    expect(() => sim.finishJob('aaaaaaaaaaaaaaaaaaaaaaaa', 'failed')).toThrow()
  })

  it('pointInTime: restores the newest snapshot before the moment and carries the moment', async () => {
    const at = Math.floor(Date.now() / 1000) - 60
    const r = await api.call('POST', g('/clusters/prod/backup/restoreJobs'), {
      body: {
        deliveryType: 'pointInTime',
        pointInTimeUTCSeconds: at,
        targetClusterName: 'scratch',
        targetGroupId
      }
    })
    expect(r.body).toMatchObject({
      deliveryType: 'pointInTime',
      pointInTimeUTCSeconds: at,
      snapshotId: snap.prod
    })
    const done = await until(
      () => job('/clusters/prod/backup/restoreJobs', String(r.body.id)),
      j => j.finishedAt !== undefined
    )
    expect(done.failed).toBe(false)
  })
})

describe('serverless restore jobs (flags)', () => {
  it('automated onto another instance, and a download naming the source as target', async () => {
    const automated = await api.call('POST', g('/serverless/sls/backup/restoreJobs'), {
      body: {
        deliveryType: 'automated',
        snapshotId: snap.sls,
        targetClusterName: 'sls-copy',
        targetGroupId
      }
    })
    expect(automated.status).toBe(200)
    expect(automated.body).toMatchObject({ targetClusterName: 'sls-copy', deliveryUrl: [] })
    expect(await state(targetGroupId, 'sls-copy', 'serverless')).toBe('UPDATING')
    const download = await api.call('POST', g('/serverless/sls/backup/restoreJobs'), {
      body: {
        deliveryType: 'download',
        snapshotId: snap.sls,
        targetClusterName: 'sls',
        targetGroupId: groupId
      }
    })
    expect(await state(groupId, 'sls', 'serverless')).toBe('IDLE')
    const done = await until(
      () => job('/serverless/sls/backup/restoreJobs', String(automated.body.id)),
      j => j.finishedAt !== undefined
    )
    expect(done.failed).toBe(false)
    const ready = await until(
      () => job('/serverless/sls/backup/restoreJobs', String(download.body.id)),
      j => (j.deliveryUrl as string[]).length === 1
    )
    expect(ready).toHaveProperty('expiresAt')
    expect(ready).not.toHaveProperty('finishedAt')
    const missing = await api.call('POST', g('/serverless/sls/backup/restoreJobs'), {
      body: { deliveryType: 'download', snapshotId: snap.sls }
    })
    expect(missing.body.errorCode).toBe('MISSING_ATTRIBUTE')
  })
})

describe('flex restore jobs (status)', () => {
  it('restore: PENDING → RUNNING → COMPLETED with the recorded fields; the target goes UPDATING → IDLE', async () => {
    const created = await api.call('POST', g('/flexClusters/fx/backup/restoreJobs'), {
      accept: VFLEX,
      body: {
        snapshotId: snap.fx,
        targetDeploymentItemName: 'fx-copy',
        targetProjectId: targetGroupId
      }
    })
    expect(created.headers.get('content-type')).toBe(`${VFLEX};charset=utf-8`)
    expect(Object.keys(created.body)).toEqual([
      'deliveryType',
      'expirationDate',
      'id',
      'instanceName',
      'projectId',
      'restoreScheduledDate',
      'snapshotFinishedDate',
      'snapshotId',
      'status',
      'targetDeploymentItemName',
      'targetProjectId'
    ])
    expect(created.body).toMatchObject({
      deliveryType: 'RESTORE',
      instanceName: 'fx',
      projectId: groupId,
      snapshotId: snap.fx,
      status: 'PENDING',
      targetDeploymentItemName: 'fx-copy',
      targetProjectId: targetGroupId
    })
    const scheduled = Date.parse(String(created.body.restoreScheduledDate))
    expect(Date.parse(String(created.body.expirationDate)) - scheduled).toBe(6 * 3_600_000)
    expect(await state(targetGroupId, 'fx-copy', 'flex')).toBe('UPDATING')
    const id = String(created.body.id)
    const seen = new Set<string>()
    const done = await until(
      () => job('/flexClusters/fx/backup/restoreJobs', id, VFLEX),
      j => {
        seen.add(String(j.status))
        return j.status === 'COMPLETED'
      }
    )
    expect([...seen]).toEqual(['PENDING', 'RUNNING', 'COMPLETED'].filter(s => seen.has(s)))
    expect(seen.has('RUNNING')).toBe(true)
    expect(done).toHaveProperty('restoreFinishedDate')
    expect(done).not.toHaveProperty('snapshotUrl')
    expect(done).not.toHaveProperty('links')
    await sleep(UPDATING + 50)
    expect(await state(targetGroupId, 'fx-copy', 'flex')).toBe('IDLE')
  })

  it('download: a DOWNLOAD job whose snapshotUrl appears when COMPLETED', async () => {
    const created = await api.call('POST', g('/flexClusters/fx/backup/download'), {
      accept: VFLEX,
      body: { snapshotId: snap.fx }
    })
    expect(created.body).toMatchObject({ deliveryType: 'DOWNLOAD', status: 'PENDING' })
    expect(created.body).not.toHaveProperty('snapshotUrl')
    expect(created.body).not.toHaveProperty('targetDeploymentItemName')
    const done = await until(
      () => job('/flexClusters/fx/backup/restoreJobs', String(created.body.id), VFLEX),
      j => j.status === 'COMPLETED'
    )
    expect(done.snapshotUrl).toMatch(/^https:\/\/restore-[a-f0-9]{24}\..*\.tar\.gz$/)
    expect(sim.jobs().find(j => j.id === created.body.id)).toMatchObject({
      kind: 'flex',
      deliveryType: 'download',
      status: 'completed'
    })
  })

  it('a failed flex job ends FAILED', async () => {
    sim.scriptNextJob({ outcome: 'failed', durationMs: 30 })
    const created = await api.call('POST', g('/flexClusters/fx/backup/download'), {
      accept: VFLEX,
      body: { snapshotId: snap.fx }
    })
    await sleep(60)
    const failed = await job('/flexClusters/fx/backup/restoreJobs', String(created.body.id), VFLEX)
    expect(failed.status).toBe('FAILED')
    expect(failed).not.toHaveProperty('snapshotUrl')
  })
})

describe('shared-tier (tenant) restore jobs (status)', () => {
  it('restore: QUEUED → RUNNING → COMPLETED, with links; download: snapshotUrl when COMPLETED', async () => {
    const restore = await api.call('POST', g('/clusters/m2/backup/tenant/restore'), {
      body: {
        snapshotId: snap.m2,
        targetDeploymentItemName: 'm5-copy',
        targetProjectId: targetGroupId
      }
    })
    expect(restore.body).toMatchObject({
      clusterName: 'm2',
      deliveryType: 'RESTORE',
      status: 'QUEUED',
      targetDeploymentItemName: 'm5-copy',
      targetProjectId: targetGroupId
    })
    expect((restore.body.links as unknown[]).length).toBe(1)
    const download = await api.call('POST', g('/clusters/m2/backup/tenant/download'), {
      body: { snapshotId: snap.m2, targetDeploymentItemName: 'm2', targetProjectId: groupId }
    })
    expect(download.body).toMatchObject({ deliveryType: 'DOWNLOAD', status: 'QUEUED' })
    const done = await until(
      () => job('/clusters/m2/backup/tenant/restores', String(restore.body.id)),
      j => j.status === 'COMPLETED'
    )
    expect(done).toHaveProperty('restoreFinishedDate')
    const ready = await until(
      () => job('/clusters/m2/backup/tenant/restores', String(download.body.id)),
      j => j.status === 'COMPLETED'
    )
    expect(ready.snapshotUrl).toMatch(/^https:\/\//)
    const list = await api.call('GET', g('/clusters/m2/backup/tenant/restores'))
    expect(list.body.totalCount).toBe(2)
  })
})

describe('on-demand snapshots', () => {
  it('queued → inProgress → completed; createdAt only once completed; 409 while one runs', async () => {
    const created = await api.call('POST', g('/clusters/prod/backup/snapshots'), {
      body: { description: 'test-snapshot', retentionInDays: 1 }
    })
    expect(created.status).toBe(200)
    expect(created.body).toMatchObject({
      description: 'test-snapshot',
      frequencyType: 'ondemand',
      snapshotType: 'onDemand',
      status: 'queued',
      storageSizeBytes: 0
    })
    expect(created.body).not.toHaveProperty('createdAt')
    expect(created.body).not.toHaveProperty('mongodVersion')
    const busy = await api.call('POST', g('/clusters/prod/backup/snapshots'), { body: {} })
    expect(busy.status).toBe(409)
    const id = String(created.body.id)
    const done = await until(
      () => api.call('GET', g(`/clusters/prod/backup/snapshots/${id}`)).then(r => r.body),
      s => s.status === 'completed'
    )
    expect(done).toHaveProperty('createdAt')
    expect(Number(done.storageSizeBytes)).toBeGreaterThan(0)
    const removed = await api.call('DELETE', g(`/clusters/prod/backup/snapshots/${id}`))
    expect(removed.status).toBe(204)
    expect((await api.call('GET', g(`/clusters/prod/backup/snapshots/${id}`))).body.errorCode).toBe(
      'SNAPSHOT_NOT_FOUND'
    )
  })
})
