// Collection-level restores through the bundle (DESIGN.md, "Collection-level restore"): the
// request Atlas gets, the namespaces it reports, failures, and the input rules checked before
// any call. Node 24 only (action.yml's runtime).

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { SimRequest } from '../../simulator/index.js'
import { runAction, runtimes, type ActionRun } from '../../scripts/runner.js'
import { HOUR, startWorld, type World } from '../helpers/world.js'

const runtime = runtimes().at(-1)!
const FAST = { pollInterval: '250ms', timeout: '30s' }
const SOURCE = 'prod-coll'
const HELD = ['sales.orders', 'sales.customers', 'hr.people', 'app.users', 'app.events']

let world: World
let snapshot: string

beforeAll(async () => {
  world = await startWorld()
  const { sim, groupId, targetGroupId } = world
  sim.addDeployment({
    groupId,
    name: SOURCE,
    kind: 'dedicated',
    pitEnabled: true,
    namespaces: HELD
  })
  snapshot = sim.addSnapshot({ groupId, clusterName: SOURCE, ageMs: 2 * HOUR }).id
  for (const name of ['coll-a', 'coll-b', 'coll-c', 'coll-d', 'coll-e'])
    sim.addDeployment({ groupId: targetGroupId, name, kind: 'dedicated' })
  for (const name of ['coll-taken', 'coll-taken2'])
    sim.addDeployment({
      groupId: targetGroupId,
      name,
      kind: 'dedicated',
      namespaces: ['sales.orders']
    })
})
afterAll(() => world.close())

const run = async (inputs: Record<string, string>): Promise<ActionRun> => {
  world.sim.resetLog()
  return runAction({
    runtime,
    inputs: { groupId: world.groupId, clusterName: SOURCE, ...world.apiKey, ...FAST, ...inputs }
  })
}
const onto = (name: string) => ({ targetGroupId: world.targetGroupId, targetClusterName: name })
const createPath = () =>
  `/api/atlas/v2/groups/${world.groupId}/clusters/${SOURCE}/collectionRestoreJobs`
function theCreate(): SimRequest {
  const posts = world.sim.requests.filter(q => q.method === 'POST' && q.path.startsWith('/api'))
  expect(posts).toHaveLength(1)
  return posts[0]
}
const apiRequests = () => world.sim.requests.filter(q => q.path.startsWith('/api'))
const namespacesOf = (r: ActionRun) =>
  (JSON.parse(r.outputs.restoredNamespaces) as { sourceNamespace: string }[]).sort((a, b) =>
    a.sourceNamespace.localeCompare(b.sourceNamespace)
  )
const restored = (pairs: [string, string][]) =>
  pairs
    .map(([sourceNamespace, targetNamespace]) => ({
      sourceNamespace,
      targetNamespace,
      status: 'SUCCESSFUL'
    }))
    .sort((a, b) => a.sourceNamespace.localeCompare(b.sourceNamespace))

