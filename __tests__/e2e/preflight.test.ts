// Preflight through the bundle (DESIGN.md, "Before anything is created"): every refusal fails the
// run before any POST, in a real run and in a dry run alike, naming the rule and the values seen,
// with the outputs known by then set. Fallback snapshots: `latest` skips them, an ID is refused
// unless allowFallbackSnapshot. Node 24 only (action.yml's runtime).

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { runAction, runtimes, type ActionRun } from '../../scripts/runner.js'
import { HOUR, startWorld, type World } from '../helpers/world.js'

const runtime = runtimes().at(-1)!
const FAST = { pollInterval: '250ms', timeout: '30s' }
const DAY = 24 * HOUR
const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z')

let world: World
let denied: string
let sharded: string
let fallback: { scheduled: string; fallback: string }

beforeAll(async () => {
  world = await startWorld()
  const { sim, groupId, targetGroupId: tg } = world
  sim.addDeployment({ groupId: tg, name: 'scratch-paused', kind: 'dedicated', paused: true })
  sim.addDeployment({ groupId: tg, name: 'scratch-busy', kind: 'dedicated', stateName: 'UPDATING' })
  sim.addDeployment({
    groupId: tg,
    name: 'scratch-prod',
    kind: 'dedicated',
    tags: [{ key: 'environment', value: 'production' }]
  })
  sim.addDeployment({
    groupId: tg,
    name: 'scratch-prod2',
    kind: 'dedicated',
    tags: [{ key: 'env', value: 'PROD' }]
  })
  sim.addDeployment({ groupId: tg, name: 'scratch-old', kind: 'dedicated', mongoDBVersion: '7.0' })
  sim.addDeployment({ groupId: tg, name: 'scratch-next', kind: 'dedicated', mongoDBVersion: '9.0' })
  sim.addDeployment({ groupId, name: 'prod-sharded', kind: 'dedicated', clusterType: 'SHARDED' })
  sharded = sim.addSnapshot({ groupId, clusterName: 'prod-sharded', ageMs: HOUR }).id
  sim.addDeployment({ groupId, name: 'prod-nopit', kind: 'dedicated', pitEnabled: false })
  sim.addSnapshot({ groupId, clusterName: 'prod-nopit', ageMs: HOUR })
  sim.addDeployment({ groupId, name: 'prod-fb', kind: 'dedicated' })
  fallback = {
    scheduled: sim.addSnapshot({ groupId, clusterName: 'prod-fb', ageMs: 10 * HOUR }).id,
    fallback: sim.addSnapshot({
      groupId,
      clusterName: 'prod-fb',
      ageMs: HOUR,
      snapshotType: 'fallback'
    }).id
  }
  sim.addDeployment({ groupId, name: 'sl-nopit', kind: 'serverless', pitEnabled: false })
  sim.addSnapshot({ groupId, clusterName: 'sl-nopit', ageMs: HOUR })
  sim.addDeployment({
    groupId: tg,
    name: 'scratch-sharded',
    kind: 'dedicated',
    clusterType: 'SHARDED'
  })
  denied = sim.addProject()
  sim.addDeployment({ groupId: denied, name: 'scratch', kind: 'dedicated' })
  sim.denyProject(denied)
})
afterAll(() => world.close())

const run = async (inputs: Record<string, string>): Promise<ActionRun> => {
  world.sim.resetLog()
  return runAction({
    runtime,
    inputs: { groupId: world.groupId, clusterName: 'prod', ...world.apiKey, ...FAST, ...inputs }
  })
}
const onto = (name: string, groupId?: string) => ({
  targetGroupId: groupId ?? world.targetGroupId,
  targetClusterName: name
})

interface Refusal {
  name: string
  inputs: () => Record<string, string>
  /** Lines the ::error:: must hold (the rule and the values). */
  says: () => string[]
  /** Outputs known by the time preflight refused. */
  outputs: () => Record<string, string>
}

