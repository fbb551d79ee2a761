// Tests written to kill the mutants that survived in src/kinds/collections.ts (CONTRIBUTING.md,
// Mutation testing): the create body, the job and namespace readers, the calls.

import { describe, expect, it } from '@jest/globals'
import {
  collectionRestoreBody,
  collectionRestores,
  parseCollectionJob
} from '../../src/kinds/collections.js'
import type { CreatePlan } from '../../src/kinds/adapter.js'
import { operations } from '../../src/atlas/operations.js'

const ID = '6a794733c1a2b3c4d5e6f708'
const source = { groupId: 'p1', clusterName: 'prod' }
const target = { groupId: 'p2', clusterName: 'scratch' }
const scope = (over: Partial<NonNullable<CreatePlan['namespaces']>> = {}) => ({
  databases: [] as string[],
  collections: [] as string[],
  writeStrategy: 'CREATE_NEW' as const,
  indexStrategy: 'REBUILD' as const,
  ...over
})

describe('collectionRestoreBody', () => {
  it('from a snapshot: databases and collections as sourceNamespace items, suffixes when given', () => {
    expect(
      collectionRestoreBody({
        deliveryType: 'automated',
        source,
        snapshotId: 'snap',
        target,
        namespaces: scope({
          databases: ['shop'],
          collections: ['crm.users', 'crm.leads'],
          databaseSuffix: '_r',
          collectionSuffix: '_c'
        })
      } as CreatePlan)
    ).toStrictEqual({
      snapshotId: 'snap',
      targetClusterName: 'scratch',
      targetGroupId: 'p2',
      writeStrategy: 'CREATE_NEW',
      indexStrategy: 'REBUILD',
      databases: [{ sourceNamespace: 'shop' }],
      collections: [{ sourceNamespace: 'crm.users' }, { sourceNamespace: 'crm.leads' }],
      databaseSuffix: '_r',
      collectionSuffix: '_c'
    })
  })

  it('empty lists and absent suffixes are left out', () => {
    const body = collectionRestoreBody({
      deliveryType: 'automated',
      source,
      snapshotId: 'snap',
      target,
      namespaces: scope({ collections: ['crm.users'] })
    } as CreatePlan)
    expect(Object.keys(body).sort()).toStrictEqual(
      [
        'collections',
        'indexStrategy',
        'snapshotId',
        'targetClusterName',
        'targetGroupId',
        'writeStrategy'
      ].sort()
    )
    const dbOnly = collectionRestoreBody({
      deliveryType: 'automated',
      source,
      snapshotId: 'snap',
      target,
      namespaces: scope({ databases: ['shop'] })
    } as CreatePlan)
    expect('collections' in dbOnly).toBe(false)
    expect(dbOnly.databases).toStrictEqual([{ sourceNamespace: 'shop' }])
  })

  it('a point in time: pointInTimeUtcSeconds (this casing), or the oplog pair; no snapshot', () => {
    const seconds = collectionRestoreBody({
      deliveryType: 'pointInTime',
      source,
      pointInTime: { pointInTimeUTCSeconds: 1_786_000_000 },
      target,
      namespaces: scope({ databases: ['shop'] })
    } as CreatePlan)
    expect(seconds.pointInTimeUtcSeconds).toBe(1_786_000_000)
    expect('pointInTimeUTCSeconds' in seconds).toBe(false)
    expect('snapshotId' in seconds).toBe(false)
    const oplog = collectionRestoreBody({
      deliveryType: 'pointInTime',
      source,
      pointInTime: { oplogTs: 1_786_000_000, oplogInc: 3 },
      target,
      namespaces: scope({ databases: ['shop'] })
    } as CreatePlan)
    expect(oplog).toMatchObject({ oplogTs: 1_786_000_000, oplogInc: 3 })
    expect('pointInTimeUtcSeconds' in oplog).toBe(false)
  })
})

describe('collectionRestoreBody without a target', () => {
  it('names none rather than failing', () => {
    const body = collectionRestoreBody({
      deliveryType: 'automated',
      source,
      snapshotId: 'snap',
      namespaces: scope({ databases: ['shop'] })
    } as CreatePlan)
    expect(body.targetClusterName).toBeUndefined()
    expect(body.targetGroupId).toBeUndefined()
  })
})

