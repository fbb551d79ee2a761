// The operations table in src/atlas/operations.ts against the official spec in spec/: every
// method, path, media-type version and role requirement must be the spec's.

import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { operations } from '../src/atlas/operations.js'
import { adapters } from '../src/kinds/index.js'
import { collectionRestores } from '../src/kinds/collections.js'
import type { RestoreJob } from '../src/kinds/adapter.js'

const job = (id: string): RestoreJob => ({
  id,
  status: 'inProgress',
  deliveryUrls: [],
  privateDeliveryUrls: [],
  document: {}
})

type SpecOperation = {
  operationId: string
  description?: string
  'x-rolesRequirements'?: string[]
  requestBody?: { content: Record<string, unknown> }
  responses: Record<string, { content?: Record<string, unknown> }>
}
type Spec = { paths: Record<string, Record<string, SpecOperation>> }

const specs = ['spec/restore-subset.json', 'spec/tenant-subset.json'].map(
  f => JSON.parse(readFileSync(f, 'utf8')) as Spec
)

function specOperation(method: string, path: string): SpecOperation | undefined {
  for (const spec of specs) {
    const op = spec.paths[path]?.[method.toLowerCase()]
    if (op) return op
  }
  return undefined
}

describe('operations table', () => {
  it.each(Object.entries(operations))('%s matches the spec', (_, op) => {
    const spec = specOperation(op.method, op.path)
    expect(spec).toBeDefined()
    expect(spec!.operationId).toBe(op.id)
    const success = Object.entries(spec!.responses).find(([code]) => code.startsWith('2'))!
    const media = `application/vnd.atlas.${op.version}+json`
    expect(Object.keys(success[1].content ?? {})).toContain(media)
    if (spec!.requestBody) expect(Object.keys(spec!.requestBody.content)).toContain(media)
    const roles =
      spec!['x-rolesRequirements'] ??
      [...(spec!.description ?? '').matchAll(/must have the ([A-Za-z ]+?) role/g)].map(m => m[1])
    expect([...op.roles].sort()).toEqual([...roles].sort())
  })

  it('every call an adapter makes is in the table', () => {
    const known = new Set(Object.values(operations))
    const ref = { groupId: '6a793f6b2c88faeba59bae37', clusterName: 'c' }
    const id = '6a794733c0eb9e7a17740663'
    for (const adapter of Object.values(adapters)) {
      const restores = adapter.restores
      const calls = [
        restores.getJob(ref, id),
        restores.listJobs(ref),
        adapter.listSnapshots(ref),
        adapter.getSnapshot(ref, id),
        adapter.describe(ref),
        ...adapter.deliveryTypes.map(deliveryType =>
          restores.create({ source: ref, deliveryType, snapshotId: id, target: ref })
        ),
        ...adapter.deliveryTypes.flatMap(deliveryType => {
          const call = restores.cancelJob?.(ref, { ...job(id), deliveryType })
          return call ? [call] : []
        }),
        ...(adapter.describeSchedule ? [adapter.describeSchedule(ref)] : [])
      ]
      for (const call of calls) {
        expect(known.has(call.operation)).toBe(true)
        // Every path parameter is supplied.
        for (const [, name] of call.operation.path.matchAll(/\{(\w+)\}/g))
          expect(call.params[name]).toBeDefined()
      }
    }
  })

  it('only the dedicated kind offers cancel, as the spec has DELETE only there', () => {
    expect(
      Object.values(adapters)
        .filter(a => a.restores.cancelJob)
        .map(a => a.kind)
    ).toEqual(['dedicated'])
  })

  it('Atlas cancels dedicated download jobs only (CANNOT_CANCEL_AUTOMATED_RESTORE)', () => {
    const ref = { groupId: '6a793f6b2c88faeba59bae37', clusterName: 'c' }
    const id = '6a794733c0eb9e7a17740663'
    const cancel = (deliveryType: 'automated' | 'download' | 'pointInTime') =>
      adapters.dedicated.restores.cancelJob?.(ref, { ...job(id), deliveryType })
    expect(cancel('download')?.operation).toBe(operations.cancelClusterRestoreJob)
    expect(cancel('automated')).toBeUndefined()
    expect(cancel('pointInTime')).toBeUndefined()
  })

  it('the collection restore API calls are in the table, with every path parameter', () => {
    const ref = { groupId: '6a793f6b2c88faeba59bae37', clusterName: 'c' }
    const id = '6a794733c0eb9e7a17740663'
    const known = new Set(Object.values(operations))
    for (const call of [
      collectionRestores.getJob(ref, id),
      collectionRestores.listJobs(ref),
      collectionRestores.listNamespaces!(ref, id),
      collectionRestores.create({
        source: ref,
        deliveryType: 'automated',
        snapshotId: id,
        target: ref
      })
    ]) {
      expect(known.has(call.operation)).toBe(true)
      for (const [, name] of call.operation.path.matchAll(/\{(\w+)\}/g))
        expect(call.params[name]).toBeDefined()
    }
    expect(collectionRestores.cancelJob).toBeUndefined()
  })
})
