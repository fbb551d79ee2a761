// The bundled action, run as the runner runs it, against the simulator: every dedicated-cluster
// path of the contract, under this machine's Node and under Node 24 (action.yml's runtime).

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { runAction, runtimes, visibleLog, type RunOptions } from '../../scripts/runner.js'
import { startWorld, type World } from '../helpers/world.js'

const FAST = { pollInterval: '250ms', timeout: '30s' }

describe.each(runtimes())('dedicated clusters on $name ($version)', runtime => {
  let world: World
  beforeAll(async () => {
    world = await startWorld()
  })
  afterAll(() => world.close())

  const run = (inputs: Record<string, string>, options: Partial<RunOptions> = {}) =>
    runAction({
      runtime,
      inputs: { groupId: world.groupId, clusterName: 'prod', ...FAST, ...inputs },
      ...options
    })

  it('restores the latest snapshot onto a target, waits for it and for the target, and sets every output', async () => {
    const jobsBefore = world.sim.jobs().length
    const r = await run({
      ...world.apiKey,
      targetGroupId: world.targetGroupId,
      targetClusterName: 'scratch'
    })
    expect(r.errors).toEqual([])
    expect(r.code).toBe(0)
    expect(r.outputs).toMatchObject({
      status: 'completed',
      clusterKind: 'dedicated',
      deliveryType: 'automated',
      snapshotId: world.fresh,
      targetGroupId: world.targetGroupId,
      targetClusterName: 'scratch'
    })
    expect(r.outputs.restoreJobId).toMatch(/^[a-f0-9]{24}$/)
    expect(Number(r.outputs.snapshotAgeSeconds)).toBeGreaterThanOrEqual(2 * 3600)
    expect(Number(r.outputs.snapshotAgeSeconds)).toBeLessThan(2 * 3600 + 60)
    expect(r.outputs.snapshotCreatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(r.outputs.finishedAt).toMatch(/Z$/)
    expect(Number(r.outputs.durationSeconds)).toBeGreaterThanOrEqual(0)
    expect(r.outputs.targetConnectionString).toMatch(/^mongodb\+srv:\/\/scratch\./)
    expect(JSON.parse(r.outputs.restoreJob)).toMatchObject({
      id: r.outputs.restoreJobId,
      deliveryType: 'automated'
    })
    expect(world.sim.jobs().length).toBe(jobsBefore + 1)
    // The target was UPDATING after the restore: the connection string came only once IDLE.
    expect(r.stdout).toMatch(/target scratch: UPDATING/)
    expect(r.stdout).toMatch(/target scratch: IDLE/)
    expect(r.summary).toContain('Restore completed')
    expect(r.summary).toContain('Restore time')
    expect(r.summary).toContain('Target ready')
  })

  it('downloads a snapshot: URL and expiry out, masked in the log', async () => {
    const r = await run({ ...world.apiKey, deliveryType: 'download', snapshotId: world.old })
    expect(r.code).toBe(0)
    expect(r.outputs.status).toBe('completed')
    expect(r.outputs.snapshotId).toBe(world.old)
    expect(r.outputs.deliveryUrl).toMatch(/^https:\/\/restore-[a-f0-9]{24}\..*\.tar\.gz$/)
    expect(JSON.parse(r.outputs.deliveryUrls)).toEqual([r.outputs.deliveryUrl])
    expect(r.outputs.expiresAt).toMatch(/Z$/)
    expect(r.outputs.targetClusterName).toBeUndefined()
    expect(r.stdout).toContain(`::add-mask::${r.outputs.deliveryUrl}`)
    expect(visibleLog(r)).not.toContain(r.outputs.deliveryUrl)
    expect(r.summary).not.toContain(r.outputs.deliveryUrl)
  })

  it('restores to a point in time with no snapshotId in the body', async () => {
    world.sim.resetLog()
    const r = await run({
      ...world.apiKey,
      deliveryType: 'pointInTime',
      pointInTime: new Date(Date.now() - 3600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
      targetGroupId: world.targetGroupId,
      targetClusterName: 'scratch'
    })
    expect(r.errors).toEqual([])
    expect(r.outputs).toMatchObject({ status: 'completed', deliveryType: 'pointInTime' })
    const post = world.sim.requests.find(q => q.method === 'POST')!
    expect(post.body).toMatchObject({ deliveryType: 'pointInTime', targetClusterName: 'scratch' })
    expect(post.body).not.toHaveProperty('snapshotId')
    expect(post.body).toHaveProperty('pointInTimeUTCSeconds')
  })

  it('authenticates with a service account', async () => {
    world.sim.resetLog()
    const r = await run({ ...world.serviceAccount, deliveryType: 'download' })
    expect(r.code).toBe(0)
    expect(r.outputs.status).toBe('completed')
    expect(world.sim.stats.tokenRequests).toBe(1)
    expect(
      world.sim.requests
        .filter(q => q.path.startsWith('/api/atlas'))
        .every(q => q.authScheme === 'Bearer')
    ).toBe(true)
  })

  it('takes credentials from the MONGODB_ATLAS_* variables', async () => {
    const r = await run(
      { baseUrl: world.sim.url, deliveryType: 'download' },
      {
        env: {
          MONGODB_ATLAS_PUBLIC_API_KEY: world.apiKey.publicKey,
          MONGODB_ATLAS_PRIVATE_API_KEY: world.apiKey.privateKey
        }
      }
    )
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`::add-mask::${world.apiKey.privateKey}`)
  })

  it('does not wait when told not to', async () => {
    const r = await run({ ...world.apiKey, deliveryType: 'download', waitForCompletion: 'false' })
    expect(r.code).toBe(0)
    expect(r.outputs.status).toBe('inProgress')
    expect(r.outputs.restoreJobId).toMatch(/^[a-f0-9]{24}$/)
    expect(r.outputs.finishedAt).toBeUndefined()
  })

  it('watches an existing job given restoreJobId, creating nothing', async () => {
    const started = await run({
      ...world.apiKey,
      deliveryType: 'download',
      waitForCompletion: 'false'
    })
    const postsBefore = world.posts()
    const r = await run({ ...world.apiKey, restoreJobId: started.outputs.restoreJobId })
    expect(r.code).toBe(0)
    expect(world.posts()).toBe(postsBefore)
    expect(r.outputs).toMatchObject({
      restoreJobId: started.outputs.restoreJobId,
      status: 'completed',
      deliveryType: 'download'
    })
    expect(r.outputs.deliveryUrl).toBeDefined()
  })

  it('fails with the outputs set when the job fails', async () => {
    world.sim.scriptNextJob({ outcome: 'failed', durationMs: 500 })
    const r = await run({ ...world.apiKey, deliveryType: 'download' })
    expect(r.code).not.toBe(0)
    expect(r.outputs.status).toBe('failed')
    expect(r.outputs.restoreJobId).toMatch(/^[a-f0-9]{24}$/)
    expect(r.errors.join('\n')).toMatch(/ended failed/)
  })

  it.each(['cancelled', 'expired'] as const)('fails when the job ends %s', async outcome => {
    world.sim.scriptNextJob({ outcome, durationMs: 500 })
    const r = await run({ ...world.apiKey, deliveryType: 'download' })
    expect(r.code).not.toBe(0)
    expect(r.outputs.status).toBe(outcome)
  })

  it('times out, leaves the job running without cancelOnAbort, and says so', async () => {
    world.sim.scriptNextJob({ outcome: 'completed', durationMs: 60_000 })
    const r = await run({ ...world.apiKey, deliveryType: 'download', timeout: '1500ms' })
    expect(r.code).not.toBe(0)
    expect(r.outputs.status).toBe('inProgress')
    expect(r.errors.join('\n')).toMatch(/did not finish within timeout/)
    expect(r.stdout).toMatch(/keeps running in Atlas/)
    const job = world.sim.jobs().find(j => j.id === r.outputs.restoreJobId)!
    expect(job.cancelled).toBe(false)
  })

  it('times out and cancels the job with cancelOnAbort', async () => {
    world.sim.scriptNextJob({ outcome: 'completed', durationMs: 60_000 })
    const r = await run({
      ...world.apiKey,
      deliveryType: 'download',
      timeout: '1500ms',
      cancelOnAbort: 'true'
    })
    expect(r.code).not.toBe(0)
    expect(r.outputs.status).toBe('cancelled')
    const job = world.sim.jobs().find(j => j.id === r.outputs.restoreJobId)!
    expect(job.cancelled).toBe(true)
  })

  it('dry run: resolves kind and snapshot with reads only and prints the request', async () => {
    world.sim.resetLog()
    const r = await run({
      ...world.apiKey,
      targetGroupId: world.targetGroupId,
      targetClusterName: 'scratch',
      dryRun: 'true'
    })
    expect(r.code).toBe(0)
    expect(world.sim.requests.every(q => q.method === 'GET')).toBe(true)
    expect(r.stdout).toContain(
      `Dry run: would send POST /api/atlas/v2/groups/${world.groupId}/clusters/prod/backup/restoreJobs `
    )
    expect(r.stdout).toContain(`"snapshotId": "${world.fresh}"`)
    expect(r.outputs).toMatchObject({ clusterKind: 'dedicated', snapshotId: world.fresh })
    expect(r.outputs.restoreJobId).toBeUndefined()
  })

  it('refuses a stale snapshot before creating anything', async () => {
    const postsBefore = world.posts()
    const r = await run({
      ...world.apiKey,
      deliveryType: 'download',
      snapshotId: world.old,
      maxSnapshotAge: '26h'
    })
    expect(r.code).not.toBe(0)
    expect(world.posts()).toBe(postsBefore)
    expect(r.errors.join('\n')).toContain(world.old)
    expect(r.errors.join('\n')).toMatch(/older than maxSnapshotAge 1d 2h/)
    expect(r.outputs.snapshotId).toBe(world.old)
    expect(Number(r.outputs.snapshotAgeSeconds)).toBeGreaterThan(26 * 3600)
  })

  it('accepts a fresh snapshot under maxSnapshotAge', async () => {
    const r = await run({ ...world.apiKey, deliveryType: 'download', maxSnapshotAge: '26h' })
    expect(r.code).toBe(0)
    expect(r.outputs.snapshotId).toBe(world.fresh)
  })

  it('fails clearly when there is no completed snapshot', async () => {
    world.sim.addDeployment({ groupId: world.groupId, name: 'empty', kind: 'dedicated' })
    world.sim.addSnapshot({ groupId: world.groupId, clusterName: 'empty', status: 'inProgress' })
    const postsBefore = world.posts()
    const r = await run({ ...world.apiKey, clusterName: 'empty', deliveryType: 'download' })
    expect(r.code).not.toBe(0)
    expect(world.posts()).toBe(postsBefore)
    expect(r.errors.join('\n')).toMatch(/no completed snapshot/)
  })

  it('gives one URL per shard for a sharded cluster', async () => {
    world.sim.addDeployment({
      groupId: world.groupId,
      name: 'sharded',
      kind: 'dedicated',
      clusterType: 'SHARDED',
      shards: 3
    })
    world.sim.addSnapshot({ groupId: world.groupId, clusterName: 'sharded', ageMs: 3600_000 })
    const r = await run({ ...world.apiKey, clusterName: 'sharded', deliveryType: 'download' })
    expect(r.code).toBe(0)
    const urls = JSON.parse(r.outputs.deliveryUrls) as string[]
    expect(urls).toHaveLength(3)
    expect(r.outputs.deliveryUrl).toBe(urls[0])
  })

  it('reports an Atlas error with status, errorCode, detail, the call and a hint', async () => {
    const r = await run({
      ...world.apiKey,
      clusterName: 'no-such-cluster',
      deliveryType: 'download'
    })
    expect(r.code).not.toBe(0)
    const message = r.errors.join('\n')
    expect(message).toMatch(/404 CLUSTER_NOT_FOUND/)
    expect(message).toMatch(/GET \/api\/atlas\/v2\/groups\/[a-f0-9]{24}\/clusters\/no-such-cluster/)
    expect(message).toMatch(
      /project [a-f0-9]{24} has no cluster named no-such-cluster that these credentials can see/
    )
  })

  it('fails on wrong credentials with a 401 and a hint', async () => {
    const r = await run({ ...world.apiKey, privateKey: 'wrong-key-0000', deliveryType: 'download' })
    expect(r.code).not.toBe(0)
    expect(r.errors.join('\n')).toMatch(/401/)
    expect(r.errors.join('\n')).toMatch(/check the credentials/)
    expect(visibleLog(r)).not.toContain('wrong-key-0000')
  })
})
