// The simulator refuses what the spec (and Atlas) refuses: unknown paths and methods, bad path
// parameters, unknown projects, missing or wrong versions, bodies in another media type, bodies
// that break the schema, and creates that break Atlas's own rules.

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startSimulator, type Simulator } from '../../simulator/index.js'
import { loadRoutes } from '../../simulator/spec.js'
import { BearerClient, V2023, V2023_02, V2024, VFLEX, type Reply } from './client.js'

let sim: Simulator
let api: BearerClient
let groupId: string
let other: string
let snapshotId: string
let running: string
let flexSnapshot: string
const g = (rest: string, group = groupId) => `/api/atlas/v2/groups/${group}${rest}`

beforeAll(async () => {
  sim = await startSimulator({ restoreDurationMs: 60_000, concurrencyRules: false })
  groupId = sim.addProject()
  other = sim.addProject()
  sim.addDeployment({ groupId, name: 'prod', kind: 'dedicated', pitEnabled: true })
  sim.addDeployment({ groupId, name: 'nopit', kind: 'dedicated' })
  sim.addDeployment({ groupId: other, name: 'scratch', kind: 'dedicated' })
  sim.addDeployment({ groupId, name: 'fx', kind: 'flex' })
  sim.addDeployment({ groupId: other, name: 'fx-target', kind: 'flex' })
  sim.addDeployment({ groupId, name: 'm2', kind: 'shared' })
  sim.addDeployment({ groupId, name: 'm5', kind: 'shared', instanceSize: 'M5' })
  sim.addDeployment({ groupId, name: 'free', kind: 'free' })
  sim.addDeployment({ groupId, name: 'sls', kind: 'serverless' })
  snapshotId = sim.addSnapshot({ groupId, clusterName: 'prod', ageMs: 7_200_000 }).id
  running = sim.addSnapshot({ groupId, clusterName: 'prod', status: 'inProgress' }).id
  sim.addSnapshot({ groupId, clusterName: 'nopit' })
  flexSnapshot = sim.addSnapshot({ groupId, clusterName: 'fx' }).id
  api = new BearerClient(sim)
})
afterAll(() => sim.close())

function expectApiError(r: Reply, status: number, errorCode: string) {
  expect({ status: r.status, errorCode: r.body.errorCode }).toEqual({ status, errorCode })
  expect(r.headers.get('content-type')).toBe('application/json')
  expect(r.headers.get('x-error-code')).toBe(errorCode)
  expect(Object.keys(r.body)).toEqual(['detail', 'error', 'errorCode', 'parameters', 'reason'])
  expect(r.body.error).toBe(status)
}
const create = (body: unknown, cluster = 'prod') =>
  api.call('POST', g(`/clusters/${cluster}/backup/restoreJobs`), { body })

describe('routing', () => {
  it('routes every operation of both spec files', () => {
    const routes = loadRoutes()
    // 35 operations in restore-subset.json (the 5 collection-restore and 3 schedule ones
    // included) and 6 in tenant-subset.json, each with its own operationId.
    expect(routes).toHaveLength(41)
    expect(new Set(routes.map(r => r.operationId)).size).toBe(41)
  })

  it('404 RESOURCE_NOT_FOUND for a path the spec lacks, without rate-limit headers', async () => {
    const r = await api.call('GET', g('/clusters/prod/backup/exports'))
    expectApiError(r, 404, 'RESOURCE_NOT_FOUND')
    expect(r.headers.get('ratelimit-limit')).toBeNull()
    expectApiError(await api.call('GET', '/api/atlas/v2/orgs'), 404, 'RESOURCE_NOT_FOUND')
  })

  it('405 for a method the spec does not list for the path, with Allow', async () => {
    const r = await api.call('DELETE', g(`/flexClusters/fx/backup/restoreJobs/${snapshotId}`), {
      accept: VFLEX
    })
    expectApiError(r, 405, 'METHOD_NOT_ALLOWED')
    expect(r.headers.get('allow')).toBe('GET')
    expectApiError(
      await api.call('DELETE', g(`/serverless/sls/backup/restoreJobs/${snapshotId}`)),
      405,
      'METHOD_NOT_ALLOWED'
    )
  })

  it('400 for path parameters that break their patterns', async () => {
    expectApiError(
      await api.call('GET', '/api/atlas/v2/groups/XYZ/clusters/prod'),
      400,
      'INVALID_GROUP_ID'
    )
    expectApiError(
      await api.call('GET', g('/clusters/bad_name/backup/snapshots')),
      400,
      'INVALID_PATH_PARAMETER'
    )
    expectApiError(
      await api.call('GET', g('/clusters/prod/backup/restoreJobs/not-an-id')),
      400,
      'INVALID_PATH_PARAMETER'
    )
  })

  it('404 GROUP_NOT_FOUND for an unknown project, recorded shape, no rate-limit headers', async () => {
    const r = await api.call('GET', g('/clusters/prod', '111111111111111111111111'), {
      accept: V2024
    })
    expectApiError(r, 404, 'GROUP_NOT_FOUND')
    expect(r.body).toEqual({
      detail: 'No group with ID 111111111111111111111111 exists.',
      error: 404,
      errorCode: 'GROUP_NOT_FOUND',
      parameters: ['111111111111111111111111'],
      reason: 'Not Found'
    })
    expect(r.headers.get('ratelimit-limit')).toBeNull()
  })
})