describe('collection-level restores', () => {
  it('databases (comma form) from latest: the request, the namespaces, the outputs and the summary', async () => {
    const r = await run({ databases: 'sales, hr', ...onto('coll-a') })
    expect(r.errors).toEqual([])
    expect(r.code).toBe(0)
    const post = theCreate()
    expect(post.path).toBe(createPath())
    expect(post.accept).toBe('application/vnd.atlas.2025-03-12+json')
    expect(post.body).toEqual({
      snapshotId: snapshot,
      targetClusterName: 'coll-a',
      targetGroupId: world.targetGroupId,
      writeStrategy: 'CREATE_NEW',
      indexStrategy: 'ALL',
      databases: [{ sourceNamespace: 'sales' }, { sourceNamespace: 'hr' }]
    })
    expect(r.outputs).toMatchObject({
      status: 'completed',
      clusterKind: 'dedicated',
      deliveryType: 'automated',
      snapshotId: snapshot,
      targetGroupId: world.targetGroupId,
      targetClusterName: 'coll-a'
    })
    expect(r.outputs.restoreJobId).toBe(world.sim.collectionJobs().at(-1)!.id)
    expect(r.outputs.targetConnectionString).toMatch(/^mongodb\+srv:\/\/coll-a\./)
    const expected = restored([
      ['sales.orders', 'sales.orders'],
      ['sales.customers', 'sales.customers'],
      ['hr.people', 'hr.people']
    ])
    expect(namespacesOf(r)).toEqual(expected)
    expect(r.summary).toContain('(collection-level)')
    expect(r.summary).toContain('| Source namespace | Restored as | Status |\n|---|---|---|\n')
    expect(r.summary).toContain('| `hr.people` | `hr.people` | SUCCESSFUL |')
    expect(r.summary).toContain('| `sales.orders` | `sales.orders` | SUCCESSFUL |')
    expect([...world.sim.deployment(world.targetGroupId, 'coll-a')!.namespaces].sort()).toEqual([
      'hr.people',
      'sales.customers',
      'sales.orders'
    ])
  })

  it('databases (newline form)', async () => {
    const r = await run({ databases: 'sales\nhr\n', ...onto('coll-b') })
    expect(r.errors).toEqual([])
    expect(theCreate().body).toMatchObject({
      databases: [{ sourceNamespace: 'sales' }, { sourceNamespace: 'hr' }]
    })
    expect(namespacesOf(r).map(n => n.sourceNamespace)).toEqual([
      'hr.people',
      'sales.customers',
      'sales.orders'
    ])
  })

  it('collections from a point in time: pointInTimeUtcSeconds in the body, no snapshotId', async () => {
    const seconds = Math.floor(Date.now() / 1000) - 600
    const r = await run({
      collections: 'app.users,sales.orders',
      deliveryType: 'pointInTime',
      pointInTimeUTCSeconds: String(seconds),
      ...onto('coll-c')
    })
    expect(r.errors).toEqual([])
    const body = theCreate().body as Record<string, unknown>
    expect(body).toEqual({
      pointInTimeUtcSeconds: seconds,
      targetClusterName: 'coll-c',
      targetGroupId: world.targetGroupId,
      writeStrategy: 'CREATE_NEW',
      indexStrategy: 'ALL',
      collections: [{ sourceNamespace: 'app.users' }, { sourceNamespace: 'sales.orders' }]
    })
    expect(r.outputs).toMatchObject({
      status: 'completed',
      deliveryType: 'pointInTime',
      requestedPointInTime: new Date(seconds * 1000).toISOString().replace('.000Z', 'Z')
    })
    expect(r.outputs.snapshotId).toBeUndefined()
    expect(namespacesOf(r)).toEqual(
      restored([
        ['app.users', 'app.users'],
        ['sales.orders', 'sales.orders']
      ])
    )
  })

  it('writeStrategy OVERWRITE_EXISTING and indexStrategy NONE reach the body, and overwrite', async () => {
    const r = await run({
      collections: 'sales.orders',
      writeStrategy: 'OVERWRITE_EXISTING',
      indexStrategy: 'NONE',
      ...onto('coll-taken')
    })
    expect(r.errors).toEqual([])
    expect(theCreate().body).toMatchObject({
      writeStrategy: 'OVERWRITE_EXISTING',
      indexStrategy: 'NONE'
    })
    expect(r.outputs.status).toBe('completed')
  })

  it('databaseSuffix and collectionSuffix reach the body and the restored names', async () => {
    const r = await run({
      databases: 'hr',
      databaseSuffix: '_r',
      collectionSuffix: '_c',
      ...onto('coll-d')
    })
    expect(r.errors).toEqual([])
    expect(theCreate().body).toMatchObject({ databaseSuffix: '_r', collectionSuffix: '_c' })
    expect(namespacesOf(r)).toEqual(restored([['hr.people', 'hr_r.people_c']]))
    expect(r.summary).toContain('| `hr.people` | `hr_r.people_c` | SUCCESSFUL |')
    expect([...world.sim.deployment(world.targetGroupId, 'coll-d')!.namespaces]).toEqual([
      'hr_r.people_c'
    ])
  })

  it('CREATE_NEW onto a namespace the target already holds fails with Atlas’s error', async () => {
    const jobsBefore = world.sim.collectionJobs().length
    const r = await run({ collections: 'sales.orders', ...onto('coll-taken2') })
    expect(r.code).toBe(1)
    expect(r.errors.join('\n')).toContain(
      `Atlas answered 409 TARGET_NAMESPACE_ALREADY_EXISTS to POST ${createPath()}: Namespace sales.orders already exists on target cluster coll-taken2`
    )
    expect(world.sim.collectionJobs()).toHaveLength(jobsBefore)
    expect(r.outputs.restoreJobId).toBeUndefined()
    expect(r.outputs.status).toBeUndefined()
  })

  it('a job that ends FAILED fails the run with status failed and what Atlas said', async () => {
    world.sim.scriptNextCollectionJob({ outcome: 'FAILED', durationMs: 600 })
    const r = await run({ databases: 'app', ...onto('coll-e') })
    expect(r.code).toBe(1)
    expect(r.outputs.status).toBe('failed')
    const id = r.outputs.restoreJobId
    expect(id).toBe(world.sim.collectionJobs().at(-1)!.id)
    expect(r.errors.join('\n')).toContain(
      `Collection restore job ${id} ended failed. Atlas says: "The collection restore failed on the target.".`
    )
    expect(r.outputs.targetConnectionString).toBeUndefined()
    expect(r.summary).toContain('### ❌ Restore failed')
    // What Atlas reports per namespace is known by then: it is an output too.
    expect(namespacesOf(r)).toEqual([
      { sourceNamespace: 'app.events', targetNamespace: 'app.events', status: 'FAILED' },
      { sourceNamespace: 'app.users', targetNamespace: 'app.users', status: 'FAILED' }
    ])
    expect(r.summary).toContain('| `app.users` | `app.users` | FAILED |')
  })
})

