// Collection-level restores (2025-03-12): the create validated against the spec and Atlas's rules,
// namespace conflicts, suffixes, the lifecycle, the per-namespace states, and restored namespaces
// appearing on the target.

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startSimulator, type Simulator } from '../../simulator/index.js'
import { BearerClient, sleep, until, type Doc, type Reply } from './client.js'

const V = 'application/vnd.atlas.2025-03-12+json'
let sim: Simulator
let api: BearerClient
let groupId: string
let other: string
let snapshotId: string
const g = (rest: string, group = groupId) => `/api/atlas/v2/groups/${group}${rest}`

beforeAll(async () => {
  sim = await startSimulator({ restoreDurationMs: 400 })
  groupId = sim.addProject()
  other = sim.addProject()
  sim.addDeployment({
    groupId,
    name: 'prod',
    kind: 'dedicated',
    pitEnabled: true,
    namespaces: ['sales.orders', 'sales.customers', 'hr.people']
  })
  sim.addDeployment({
    groupId: other,
    name: 'scratch',
    kind: 'dedicated',
    namespaces: ['sales.orders']
  })
  sim.addDeployment({ groupId, name: 'fx', kind: 'flex' })
  sim.addDeployment({ groupId, name: 'sls', kind: 'serverless' })
  sim.addDeployment({ groupId, name: 'm2', kind: 'shared' })
  sim.addDeployment({ groupId: other, name: 'fx-target', kind: 'flex' })
  snapshotId = sim.addSnapshot({ groupId, clusterName: 'prod', ageMs: 2 * 3_600_000 }).id
  api = new BearerClient(sim)
})
afterAll(() => sim.close())

const base = () => ({
  indexStrategy: 'ALL',
  writeStrategy: 'CREATE_NEW',
  targetClusterName: 'scratch',
  targetGroupId: other
})
const create = (body: Record<string, unknown>, cluster = 'prod') =>
  api.call('POST', g(`/clusters/${cluster}/collectionRestoreJobs`), { accept: V, body })
function refused(r: Reply, status: number, errorCode: string) {
  expect({ status: r.status, errorCode: r.body.errorCode }).toEqual({ status, errorCode })
  expect(r.headers.get('x-error-code')).toBe(errorCode)
  expect(sim.collectionJobs()).toHaveLength(0)
}