const automatedOnto = (name: string, groupId?: string) => ({
  inputs: () => onto(name, groupId),
  outputs: () => ({
    clusterKind: 'dedicated',
    deliveryType: 'automated',
    snapshotId: world.fresh,
    snapshotType: 'scheduled',
    targetGroupId: groupId ?? world.targetGroupId,
    targetClusterName: name
  })
})
const pitOf = (clusterName: string, at: () => number) => {
  let moment = ''
  return {
    inputs: () => {
      moment = rfc3339(at())
      return { clusterName, deliveryType: 'pointInTime', pointInTime: moment, ...onto('scratch') }
    },
    outputs: () => ({
      clusterKind: 'dedicated',
      deliveryType: 'pointInTime',
      requestedPointInTime: moment,
      targetGroupId: world.targetGroupId,
      targetClusterName: 'scratch'
    })
  }
}
const rule = (text: string) =>
  `Preflight found a reason not to restore, so nothing was created:\n- ${text}`

const refusals: Refusal[] = [
  {
    name: 'target missing (404)',
    ...automatedOnto('no-such-target'),
    says: () => [
      rule(
        `target readable: target no-such-target in project ${world.targetGroupId} does not exist or is not a deployment this key can see (Atlas answered 404 CLUSTER_NOT_FOUND to GET /api/atlas/v2/groups/${world.targetGroupId}/clusters/no-such-target`
      ),
      'Check targetClusterName and targetGroupId; nothing was restored'
    ]
  },
  {
    name: 'target project denied (403)',
    inputs: () => onto('scratch', denied),
    outputs: () => automatedOnto('scratch', denied).outputs(),
    says: () => [
      rule(
        `target readable: this key cannot read target scratch in project ${denied} (Atlas answered 403 USER_CANNOT_ACCESS_GROUP to GET /api/atlas/v2/groups/${denied}/clusters/scratch`
      ),
      'The credentials need at least Project Read Only there'
    ]
  },
  {
    name: 'target paused',
    ...automatedOnto('scratch-paused'),
    says: () => [
      rule(
        'target paused: target scratch-paused is paused: Atlas cannot restore onto a paused cluster (CLUSTER_PAUSED_CANNOT_RESTORE). Resume it, then run again'
      )
    ]
  },
  {
    name: 'target not IDLE',
    ...automatedOnto('scratch-busy'),
    says: () => [
      rule(
        'target busy: target scratch-busy is UPDATING, not IDLE: another restore or change is under way. Wait until it is IDLE, then run again'
      )
    ]
  },
  {
    name: 'target tagged environment=production',
    ...automatedOnto('scratch-prod'),
    says: () => [
      rule(
        'production target: target scratch-prod is tagged "environment=production": restoring would overwrite a production deployment. Pick another target, or set allowProductionTarget: true'
      )
    ]
  },
  {
    name: 'target tagged env=PROD',
    ...automatedOnto('scratch-prod2'),
    says: () => [rule('production target: target scratch-prod2 is tagged "env=PROD"')]
  },
  {
    name: 'target MongoDB too old',
    ...automatedOnto('scratch-old'),
    says: () => [
      rule(
        'MongoDB version: target scratch-old runs MongoDB 7.0.0, but the snapshot was taken from MongoDB 8.0.29: Atlas restores onto the same major version with an equal or higher minor, or onto the next major'
      )
    ]
  },
  {
    name: 'sharded snapshot onto a replica set',
    inputs: () => ({ clusterName: 'prod-sharded', ...onto('scratch') }),
    outputs: () => ({
      ...automatedOnto('scratch').outputs(),
      snapshotId: sharded
    }),
    says: () => [
      rule(
        'topology: the snapshot is of a sharded cluster, but target scratch is REPLICASET: a sharded backup needs a sharded target'
      )
    ]
  },
  {
    name: 'dedicated source onto a flex target',
    ...automatedOnto('scratch-flex'),
    says: () => [
      rule(
        "target kind: target scratch-flex is a flex deployment, but a dedicated cluster's snapshot can only be restored onto a dedicated cluster (M10+)"
      )
    ]
  },
  {
    name: 'point in time without continuous backup',
    ...pitOf('prod-nopit', () => Date.now() - HOUR),
    says: () => [
      rule(
        'continuous backup: the source does not have continuous cloud backup (pitEnabled is false), so it cannot be restored to a point in time'
      )
    ]
  },
  {
    name: 'point in time of a serverless instance without continuous backup',
    inputs: () => ({
      clusterName: 'sl-nopit',
      deliveryType: 'pointInTime',
      pointInTime: rfc3339(Date.now() - HOUR),
      ...onto('scratch-serverless')
    }),
    outputs: () => ({
      clusterKind: 'serverless',
      deliveryType: 'pointInTime',
      targetClusterName: 'scratch-serverless'
    }),
    says: () => [
      rule(
        'continuous backup: the source does not have continuous cloud backup (serverlessContinuousBackupEnabled is false), so it cannot be restored to a point in time'
      )
    ]
  },
  {
    name: 'flex snapshot onto a sharded cluster',
    inputs: () => ({ clusterName: 'prod-flex', ...onto('scratch-sharded') }),
    outputs: () => ({
      clusterKind: 'flex',
      deliveryType: 'automated',
      targetClusterName: 'scratch-sharded'
    }),
    says: () => [
      rule(
        'topology: target scratch-sharded is SHARDED: a flex snapshot cannot be restored onto a sharded cluster'
      )
    ]
  },
  {
    name: 'point in time in the future',
    ...pitOf('prod', () => Date.now() + HOUR),
    says: () => ['is in the future: pick a moment that has passed']
  },
  {
    name: 'point in time older than restoreWindowDays',
    ...pitOf('prod', () => Date.now() - 8 * DAY),
    says: () => [
      'is older than the restore window of 7 days (restoreWindowDays of the backup schedule): pick a moment after'
    ]
  }
]

