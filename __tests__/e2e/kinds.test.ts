// Every deployment kind × delivery type, auto-detection of each kind, and the retired kinds'
// messages: the bundled action under Node 24 (action.yml's runtime) against the simulator.

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { SimRequest } from '../../simulator/index.js'
import { runAction, runtimes } from '../../scripts/runner.js'
import { startWorld, type World } from '../helpers/world.js'

const runtime = runtimes().at(-1)!
const FAST = { pollInterval: '250ms', timeout: '30s' }

let world: World
beforeAll(async () => {
  world = await startWorld()
})
afterAll(() => world.close())

const run = (inputs: Record<string, string>) =>
  runAction({ runtime, inputs: { groupId: world.groupId, ...world.apiKey, ...FAST, ...inputs } })

/** The API requests of the last run (challenges and the token call left out). */
function apiCalls(): SimRequest[] {
  return world.sim.requests.filter(r => r.path.startsWith('/api/atlas') && r.status !== 401)
}
const posts = () => apiCalls().filter(r => r.method === 'POST')

describe('flex clusters', () => {
  it('automated: restoreJobs with targetDeploymentItemName and targetProjectId, media type 2024-11-13', async () => {
    world.sim.resetLog()
    const r = await run({
      clusterName: 'prod-flex',
      clusterKind: 'flex',
      targetGroupId: world.targetGroupId,
      targetClusterName: 'scratch-flex'
    })
    expect(r.errors).toEqual([])
    expect(r.outputs).toMatchObject({
      status: 'completed',
      clusterKind: 'flex',
      deliveryType: 'automated'
    })
    expect(r.outputs.targetConnectionString).toMatch(/^mongodb\+srv:\/\/scratch-flex\./)
    expect(Number(r.outputs.durationSeconds)).toBeGreaterThanOrEqual(0)
    const [post] = posts()
    expect(post.path).toBe(
      `/api/atlas/v2/groups/${world.groupId}/flexClusters/prod-flex/backup/restoreJobs`
    )
    expect(post.accept).toBe('application/vnd.atlas.2024-11-13+json')
    expect(post.contentType).toBe('application/vnd.atlas.2024-11-13+json')
    expect(post.body).toEqual({
      snapshotId: r.outputs.snapshotId,
      targetDeploymentItemName: 'scratch-flex',
      targetProjectId: world.targetGroupId
    })
  })

  it('download: a real download through /backup/download, never a restore onto a target', async () => {
    world.sim.resetLog()
    const r = await run({ clusterName: 'prod-flex', deliveryType: 'download' })
    expect(r.errors).toEqual([])
    expect(r.outputs).toMatchObject({
      status: 'completed',
      clusterKind: 'flex',
      deliveryType: 'download'
    })
    expect(r.outputs.deliveryUrl).toMatch(/^https:\/\//)
    const [post] = posts()
    expect(post.path).toBe(
      `/api/atlas/v2/groups/${world.groupId}/flexClusters/prod-flex/backup/download`
    )
    expect(post.body).toEqual({ snapshotId: r.outputs.snapshotId })
  })

  it('latest is the newest completed flex snapshot, dated by its finish time', async () => {
    const r = await run({ clusterName: 'prod-flex', deliveryType: 'download', dryRun: 'true' })
    expect(r.code).toBe(0)
    expect(Number(r.outputs.snapshotAgeSeconds)).toBeGreaterThanOrEqual(3 * 3600)
    expect(Number(r.outputs.snapshotAgeSeconds)).toBeLessThan(3 * 3600 + 60)
  })

  it('cancelOnAbort on a timeout: says the flex API offers no cancel, and the job keeps running', async () => {
    world.sim.scriptNextJob({ outcome: 'completed', durationMs: 60_000 })
    const r = await run({
      clusterName: 'prod-flex',
      deliveryType: 'download',
      timeout: '1s',
      cancelOnAbort: 'true'
    })
    expect(r.code).not.toBe(0)
    expect(r.stdout).toMatch(/Atlas cannot cancel a flex download: it keeps running in Atlas/)
    expect(r.outputs.status).toMatch(/^(pending|inProgress)$/)
    const job = world.sim.jobs().find(j => j.id === r.outputs.restoreJobId)!
    expect(job.cancelled).toBe(false)
  })

  it('refuses pointInTime before any create call, naming deliveryType', async () => {
    world.sim.resetLog()
    const r = await run({
      clusterName: 'prod-flex',
      deliveryType: 'pointInTime',
      pointInTime: '1795143600',
      targetClusterName: 'scratch-flex'
    })
    expect(r.code).not.toBe(0)
    expect(r.errors.join('\n')).toMatch(/deliveryType: pointInTime is not available for flex/)
    expect(posts()).toHaveLength(0)
  })
})

describe('shared-tier M2/M5 clusters', () => {
  it('automated: the tenant restore endpoint', async () => {
    world.sim.resetLog()
    const r = await run({
      clusterName: 'prod-m2',
      clusterKind: 'shared',
      targetGroupId: world.targetGroupId,
      targetClusterName: 'scratch-m2'
    })
    expect(r.errors).toEqual([])
    expect(r.outputs).toMatchObject({ status: 'completed', clusterKind: 'shared' })
    expect(r.outputs.targetConnectionString).toMatch(/^mongodb\+srv:\/\/scratch-m2\./)
    const [post] = posts()
    expect(post.path).toBe(
      `/api/atlas/v2/groups/${world.groupId}/clusters/prod-m2/backup/tenant/restore`
    )
    expect(post.accept).toBe('application/vnd.atlas.2023-01-01+json')
    expect(post.body).toMatchObject({
      targetDeploymentItemName: 'scratch-m2',
      targetProjectId: world.targetGroupId
    })
  })

  it('download: the tenant download endpoint, naming the source as its target', async () => {
    world.sim.resetLog()
    const r = await run({ clusterName: 'prod-m2', clusterKind: 'shared', deliveryType: 'download' })
    expect(r.errors).toEqual([])
    expect(r.outputs.deliveryUrl).toMatch(/^https:\/\//)
    const [post] = posts()
    expect(post.path).toBe(
      `/api/atlas/v2/groups/${world.groupId}/clusters/prod-m2/backup/tenant/download`
    )
    expect(post.body).toMatchObject({
      targetDeploymentItemName: 'prod-m2',
      targetProjectId: world.groupId
    })
  })
})

describe('serverless instances', () => {
  const onto = () => ({
    targetGroupId: world.targetGroupId,
    targetClusterName: 'scratch-serverless'
  })
  const cases: [string, () => Record<string, string>][] = [
    ['automated', onto],
    ['download', () => ({})],
    [
      'pointInTime',
      () => ({ ...onto(), pointInTimeUTCSeconds: String(Math.floor(Date.now() / 1000) - 600) })
    ]
  ]

  it.each(cases)('%s', async (deliveryType, extra) => {
    world.sim.resetLog()
    const r = await run({
      clusterName: 'prod-serverless',
      clusterKind: 'serverless',
      deliveryType,
      ...extra()
    })
    expect(r.errors).toEqual([])
    expect(r.outputs).toMatchObject({
      status: 'completed',
      clusterKind: 'serverless',
      deliveryType
    })
    const [post] = posts()
    expect(post.path).toBe(
      `/api/atlas/v2/groups/${world.groupId}/serverless/prod-serverless/backup/restoreJobs`
    )
    expect(post.accept).toBe('application/vnd.atlas.2023-01-01+json')
    expect(post.body).toMatchObject({ deliveryType })
    if (deliveryType === 'download') {
      // The schema requires a target even for a download: the source itself.
      expect(post.body).toMatchObject({
        targetClusterName: 'prod-serverless',
        targetGroupId: world.groupId
      })
      expect(r.outputs.deliveryUrl).toBeDefined()
    } else {
      expect(post.body).toMatchObject({
        targetClusterName: 'scratch-serverless',
        targetGroupId: world.targetGroupId
      })
      expect(r.outputs.targetConnectionString).toMatch(/^mongodb\+srv:\/\/scratch-serverless\./)
    }
  })
})

describe('clusterKind: auto', () => {
  it.each([
    ['prod', 'dedicated'],
    ['prod-flex', 'flex'],
    ['prod-m2', 'shared'],
    ['prod-serverless', 'serverless']
  ])('finds that %s is %s with reads only', async (clusterName, kind) => {
    world.sim.resetLog()
    const r = await run({ clusterName, deliveryType: 'download', dryRun: 'true' })
    expect(r.errors).toEqual([])
    expect(r.outputs.clusterKind).toBe(kind)
    expect(apiCalls().every(q => q.method === 'GET')).toBe(true)
  })

  it('refuses an M0 free cluster: it has no cloud backup', async () => {
    world.sim.resetLog()
    const r = await run({ clusterName: 'free', deliveryType: 'download' })
    expect(r.code).not.toBe(0)
    expect(r.errors.join('\n')).toMatch(/M0 free cluster.*no cloud backup/)
    expect(apiCalls().filter(q => q.path.includes('/tenant/'))).toHaveLength(0)
  })
})

describe('retired endpoints', () => {
  let retired: World
  beforeAll(async () => {
    retired = await startWorld({ sunset: ['shared', 'serverless'] })
  })
  afterAll(() => retired.close())

  it.each([
    ['prod-m2', 'shared', /retired the shared-tier \(M2\/M5\) backup endpoints on 2026-01-22/],
    ['prod-serverless', 'serverless', /retired the serverless backup endpoints on 2026-01-22/]
  ])(
    '%s (%s) fails with a message that says the tier was retired and points to flex',
    async (clusterName, clusterKind, message) => {
      const r = await runAction({
        runtime,
        inputs: {
          groupId: retired.groupId,
          ...retired.apiKey,
          ...FAST,
          clusterName,
          clusterKind,
          deliveryType: 'download'
        }
      })
      expect(r.code).not.toBe(0)
      expect(r.errors.join('\n')).toMatch(message)
      expect(r.errors.join('\n')).toMatch(/clusterKind: flex/)
    }
  )
})

describe('a serverless instance that runs on flex underneath', () => {
  beforeAll(() => {
    world.sim.addDeployment({
      groupId: world.groupId,
      name: 'sls-on-flex',
      kind: 'serverless',
      flexBacked: true
    })
    world.sim.addSnapshot({ groupId: world.groupId, clusterName: 'sls-on-flex', ageMs: 3_600_000 })
  })

  it.each(['auto', 'serverless'])(
    'clusterKind %s: restored through the flex endpoints (the serverless ones are retired)',
    async clusterKind => {
      world.sim.resetLog()
      const r = await run({
        clusterName: 'sls-on-flex',
        clusterKind,
        targetGroupId: world.targetGroupId,
        targetClusterName: 'scratch-flex'
      })
      expect(r.errors).toEqual([])
      expect(r.outputs).toMatchObject({ status: 'completed', clusterKind: 'flex' })
      expect(posts().map(p => p.path)).toEqual([
        `/api/atlas/v2/groups/${world.groupId}/flexClusters/sls-on-flex/backup/restoreJobs`
      ])
      expect(apiCalls().some(q => q.path.includes('/serverless/sls-on-flex/backup'))).toBe(false)
    }
  )
})