describe('creating a collection restore job', () => {
  it('validated against the spec: required fields, unknown fields (pointInTimeUTCSeconds is the cluster API’s casing), enums, the version', async () => {
    const body = { ...base(), snapshotId, collections: [{ sourceNamespace: 'hr.people' }] }
    refused(await create({ ...body, indexStrategy: undefined }), 400, 'MISSING_ATTRIBUTE')
    refused(await create({ ...body, colour: 'red' }), 400, 'INVALID_ATTRIBUTE')
    refused(await create({ ...body, writeStrategy: 'MERGE' }), 400, 'INVALID_ATTRIBUTE')
    refused(await create({ ...body, pointInTimeUTCSeconds: 1 }), 400, 'INVALID_ATTRIBUTE')
    const oldVersion = await api.call('POST', g('/clusters/prod/collectionRestoreJobs'), {
      body,
      accept: 'application/vnd.atlas.2023-01-01+json'
    })
    expect(oldVersion.status).toBe(406)
  })

  it('a dedicated source only, one source (snapshot or point in time), namespaces of the right form', async () => {
    const body = { ...base(), snapshotId, collections: [{ sourceNamespace: 'hr.people' }] }
    refused(await create(body, 'fx'), 400, 'CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API')
    refused(await create(body, 'sls'), 400, 'CANNOT_USE_SERVERLESS_INSTANCE_IN_CLUSTER_API')
    refused(await create(body, 'm2'), 400, 'TENANT_CLUSTER_NOT_SUPPORTED')
    refused(await create(body, 'gone'), 404, 'CLUSTER_NOT_FOUND')
    const { snapshotId: _, ...noSource } = body
    void _
    refused(await create(noSource), 400, 'MISSING_ATTRIBUTE')
    refused(
      await create({ ...body, pointInTimeUtcSeconds: Math.floor(Date.now() / 1000) - 60 }),
      400,
      'INVALID_ATTRIBUTE'
    )
    refused(
      await create({ ...body, snapshotId: 'aaaaaaaaaaaaaaaaaaaaaaaa' }),
      404,
      'SNAPSHOT_NOT_FOUND'
    )
    refused(
      await create({ ...body, collections: [{ sourceNamespace: 'nodot' }] }),
      400,
      'INVALID_ATTRIBUTE'
    )
    refused(await create({ ...body, collections: [] }), 400, 'MISSING_ATTRIBUTE')
    refused(
      await create({ ...body, collections: [], databases: [{ sourceNamespace: 'a.b' }] }),
      400,
      'INVALID_ATTRIBUTE'
    )
  })

  it('the target must exist in the target project and be dedicated; point-in-time rules apply', async () => {
    const body = { ...base(), snapshotId, collections: [{ sourceNamespace: 'hr.people' }] }
    refused(await create({ ...body, targetClusterName: 'nope' }), 404, 'CLUSTER_NOT_FOUND')
    refused(await create({ ...body, targetGroupId: groupId }), 404, 'CLUSTER_NOT_FOUND')
    refused(
      await create({ ...body, targetClusterName: 'fx-target' }),
      400,
      'INVALID_RESTORE_TARGET'
    )
    const { snapshotId: _, ...pit } = body
    void _
    refused(
      await create({ ...pit, pointInTimeUtcSeconds: Math.floor(Date.now() / 1000) + 3600 }),
      400,
      'INVALID_PIT_RESTORE_TIME'
    )
  })

  it('CREATE_NEW onto an existing namespace is refused naming it; a suffix or OVERWRITE_EXISTING is not', async () => {
    const body = { ...base(), snapshotId, collections: [{ sourceNamespace: 'sales.orders' }] }
    const clash = await create(body)
    refused(clash, 409, 'TARGET_NAMESPACE_ALREADY_EXISTS')
    expect(clash.body.detail).toMatch(/sales\.orders/)
    expect(clash.body.parameters).toEqual(['sales.orders', 'scratch'])
    refused(
      await create({ ...body, collections: [], databases: [{ sourceNamespace: 'sales' }] }),
      409,
      'TARGET_NAMESPACE_ALREADY_EXISTS'
    )
    const suffixed = await create({ ...body, databaseSuffix: '_r', collectionSuffix: '_c' })
    expect(suffixed.status).toBe(201)
    expect(suffixed.headers.get('content-type')).toBe(`${V};charset=utf-8`)
    const overwrite = await create({ ...body, writeStrategy: 'OVERWRITE_EXISTING' })
    expect(overwrite.status).toBe(201)
    expect(sim.collectionJobs()).toHaveLength(2)
  })
})