describe.each([
  ['a real run', 'false'],
  ['a dry run', 'true']
])('preflight refusals in %s', (_, dryRun) => {
  it.each(refusals.map(r => [r.name, r]))('%s: fails before any POST', async (_name, entry) => {
    const refusal = entry as Refusal
    const r = await run({ ...refusal.inputs(), dryRun })
    expect(r.code).toBe(1)
    expect(world.posts()).toBe(0)
    const message = r.errors.join('\n')
    for (const text of refusal.says()) expect(message).toContain(text)
    expect(r.outputs).toMatchObject(refusal.outputs())
    expect(r.outputs.restoreJobId).toBeUndefined()
    expect(r.outputs.status).toBeUndefined()
    expect(r.summary).toContain('### ❌ ' + (dryRun === 'true' ? 'Dry run failed' : 'Preflight'))
  })
})

describe('server text in a refusal', () => {
  it('a stateName holding HTML and a newline is quoted in the log and escaped in the summary', async () => {
    world.sim.addDeployment({
      groupId: world.targetGroupId,
      name: 'scratch-odd',
      kind: 'dedicated',
      // Not a state Atlas knows: text a hostile or broken server might send.
      stateName: 'UPDATING<img src=x>\n::warning::injected' as never
    })
    const r = await run({ ...onto('scratch-odd'), dryRun: 'true' })
    expect(r.code).toBe(1)
    expect(r.errors.join('\n')).toContain(
      '- target busy: target scratch-odd is "UPDATING<img src=x> ::warning::injected", not IDLE'
    )
    expect(r.stdout.split('\n').filter(l => l.startsWith('::warning::injected'))).toEqual([])
    expect(r.summary).not.toContain('<img')
    expect(r.summary).toContain(
      '> - target busy: target scratch-odd is &#34;UPDATING&#60;img src=x&#62; ::warning::injected&#34;, not IDLE'
    )
  })
})