describe('media types', () => {
  it('406 when Accept is missing or not versioned, INVALID_VERSION_DATE when the version is wrong', async () => {
    const path = g('/clusters/prod/backup/snapshots')
    expectApiError(await api.call('GET', path, { accept: null }), 406, 'NOT_ACCEPTABLE')
    expectApiError(
      await api.call('GET', path, { accept: 'application/json' }),
      406,
      'NOT_ACCEPTABLE'
    )
    const wrong = await api.call('GET', path, { accept: VFLEX })
    expectApiError(wrong, 406, 'INVALID_VERSION_DATE')
    expect(wrong.headers.get('ratelimit-limit')).toBe('1200')
    expectApiError(
      await api.call('GET', g('/flexClusters/fx/backup/snapshots'), { accept: V2023 }),
      406,
      'INVALID_VERSION_DATE'
    )
  })

  it('serves each version GET /clusters/{name} lists, in its shape, with the versioned Content-Type', async () => {
    const legacy = await api.call('GET', g('/clusters/prod'), { accept: V2023 })
    expect(legacy.status).toBe(200)
    expect(legacy.headers.get('content-type')).toBe(`${V2023};charset=utf-8`)
    expect(legacy.body.providerSettings).toMatchObject({
      providerName: 'AWS',
      instanceSizeName: 'M10'
    })
    expect(legacy.headers.get('sunset')).toBe('Thu, 1 Jul 2027 00:00:00 GMT')
    expect(legacy.headers.get('deprecation')).toBe('Wed, 1 Feb 2023 00:00:00 GMT')
    const advanced = await api.call('GET', g('/clusters/prod'), { accept: V2023_02 })
    expect(advanced.headers.get('content-type')).toBe(`${V2023_02};charset=utf-8`)
    expect(advanced.headers.get('deprecation')).toBe('Mon, 5 Aug 2024 00:00:00 GMT')
    expect((advanced.body.replicationSpecs as Record<string, unknown>[])[0]).toHaveProperty(
      'numShards',
      1
    )
    expect(advanced.body).not.toHaveProperty('providerSettings')
    const current = await api.call('GET', g('/clusters/prod'), {
      accept: `${V2024}, application/json;q=0.5`
    })
    expect(current.headers.get('content-type')).toBe(`${V2024};charset=utf-8`)
    expect(current.headers.get('sunset')).toBeNull()
    expect(current.headers.get('ratelimit-limit')).toBe('10000')
    expect(current.body).toMatchObject({ adaptiveCapacity: null })
    expect(current.body).toHaveProperty('effectiveReplicationSpecs')
    const region = (
      current.body.replicationSpecs as { regionConfigs: Record<string, unknown>[] }[]
    )[0].regionConfigs[0]
    expect(region).toMatchObject({ providerName: 'AWS', electableSpecs: { instanceSize: 'M10' } })
    const cs = current.body.connectionStrings as Record<string, string>
    expect(Object.keys(cs)).toEqual(['standard', 'standardSrv'])
    expect(cs.standardSrv).toMatch(/^mongodb\+srv:\/\/prod\.[a-z0-9]{6}\.mongodb\.example\.net$/)
    expect(cs.standard).toMatch(/replicaSet=atlas-[a-z0-9]{6}-shard-0$/)
  })

  it('415 for a body in a media type the operation does not list', async () => {
    for (const contentType of ['application/json', VFLEX, '']) {
      const r = await api.call('POST', g('/clusters/prod/backup/restoreJobs'), {
        body: { deliveryType: 'download', snapshotId },
        contentType
      })
      expectApiError(r, 415, 'UNSUPPORTED_MEDIA_TYPE')
    }
    const charset = await api.call('POST', g('/clusters/prod/backup/restoreJobs'), {
      body: { deliveryType: 'download', snapshotId },
      contentType: `${V2023}; charset=utf-8`
    })
    expect(charset.status).toBe(200)
  })
})