describe('a collection restore job', () => {
  it('moves INITIALIZING → IN_PROGRESS → FINALIZING → SUCCESSFUL and adds its namespaces to the target', async () => {
    const created = await create({
      ...base(),
      pointInTimeUtcSeconds: Math.floor(Date.now() / 1000) - 60,
      databases: [{ sourceNamespace: 'sales', targetNamespace: 'sales2' }],
      collections: [{ sourceNamespace: 'hr.people' }, { sourceNamespace: 'hr.ghosts' }]
    })
    expect(created.status).toBe(201)
    expect(Object.keys(created.body)).toEqual([
      'collectionSuffix',
      'collections',
      'createdAt',
      'databaseSuffix',
      'databases',
      'id',
      'indexStatus',
      'indexStrategy',
      'pointInTimeUtcSeconds',
      'restoredDocuments',
      'state',
      'targetClusterName',
      'targetGroupId',
      'totalDocuments',
      'writeStrategy'
    ])
    expect(created.body).toMatchObject({
      state: 'INITIALIZING',
      collections: [
        { sourceNamespace: 'hr.people', targetNamespace: 'hr.people' },
        { sourceNamespace: 'hr.ghosts', targetNamespace: 'hr.ghosts' }
      ],
      databases: [{ sourceNamespace: 'sales', targetNamespace: 'sales2' }],
      collectionSuffix: '',
      indexStatus: { failedCollectionCount: 0, state: 'NOT_STARTED' }
    })
    const id = String(created.body.id)
    const path = g(`/clusters/prod/collectionRestoreJobs/${id}`)
    const early = await api.call('GET', `${path}/collections`, { accept: V })
    expect(early.body.results).toEqual([])
    const seen: string[] = []
    const done = await until(
      async () => {
        const r = await api.call('GET', path, { accept: V })
        if (r.body.state !== seen.at(-1)) seen.push(r.body.state as string)
        return r.body
      },
      b => b.state === 'SUCCESSFUL',
      3000
    )
    expect(seen[0]).toBe('INITIALIZING')
    expect(seen).toContain('IN_PROGRESS')
    expect(seen.at(-1)).toBe('SUCCESSFUL')
    expect(done).toMatchObject({
      finishedAt: expect.any(String),
      indexStatus: { state: 'SUCCESSFUL' }
    })
    expect(done.restoredDocuments).toBe(done.totalDocuments)

    const states = await api.call('GET', `${path}/collections?itemsPerPage=2`, { accept: V })
    expect(states.body.totalCount).toBe(4)
    expect((states.body.results as Doc[]).length).toBe(2)
    const all = await api.call('GET', `${path}/collections`, { accept: V })
    const byName = Object.fromEntries((all.body.results as Doc[]).map(s => [s.sourceNamespace, s]))
    expect(Object.keys(byName).sort()).toEqual([
      'hr.ghosts',
      'hr.people',
      'sales.customers',
      'sales.orders'
    ])
    expect(Object.keys(byName['hr.people'])).toEqual([
      'effectiveTargetNamespace',
      'indexStatus',
      'restoredDocuments',
      'sourceNamespace',
      'state',
      'targetNamespace',
      'totalDocuments'
    ])
    expect(byName['sales.orders']).toMatchObject({
      state: 'SUCCESSFUL',
      targetNamespace: 'sales2.orders',
      effectiveTargetNamespace: 'sales2.orders'
    })
    expect(byName['hr.ghosts']).toMatchObject({ state: 'NOT_FOUND', totalDocuments: 0 })
    const notFound = await api.call('GET', `${path}/collections?state=NOT_FOUND`, { accept: V })
    expect((notFound.body.results as Doc[]).map(s => s.sourceNamespace)).toEqual(['hr.ghosts'])
    const one = await api.call('GET', `${path}/collections/hr.people`, { accept: V })
    expect(one.body).toMatchObject({ sourceNamespace: 'hr.people', state: 'SUCCESSFUL' })
    const missing = await api.call('GET', `${path}/collections/hr.nothing`, { accept: V })
    expect(missing.status).toBe(404)
    expect(sim.deployment(other, 'scratch')!.namespaces).toEqual(
      new Set([
        'sales.orders',
        'sales_r.orders_c',
        'sales2.orders',
        'sales2.customers',
        'hr.people'
      ])
    )
    // Now hr.people exists on the target: CREATE_NEW refuses it.
    const again = await create({
      ...base(),
      snapshotId,
      collections: [{ sourceNamespace: 'hr.people' }]
    })
    expect(again.status).toBe(409)
  })

  it('lists, 404s, and the controls that end a job FAILED or CANCELED', async () => {
    sim.scriptNextCollectionJob({ outcome: 'FAILED', durationMs: 50 })
    const failed = await create({
      ...base(),
      snapshotId,
      writeStrategy: 'OVERWRITE_EXISTING',
      collections: [{ sourceNamespace: 'hr.people', targetNamespace: 'hr.failed' }]
    })
    const slow = await create({
      ...base(),
      snapshotId,
      writeStrategy: 'OVERWRITE_EXISTING',
      collections: [{ sourceNamespace: 'hr.people', targetNamespace: 'hr.cancelled' }]
    })
    sim.finishCollectionJob(String(slow.body.id), 'CANCELED')
    await sleep(80)
    const read = (id: unknown) =>
      api.call('GET', g(`/clusters/prod/collectionRestoreJobs/${String(id)}`), { accept: V })
    expect((await read(failed.body.id)).body).toMatchObject({
      state: 'FAILED',
      errorMessage: expect.any(String)
    })
    expect((await read(slow.body.id)).body).toMatchObject({ state: 'CANCELED' })
    const namespaces = sim.deployment(other, 'scratch')!.namespaces
    expect(namespaces.has('hr.failed') || namespaces.has('hr.cancelled')).toBe(false)
    const list = await api.call('GET', g('/clusters/prod/collectionRestoreJobs?itemsPerPage=2'), {
      accept: V
    })
    expect(list.body.totalCount).toBe(sim.collectionJobs().length)
    expect((list.body.results as Doc[]).length).toBe(2)
    const unknown = await read('aaaaaaaaaaaaaaaaaaaaaaaa')
    expect(unknown.status).toBe(404)
    expect(unknown.body.errorCode).toBe('COLLECTION_RESTORE_JOB_NOT_FOUND')
    expect(sim.collectionJobs({ clusterName: 'prod' }).length).toBe(sim.collectionJobs().length)
    expect(() => sim.finishCollectionJob('aaaaaaaaaaaaaaaaaaaaaaaa', 'FAILED')).toThrow()
  })
})