describe('what preflight lets through', () => {
  it('the moment of a future point in time is named exactly', async () => {
    const at = Math.floor(Date.now() / 1000) * 1000 + HOUR
    const r = await run({ ...pitOf('prod', () => at).inputs(), dryRun: 'true' })
    expect(r.errors.join('\n')).toContain(
      `- point in time: the point in time ${rfc3339(at)} is in the future: pick a moment that has passed`
    )
    expect(r.outputs.requestedPointInTime).toBe(rfc3339(at))
  })

  it.each(['scratch-prod', 'scratch-prod2'])(
    'allowProductionTarget: true lets a restore onto %s through',
    async name => {
      const r = await run({ ...onto(name), allowProductionTarget: 'true', dryRun: 'true' })
      expect(r.errors).toEqual([])
      expect(r.code).toBe(0)
      expect(r.stdout).toContain(
        `Preflight: target ${name} is dedicated, IDLE, MongoDB 8.0.29: checks passed.`
      )
    }
  )

  it('every reason is listed at once', async () => {
    world.sim.addDeployment({
      groupId: world.targetGroupId,
      name: 'scratch-worst',
      kind: 'dedicated',
      paused: true,
      mongoDBVersion: '7.0',
      tags: [{ key: 'Environment', value: 'Prod' }]
    })
    const r = await run(onto('scratch-worst'))
    expect(r.code).toBe(1)
    expect(world.posts()).toBe(0)
    const lines = r.errors.join('\n').split('\n')
    expect(lines[0]).toBe('Preflight found 3 reasons not to restore, so nothing was created:')
    expect(lines.slice(1).map(l => l.split(':')[0])).toEqual([
      '- target paused',
      '- production target',
      '- MongoDB version'
    ])
  })

  it('a flex snapshot onto a dedicated target passes (Atlas allows flex → dedicated)', async () => {
    const r = await run({ clusterName: 'prod-flex', ...onto('scratch'), dryRun: 'true' })
    expect(r.errors).toEqual([])
    expect(r.stdout).toContain(
      'Preflight: target scratch is dedicated, IDLE, MongoDB 8.0.29: checks passed.'
    )
  })

  it('the next major MongoDB version on the target is accepted, and Atlas agrees', async () => {
    const r = await run(onto('scratch-next'))
    expect(r.errors).toEqual([])
    expect(r.code).toBe(0)
    expect(r.outputs).toMatchObject({ status: 'completed', targetClusterName: 'scratch-next' })
    expect(world.posts()).toBe(1)
  })
})

describe('fallback snapshots', () => {
  it('latest skips a newer fallback snapshot and restores the older scheduled one', async () => {
    const r = await run({ clusterName: 'prod-fb', deliveryType: 'download' })
    expect(r.errors).toEqual([])
    expect(r.outputs).toMatchObject({
      status: 'completed',
      snapshotId: fallback.scheduled,
      snapshotType: 'scheduled'
    })
    const post = world.sim.requests.find(q => q.method === 'POST' && q.path.startsWith('/api'))!
    expect(post.body).toEqual({ deliveryType: 'download', snapshotId: fallback.scheduled })
  })

  it.each(['false', 'true'])(
    'a fallback snapshot given by ID is refused (dryRun %s)',
    async dryRun => {
      const r = await run({
        clusterName: 'prod-fb',
        deliveryType: 'download',
        snapshotId: fallback.fallback,
        dryRun
      })
      expect(r.code).toBe(1)
      expect(world.posts()).toBe(0)
      expect(r.errors.join('\n')).toContain(
        `snapshot ${fallback.fallback} of prod-fb is a fallback snapshot, which Atlas says "may contain inconsistent data" and keeps as a last resort. Pick another snapshotId, or set allowFallbackSnapshot: true`
      )
      expect(r.outputs.restoreJobId).toBeUndefined()
    }
  )

  it('a snapshot given by ID that is not completed is refused before any POST', async () => {
    const running = world.sim.addSnapshot({
      groupId: world.groupId,
      clusterName: 'prod-fb',
      status: 'inProgress'
    }).id
    const r = await run({ clusterName: 'prod-fb', deliveryType: 'download', snapshotId: running })
    expect(r.code).toBe(1)
    expect(world.posts()).toBe(0)
    expect(r.errors.join('\n')).toContain(
      `snapshot ${running} of prod-fb is not completed yet: only completed snapshots can be restored.`
    )
  })

  it('allowFallbackSnapshot: true accepts one given by ID', async () => {
    const r = await run({
      clusterName: 'prod-fb',
      deliveryType: 'download',
      snapshotId: fallback.fallback,
      allowFallbackSnapshot: 'true'
    })
    expect(r.errors).toEqual([])
    expect(r.outputs).toMatchObject({
      status: 'completed',
      snapshotId: fallback.fallback,
      snapshotType: 'fallback'
    })
    expect(world.posts()).toBe(1)
  })

  it('allowFallbackSnapshot: true lets latest pick the newer fallback one', async () => {
    const r = await run({
      clusterName: 'prod-fb',
      deliveryType: 'download',
      allowFallbackSnapshot: 'true',
      dryRun: 'true'
    })
    expect(r.code).toBe(0)
    expect(r.outputs).toMatchObject({ snapshotId: fallback.fallback, snapshotType: 'fallback' })
  })
})