describe('parseCollectionJob', () => {
  const job = (over: Record<string, unknown>) => parseCollectionJob({ id: ID, ...over })

  it('maps every state, and an unknown or missing one to inProgress', () => {
    const cases: [unknown, string][] = [
      ['INITIALIZING', 'pending'],
      ['IN_PROGRESS', 'inProgress'],
      ['FINALIZING', 'inProgress'],
      ['SUCCESSFUL', 'completed'],
      ['CANCELED', 'cancelled'],
      ['FAILED', 'failed'],
      ['DONE', 'inProgress'],
      [undefined, 'inProgress']
    ]
    for (const [state, expected] of cases) expect(job({ state }).status).toBe(expected)
  })

  it('reads every field, and a point in time from either form', () => {
    expect(
      job({
        state: 'FAILED',
        snapshotId: 'snap',
        targetClusterName: 'scratch',
        targetGroupId: 'p2',
        createdAt: '2026-08-10T01:00:00Z',
        finishedAt: '2026-08-10T02:00:00Z',
        pointInTimeUtcSeconds: 1_786_000_000,
        errorMessage: 'namespace exists'
      })
    ).toStrictEqual({
      id: ID,
      status: 'failed',
      deliveryType: 'pointInTime',
      snapshotId: 'snap',
      target: target,
      deliveryUrls: [],
      privateDeliveryUrls: [],
      createdAt: new Date('2026-08-10T01:00:00Z'),
      finishedAt: new Date('2026-08-10T02:00:00Z'),
      pointInTimeUTCSeconds: 1_786_000_000,
      errorMessage: 'namespace exists',
      document: expect.any(Object)
    })
    expect(job({ oplogTs: 1_786_000_000, oplogInc: 1 }).deliveryType).toBe('pointInTime')
    const plain = job({ pointInTimeUtcSeconds: '1786000000', targetClusterName: 'scratch' })
    expect(plain.deliveryType).toBe('automated')
    expect(Object.keys(plain).sort()).toStrictEqual(
      ['deliveryType', 'deliveryUrls', 'document', 'id', 'privateDeliveryUrls', 'status'].sort()
    )
    expect('target' in job({ targetGroupId: 'p2' })).toBe(false)
  })

  it('a job without an id is refused, named as a collection restore job', () => {
    expect(() => parseCollectionJob({ state: 'SUCCESSFUL' })).toThrow(
      'Atlas returned a collection restore job without an id'
    )
  })
})

describe('collectionRestores', () => {
  it('names its jobs and calls the collection restore endpoints of the source', () => {
    expect(collectionRestores.jobLabel).toBe('collection restore job')
    const create = collectionRestores.create({
      deliveryType: 'automated',
      source,
      snapshotId: 'snap',
      target,
      namespaces: scope({ databases: ['shop'] })
    } as CreatePlan)
    expect(create.operation).toBe(operations.createCollectionRestoreJob)
    expect(create.params).toStrictEqual({ groupId: 'p1', clusterName: 'prod' })
    expect(create.body).toMatchObject({ snapshotId: 'snap', targetClusterName: 'scratch' })
    const get = collectionRestores.getJob(source, ID)
    expect(get.operation).toBe(operations.getCollectionRestoreJob)
    expect(get.params).toStrictEqual({ groupId: 'p1', clusterName: 'prod', jobId: ID })
    const list = collectionRestores.listJobs(source)
    expect(list.operation).toBe(operations.listCollectionRestoreJobs)
    expect(list.params).toStrictEqual({ groupId: 'p1', clusterName: 'prod' })
    expect('cancel' in collectionRestores).toBe(false)
    const namespaces = collectionRestores.listNamespaces!(source, ID)
    expect(namespaces.operation).toBe(operations.listCollectionRestoreJobCollections)
    expect(namespaces.params).toStrictEqual({ groupId: 'p1', clusterName: 'prod', jobId: ID })
  })

  it('reads a namespace: the effective target first, then the asked one', () => {
    const parse = collectionRestores.parseNamespace!
    expect(
      parse({
        sourceNamespace: 'crm.users',
        targetNamespace: 'crm.users',
        effectiveTargetNamespace: 'crm.users_1',
        state: 'SUCCESSFUL'
      })
    ).toStrictEqual({
      sourceNamespace: 'crm.users',
      targetNamespace: 'crm.users_1',
      status: 'SUCCESSFUL'
    })
    expect(parse({ sourceNamespace: 'a.b', targetNamespace: 'a.c' })).toStrictEqual({
      sourceNamespace: 'a.b',
      targetNamespace: 'a.c',
      status: 'UNKNOWN'
    })
    expect(parse('junk')).toStrictEqual({ sourceNamespace: '', status: 'UNKNOWN' })
  })
})