describe('onto the source, and preflight', () => {
  it('CREATE_NEW onto the source itself needs no allowSourceOverwrite', async () => {
    const r = await run({
      databases: 'hr',
      databaseSuffix: '_copy',
      targetGroupId: world.groupId,
      targetClusterName: SOURCE
    })
    expect(r.errors).toEqual([])
    expect(namespacesOf(r)).toEqual(restored([['hr.people', 'hr_copy.people']]))
    expect([...world.sim.deployment(world.groupId, SOURCE)!.namespaces]).toContain('hr_copy.people')
  })

  it('OVERWRITE_EXISTING onto the source is an input error without allowSourceOverwrite', async () => {
    const r = await run({
      databases: 'hr',
      writeStrategy: 'OVERWRITE_EXISTING',
      targetGroupId: world.groupId,
      targetClusterName: SOURCE
    })
    expect(r.code).toBe(1)
    expect(r.errors.join('\n')).toContain(
      `- targetClusterName: "${SOURCE}" is the source cluster itself: a restore would overwrite its data. Set allowSourceOverwrite: true`
    )
    expect(world.sim.requests).toHaveLength(0)
  })

  it('preflight refuses a paused target before the POST', async () => {
    world.sim.addDeployment({
      groupId: world.targetGroupId,
      name: 'coll-paused',
      kind: 'dedicated',
      paused: true
    })
    const r = await run({ collections: 'app.users', ...onto('coll-paused') })
    expect(r.code).toBe(1)
    expect(r.errors.join('\n')).toContain('- target paused: target coll-paused is paused')
    expect(apiRequests().filter(q => q.method === 'POST')).toHaveLength(0)
  })
})

describe('refused before any request is sent', () => {
  it('a flex source, naming its kind, before any POST', async () => {
    const r = await run({ clusterName: 'prod-flex', databases: 'sales', ...onto('coll-a') })
    expect(r.code).toBe(1)
    expect(r.errors.join('\n')).toContain(
      '- databases: collection-level restores are for dedicated clusters only: prod-flex is a flex deployment'
    )
    expect(apiRequests().filter(q => q.method === 'POST')).toHaveLength(0)
    expect(r.outputs.clusterKind).toBe('flex')
  })

  it.each<[string, Record<string, string>, string[]]>([
    [
      'deliveryType download with databases',
      { databases: 'sales', deliveryType: 'download' },
      [
        '- deliveryType: download cannot be combined with databases or collections: a collection-level restore is automated or pointInTime'
      ]
    ],
    [
      'a $ in a collection name',
      { collections: 'sales.or$ders', ...{ targetClusterName: 'coll-a' } },
      [
        '- collections: "sales.or$ders" contains $ or NUL, which MongoDB forbids in collection names'
      ]
    ],
    [
      'a $ in a database name',
      { databases: 'sa$les', targetClusterName: 'coll-a' },
      [
        '- databases: "sa$les" contains a character MongoDB forbids in database names (/\\. "$*<>:|? or NUL)'
      ]
    ],
    [
      'empty parts',
      { collections: 'sales.,.orders', targetClusterName: 'coll-a' },
      [
        '- collections: "sales." has an empty collection name',
        '- collections: ".orders" has an empty database name'
      ]
    ],
    [
      'more than 100 entries',
      {
        databases: Array.from({ length: 101 }, (_, i) => `db${i}`).join(','),
        targetClusterName: 'coll-a'
      },
      ['- databases: lists 101 entries: Atlas restores at most 100 per job']
    ]
  ])(
    '%s is an input error naming the input and the entry, with 0 HTTP requests',
    async (_, inputs, says) => {
      const r = await run(inputs)
      expect(r.code).toBe(1)
      const message = r.errors.join('\n')
      for (const line of says) expect(message).toContain(line)
      expect(message).toMatch(
        says.length === 1
          ? /^An input is invalid:\n/
          : new RegExp(`^${says.length} inputs are invalid:\n`)
      )
      expect(world.sim.requests).toHaveLength(0)
      expect(r.summary).toContain('### ❌ Inputs invalid: nothing was sent')
    }
  )
})

describe('watching a collection restore job by restoreJobId alone', () => {
  it('finds it through the collection restore API when the cluster restore API does not know it', async () => {
    const started = await run({ databases: 'app', ...onto('coll-e'), waitForCompletion: 'false' })
    expect(started.errors).toEqual([])
    const jobId = started.outputs.restoreJobId
    const watched = await run({ restoreJobId: jobId })
    expect(watched.errors).toEqual([])
    expect(watched.outputs).toMatchObject({ restoreJobId: jobId, status: 'completed' })
    expect(namespacesOf(watched).map(n => n.sourceNamespace)).toEqual(['app.events', 'app.users'])
    expect(watched.stdout).toMatch(/Watching existing collection restore job /)
    expect(
      apiRequests().some(
        q => q.path.endsWith(`/collectionRestoreJobs/${jobId}`) && q.status === 200
      )
    ).toBe(true)
  })
})