describe('request bodies against the spec schema', () => {
  it.each([
    [
      'an unknown field',
      { deliveryType: 'download', snapshotId, colour: 'blue' },
      'INVALID_ATTRIBUTE',
      'colour'
    ],
    [
      'a readOnly field',
      { deliveryType: 'download', snapshotId, cancelled: false },
      'INVALID_ATTRIBUTE',
      'cancelled'
    ],
    [
      'a readOnly object (desiredTimestamp)',
      { deliveryType: 'download', snapshotId, desiredTimestamp: {} },
      'INVALID_ATTRIBUTE',
      'desiredTimestamp'
    ],
    [
      'a value outside the enum',
      { deliveryType: 'copy', snapshotId },
      'INVALID_ATTRIBUTE',
      'deliveryType'
    ],
    [
      'a bad pattern',
      { deliveryType: 'download', snapshotId: 'XYZ' },
      'INVALID_ATTRIBUTE',
      'snapshotId'
    ],
    [
      'a wrong type',
      { deliveryType: 'download', snapshotId: 42 },
      'INVALID_ATTRIBUTE',
      'snapshotId'
    ],
    ['a missing required field', { snapshotId }, 'MISSING_ATTRIBUTE', 'deliveryType'],
    [
      'a number below the minimum',
      {
        deliveryType: 'pointInTime',
        pointInTimeUTCSeconds: 5,
        targetClusterName: 'scratch',
        targetGroupId: '6a794320c0eb9e7a17728a63'
      },
      'INVALID_ATTRIBUTE',
      'pointInTimeUTCSeconds'
    ],
    [
      'an int32 overflow',
      {
        deliveryType: 'pointInTime',
        pointInTimeUTCSeconds: 4294967296,
        targetClusterName: 'scratch',
        targetGroupId: '6a794320c0eb9e7a17728a63'
      },
      'INVALID_ATTRIBUTE',
      'pointInTimeUTCSeconds'
    ],
    [
      'a non-integer',
      { deliveryType: 'pointInTime', oplogTs: 1795143600.5, oplogInc: 1 },
      'INVALID_ATTRIBUTE',
      'oplogTs'
    ],
    ['an array body', [], 'INVALID_ATTRIBUTE', 'body']
  ])('400 for %s, naming the field', async (_, body, errorCode, field) => {
    const r = await create(body)
    expectApiError(r, 400, errorCode)
    expect(String(r.body.detail)).toContain(field)
    expect(r.headers.get('ratelimit-remaining')).not.toBeNull()
  })

  it('400 INVALID_JSON for a body that is not JSON', async () => {
    const res = await fetch(sim.url + g('/clusters/prod/backup/restoreJobs'), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${api.access!}`,
        accept: V2023,
        'content-type': V2023
      },
      body: '{"deliveryType":'
    })
    expect(res.status).toBe(400)
    expect(res.headers.get('x-error-code')).toBe('INVALID_JSON')
  })

  it('checks flex bodies: writeOnly fields pass, readOnly fail, \\p{L} patterns are Unicode', async () => {
    sim.addDeployment({ groupId: other, name: 'données-1'.replace('é', 'e'), kind: 'flex' })
    const path = g('/flexClusters/fx/backup/restoreJobs')
    const readOnly = await api.call('POST', path, {
      accept: VFLEX,
      body: {
        snapshotId: flexSnapshot,
        targetDeploymentItemName: 'fx-target',
        targetProjectId: other,
        status: 'PENDING'
      }
    })
    expectApiError(readOnly, 400, 'INVALID_ATTRIBUTE')
    expect(readOnly.body.detail).toMatch(/status.*read-only/)
    // A Unicode letter passes the pattern, then Atlas looks for the target.
    const unicode = await api.call('POST', path, {
      accept: VFLEX,
      body: {
        snapshotId: flexSnapshot,
        targetDeploymentItemName: 'données-1',
        targetProjectId: other
      }
    })
    expectApiError(unicode, 404, 'CLUSTER_NOT_FOUND')
    const slash = await api.call('POST', path, {
      accept: VFLEX,
      body: { snapshotId: flexSnapshot, targetDeploymentItemName: 'a/b', targetProjectId: other }
    })
    expectApiError(slash, 400, 'INVALID_ATTRIBUTE')
    expect(slash.body.detail).toContain('targetDeploymentItemName')
    expectApiError(
      await api.call('POST', g('/flexClusters/fx/backup/download'), {
        accept: VFLEX,
        body: { snapshotId: flexSnapshot, targetProjectId: other }
      }),
      400,
      'INVALID_ATTRIBUTE'
    )
    expectApiError(
      await api.call('POST', g('/flexClusters/fx/backup/download'), { accept: VFLEX, body: {} }),
      400,
      'MISSING_ATTRIBUTE'
    )
  })

  it('checks polymorphic bodies (discriminator on providerName) without refusing valid ones', async () => {
    const patch = (body: unknown) => api.call('PATCH', g('/clusters/prod'), { accept: V2024, body })
    const valid = await patch({
      replicationSpecs: [
        {
          zoneName: 'Zone 1',
          regionConfigs: [
            {
              providerName: 'AWS',
              regionName: 'US_EAST_1',
              priority: 7,
              electableSpecs: { instanceSize: 'M10', nodeCount: 3, diskSizeGB: 30 },
              autoScaling: { compute: { enabled: false } }
            }
          ]
        }
      ],
      pitEnabled: true
    })
    expect(valid.body).toMatchObject({ name: 'prod' })
    expect(valid.status).toBe(200)
    const tenantField = await patch({
      replicationSpecs: [
        {
          regionConfigs: [
            { providerName: 'AWS', regionName: 'US_EAST_1', backingProviderName: 'AWS' }
          ]
        }
      ]
    })
    expectApiError(tenantField, 400, 'INVALID_ATTRIBUTE')
    expect(tenantField.body.detail).toContain('backingProviderName')
    const unknown = await patch({
      replicationSpecs: [{ regionConfigs: [{ providerName: 'AWS', flavour: 'x' }] }]
    })
    expectApiError(unknown, 400, 'INVALID_ATTRIBUTE')
    expect(unknown.body.detail).toContain('flavour')
    const readOnly = await patch({ stateName: 'IDLE' })
    expectApiError(readOnly, 400, 'INVALID_ATTRIBUTE')
    expect(readOnly.body.detail).toMatch(/stateName.*read-only/)
  })
})

describe('query parameters', () => {
  it.each([
    ['itemsPerPage=0'],
    ['itemsPerPage=501'],
    ['pageNum=0'],
    ['pageNum=two'],
    ['includeCount=yes']
  ])('400 INVALID_QUERY_PARAMETER for %s', async query => {
    expectApiError(
      await api.call('GET', g(`/clusters/prod/backup/snapshots?${query}`)),
      400,
      'INVALID_QUERY_PARAMETER'
    )
  })

  it('envelope=true wraps the answer with its status; pretty=true indents it', async () => {
    const one = await api.call(
      'GET',
      g(`/clusters/prod/backup/snapshots/${snapshotId}?envelope=true`)
    )
    expect(one.status).toBe(200)
    expect(one.body).toMatchObject({ status: 200, content: { id: snapshotId } })
    const list = await api.call('GET', g('/clusters/prod/backup/snapshots?envelope=true'))
    expect(list.body).toMatchObject({ status: 200, totalCount: expect.any(Number) })
    const pretty = await api.call(
      'GET',
      g(`/clusters/prod/backup/snapshots/${snapshotId}?pretty=true`)
    )
    expect(pretty.text).toMatch(/^\{\n {2}"/)
  })
})

describe("Atlas's rules for creating restore jobs", () => {
  it('the snapshot must exist for that cluster; Atlas restores one that is not completed', async () => {
    expectApiError(
      await create({ deliveryType: 'download', snapshotId: 'aaaaaaaaaaaaaaaaaaaaaaaa' }),
      404,
      'SNAPSHOT_NOT_FOUND'
    )
    expectApiError(
      await create({ deliveryType: 'download', snapshotId }, 'nopit'),
      404,
      'SNAPSHOT_NOT_FOUND'
    )
    const notCompleted = await create({ deliveryType: 'download', snapshotId: running })
    expect(notCompleted.status).toBe(200)
    expectApiError(await create({ deliveryType: 'download' }), 400, 'MISSING_ATTRIBUTE')
  })

  it('automated needs targetClusterName and targetGroupId, and the target must exist', async () => {
    expectApiError(
      await create({ deliveryType: 'automated', snapshotId }),
      400,
      'MISSING_ATTRIBUTE'
    )
    expectApiError(
      await create({ deliveryType: 'automated', snapshotId, targetClusterName: 'scratch' }),
      400,
      'MISSING_ATTRIBUTE'
    )
    expectApiError(
      await create({
        deliveryType: 'automated',
        snapshotId,
        targetClusterName: 'nope',
        targetGroupId: other
      }),
      404,
      'CLUSTER_NOT_FOUND'
    )
    expectApiError(
      await create({
        deliveryType: 'automated',
        snapshotId,
        targetClusterName: 'scratch',
        targetGroupId: 'abcdefabcdefabcdefabcdef'
      }),
      404,
      'GROUP_NOT_FOUND'
    )
    expectApiError(
      await create({
        deliveryType: 'automated',
        snapshotId,
        targetClusterName: 'fx-target',
        targetGroupId: other
      }),
      400,
      'INVALID_RESTORE_TARGET'
    )
  })

  it('a download carries no target and no point in time', async () => {
    expectApiError(
      await create({
        deliveryType: 'download',
        snapshotId,
        targetClusterName: 'scratch',
        targetGroupId: other
      }),
      400,
      'INVALID_ATTRIBUTE'
    )
    expectApiError(
      await create({ deliveryType: 'download', snapshotId, pointInTimeUTCSeconds: 1795143600 }),
      400,
      'INVALID_ATTRIBUTE'
    )
  })

  it('pointInTime: no snapshotId, exactly one form, continuous backup on, not in the future', async () => {
    const onto = { targetClusterName: 'scratch', targetGroupId: other }
    const past = Math.floor(Date.now() / 1000) - 600
    const pit = (extra: Record<string, unknown>, cluster = 'prod') =>
      create({ deliveryType: 'pointInTime', ...onto, ...extra }, cluster)
    expectApiError(await pit({ snapshotId, pointInTimeUTCSeconds: past }), 400, 'INVALID_ATTRIBUTE')
    expectApiError(await pit({}), 400, 'MISSING_ATTRIBUTE')
    expectApiError(
      await pit({ pointInTimeUTCSeconds: past, oplogTs: past, oplogInc: 1 }),
      400,
      'INVALID_ATTRIBUTE'
    )
    expectApiError(await pit({ oplogTs: past }), 400, 'MISSING_ATTRIBUTE')
    expectApiError(await pit({ oplogInc: 1 }), 400, 'MISSING_ATTRIBUTE')
    expectApiError(
      await pit({ pointInTimeUTCSeconds: past }, 'nopit'),
      400,
      'CLUSTER_PIT_NOT_ENABLED'
    )
    expectApiError(
      await pit({ pointInTimeUTCSeconds: past + 3600 }),
      400,
      'INVALID_PIT_RESTORE_TIME'
    )
    expect(sim.jobs().filter(j => j.deliveryType === 'pointInTime')).toHaveLength(0)
    const ok = await pit({ pointInTimeUTCSeconds: past })
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({
      deliveryType: 'pointInTime',
      pointInTimeUTCSeconds: past,
      snapshotId
    })
    const oplog = await pit({ oplogTs: past, oplogInc: 3 })
    expect(oplog.body).toMatchObject({
      oplogTs: past,
      oplogInc: 3,
      desiredTimestamp: { increment: 3, time: past }
    })
  })

  it('an automated or point-in-time restore onto the source itself is allowed', async () => {
    const r = await create({
      deliveryType: 'automated',
      snapshotId,
      targetClusterName: 'prod',
      targetGroupId: groupId
    })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ targetClusterName: 'prod', targetGroupId: groupId })
  })

  it('flex: targetDeploymentItemName and targetProjectId are both needed', async () => {
    const path = g('/flexClusters/fx/backup/restoreJobs')
    expectApiError(
      await api.call('POST', path, {
        accept: VFLEX,
        body: { snapshotId: flexSnapshot, targetProjectId: other }
      }),
      400,
      'MISSING_ATTRIBUTE'
    )
    const noProject = await api.call('POST', path, {
      accept: VFLEX,
      body: { snapshotId: flexSnapshot, targetDeploymentItemName: 'fx-target' }
    })
    expectApiError(noProject, 400, 'MISSING_ATTRIBUTE')
    expect(noProject.body).toMatchObject({
      detail: 'The required attribute targetProjectId was not specified.',
      parameters: ['targetProjectId']
    })
  })

  it('tenant restore and download bodies follow TenantRestore (target required)', async () => {
    const snap = sim.addSnapshot({ groupId, clusterName: 'm2' }).id
    expectApiError(
      await api.call('POST', g('/clusters/m2/backup/tenant/download'), {
        body: { snapshotId: snap }
      }),
      400,
      'MISSING_ATTRIBUTE'
    )
    expectApiError(
      await api.call('POST', g('/clusters/m2/backup/tenant/restore'), {
        body: {
          snapshotId: snap,
          targetDeploymentItemName: 'm5',
          targetProjectId: groupId,
          deliveryType: 'RESTORE'
        }
      }),
      400,
      'INVALID_ATTRIBUTE'
    )
    const ok = await api.call('POST', g('/clusters/m2/backup/tenant/restore'), {
      body: { snapshotId: snap, targetDeploymentItemName: 'm5', targetProjectId: groupId }
    })
    expect(ok.status).toBe(200)
  })
})

describe('kinds: what each API answers for a deployment of another kind', () => {
  const cases: [string, string, string, number, string | undefined][] = [
    ['GET', '/clusters/fx', V2024, 400, 'CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API'],
    ['GET', '/clusters/fx', V2023_02, 400, 'CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API'],
    ['GET', '/clusters/sls', V2024, 400, 'CANNOT_USE_SERVERLESS_INSTANCE_IN_CLUSTER_API'],
    ['GET', '/clusters/nothing', V2024, 404, 'CLUSTER_NOT_FOUND'],
    ['GET', '/flexClusters/prod', VFLEX, 400, 'CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API'],
    [
      'GET',
      '/flexClusters/prod/backup/snapshots',
      VFLEX,
      400,
      'CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API'
    ],
    [
      'GET',
      '/flexClusters/m2/backup/restoreJobs',
      VFLEX,
      400,
      'CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API'
    ],
    ['GET', '/flexClusters/nothing', VFLEX, 404, 'CLUSTER_NOT_FOUND'],
    ['GET', '/serverless/prod', V2023, 404, 'SERVERLESS_INSTANCE_NOT_FOUND'],
    ['GET', '/serverless/fx/backup/snapshots', V2023, 404, 'SERVERLESS_INSTANCE_NOT_FOUND'],
    ['GET', '/serverless/nothing', V2023, 404, 'SERVERLESS_INSTANCE_NOT_FOUND'],
    ['GET', '/clusters/m2/backup/snapshots', V2023, 400, 'TENANT_CLUSTER_NOT_SUPPORTED'],
    ['GET', '/clusters/prod/backup/tenant/snapshots', V2023, 400, 'NOT_TENANT_CLUSTER'],
    ['GET', '/clusters/free/backup/snapshots', V2023, 400, 'CLUSTER_DOES_NOT_SUPPORT_BACKUP'],
    [
      'GET',
      '/clusters/free/backup/tenant/snapshots',
      V2023,
      400,
      'CLUSTER_DOES_NOT_SUPPORT_BACKUP'
    ],
    ['GET', '/clusters/fx/backup/restoreJobs', V2023, 400, 'CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API']
  ]
  it.each(cases)('%s %s (%s) → %i %s', async (method, path, accept, status, errorCode) => {
    expectApiError(await api.call(method, g(path), { accept }), status, errorCode!)
  })

  it('the recorded error bodies, word for word', async () => {
    expect((await api.call('GET', g('/clusters/fx'), { accept: V2024 })).body).toEqual({
      detail: 'Flex cluster fx cannot be used in the Cluster API.',
      error: 400,
      errorCode: 'CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API',
      parameters: ['fx'],
      reason: 'Bad Request'
    })
    expect((await api.call('GET', g('/flexClusters/prod'), { accept: VFLEX })).body).toEqual({
      detail: 'Cannot use non-flex cluster prod in the flex API.',
      error: 400,
      errorCode: 'CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API',
      parameters: ['prod'],
      reason: 'Bad Request'
    })
    expect((await api.call('GET', g('/clusters/gone'), { accept: V2024 })).body).toEqual({
      detail: `No cluster named gone exists in group ${groupId}.`,
      error: 404,
      errorCode: 'CLUSTER_NOT_FOUND',
      parameters: ['gone', groupId],
      reason: 'Not Found'
    })
  })

  it('shared and free clusters answer the cluster API as TENANT (M2/M5, M0 without backup)', async () => {
    for (const [name, size, backup] of [
      ['m2', 'M2', true],
      ['m5', 'M5', true],
      ['free', 'M0', false]
    ] as const) {
      for (const accept of [V2024, V2023_02]) {
        const r = await api.call('GET', g(`/clusters/${name}`), { accept })
        expect(r.status).toBe(200)
        const region = (
          r.body.replicationSpecs as { regionConfigs: Record<string, unknown>[] }[]
        )[0].regionConfigs[0]
        expect(region).toMatchObject({
          providerName: 'TENANT',
          backingProviderName: 'AWS',
          electableSpecs: { instanceSize: size, effectiveInstanceSize: size }
        })
        expect(r.body).toMatchObject({ backupEnabled: backup })
      }
      const legacy = await api.call('GET', g(`/clusters/${name}`), { accept: V2023 })
      expect(legacy.body.providerSettings).toMatchObject({
        providerName: 'TENANT',
        instanceSizeName: size
      })
    }
    const free = await api.call('GET', g('/clusters/free'), { accept: V2024 })
    expect(free.body).toMatchObject({ backupEnabled: false, pitEnabled: false })
    expect((free.body.connectionStrings as Record<string, string>).standard).toMatch(
      /^mongodb:\/\/ac-/
    )
  })

  it('flex and serverless documents: flex as recorded, serverless with only standardSrv', async () => {
    const flex = await api.call('GET', g('/flexClusters/fx'), { accept: VFLEX })
    expect(flex.headers.get('content-type')).toBe(`${VFLEX};charset=utf-8`)
    expect(flex.body).toMatchObject({
      name: 'fx',
      stateName: 'IDLE',
      providerSettings: { providerName: 'FLEX', backingProviderName: 'AWS' }
    })
    expect(flex.body).not.toHaveProperty('links')
    const sls = await api.call('GET', g('/serverless/sls'))
    expect(sls.status).toBe(200)
    expect(Object.keys(sls.body.connectionStrings as object)).toEqual(['standardSrv'])
    expect(sls.body.providerSettings).toMatchObject({ providerName: 'SERVERLESS' })
  })
})
