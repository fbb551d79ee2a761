// Every create body each kind's adapter can build, validated against the spec's request schema
// (the same validators the simulator enforces): unknown or readOnly fields, patterns, required
// fields and types.

import { describe, expect, it } from '@jest/globals'
import { mediaType } from '../src/atlas/operations.js'
import type { CreatePlan, DeliveryType } from '../src/kinds/adapter.js'
import { adapters } from '../src/kinds/index.js'
import { loadRoutes } from '../simulator/spec.js'

const routes = loadRoutes()
const source = { groupId: '6a793f6b2c88faeba59bae37', clusterName: 'prod' }
const target = { groupId: '6a794320c0eb9e7a17728a63', clusterName: 'scratch-1' }
const plans: Record<DeliveryType, CreatePlan[]> = {
  automated: [
    { source, deliveryType: 'automated', snapshotId: '6a79468a2c88faeba59de489', target }
  ],
  download: [{ source, deliveryType: 'download', snapshotId: '6a79468a2c88faeba59de489' }],
  pointInTime: [
    {
      source,
      deliveryType: 'pointInTime',
      pointInTime: { pointInTimeUTCSeconds: 1795143600 },
      target
    },
    {
      source,
      deliveryType: 'pointInTime',
      pointInTime: { oplogTs: 1795143600, oplogInc: 3 },
      target
    }
  ]
}

describe('create bodies match the spec', () => {
  const cases = Object.values(adapters).flatMap(adapter =>
    adapter.deliveryTypes.flatMap(type =>
      plans[type].map(
        (plan, i) =>
          [`${adapter.kind} ${type}${i ? ` (form ${i + 1})` : ''}`, adapter, plan] as const
      )
    )
  )
  it.each(cases)('%s', (_, adapter, plan) => {
    const call = adapter.restores.create(plan)
    const route = routes.find(
      r => r.operationId === call.operation.id && r.method === call.operation.method
    )
    expect(route).toBeDefined()
    const validate = route!.validator(mediaType(call.operation))
    const valid = validate(call.body)
    expect(validate.errors ?? []).toEqual([])
    expect(valid).toBe(true)
    if (plan.deliveryType === 'pointInTime') expect(call.body).not.toHaveProperty('snapshotId')
  })

  it('a Unicode flex target name passes the flex pattern (u flag)', () => {
    const call = adapters.flex.restores.create({
      ...plans.automated[0],
      target: { ...target, clusterName: 'données-1' }
    })
    const route = routes.find(r => r.operationId === call.operation.id)!
    expect(route.validator(mediaType(call.operation))(call.body)).toBe(true)
  })
})
