import { describe, expect, it } from '@jest/globals'
import type { CreatePlan, RestoreJob } from '../src/kinds/adapter.js'
import { findCreatedJob, isAmbiguous } from '../src/restore/create.js'
import { AtlasApiError, AtlasNetworkError } from '../src/atlas/errors.js'
import { operations } from '../src/atlas/operations.js'
import { objectIdTime } from '../src/kinds/documents/fields.js'

const now = Date.parse('2026-11-24T03:00:00Z')
/** An ObjectId-shaped job ID created at `ms`. */
const idAt = (ms: number, tail = '0000000000000001') =>
  Math.floor(ms / 1000)
    .toString(16)
    .padStart(8, '0') + tail
const source = { groupId: '6a793f6b2c88faeba59bae37', clusterName: 'prod' }
const target = { groupId: '6a794320c0eb9e7a17728a63', clusterName: 'scratch' }
const SNAP = '6a79468a2c88faeba59de489'

const job = (o: Partial<RestoreJob>): RestoreJob => ({
  id: idAt(now),
  status: 'inProgress',
  deliveryUrls: [],
  privateDeliveryUrls: [],
  document: {},
  ...o
})

describe('objectIdTime', () => {
  it('reads the creation second of a recorded job ID', () => {
    expect(
      objectIdTime('6a794733c0eb9e7a17740663', Date.parse('2026-08-11T00:00:00Z'))?.toISOString()
    ).toBe('2026-08-10T03:36:19.000Z')
  })
  it('ignores IDs whose time is implausible', () => {
    expect(objectIdTime('ffffffffc0eb9e7a17740663', now)).toBeUndefined()
    expect(objectIdTime('not-an-id', now)).toBeUndefined()
  })
})

describe('findCreatedJob', () => {
  const download: CreatePlan = { source, deliveryType: 'download', snapshotId: SNAP }
  const notBefore = now - 60_000

  it('finds the job made after the create was sent, not older ones of the same snapshot', () => {
    const older = job({
      id: idAt(now - 3600_000, 'aaaaaaaaaaaaaaaa'),
      deliveryType: 'download',
      snapshotId: SNAP,
      status: 'completed'
    })
    const mine = job({
      id: idAt(now + 1000, 'bbbbbbbbbbbbbbbb'),
      deliveryType: 'download',
      snapshotId: SNAP
    })
    expect(findCreatedJob([older, mine], download, notBefore, now)?.id).toBe(mine.id)
    expect(findCreatedJob([older], download, notBefore, now)).toBeUndefined()
  })

  it('matches delivery type, snapshot and target', () => {
    const plan: CreatePlan = { source, deliveryType: 'automated', snapshotId: SNAP, target }
    const other = { deliveryType: 'automated' as const, snapshotId: SNAP }
    expect(
      findCreatedJob(
        [job({ ...other, target: { ...target, clusterName: 'x' } })],
        plan,
        notBefore,
        now
      )
    ).toBeUndefined()
    expect(
      findCreatedJob(
        [job({ ...other, snapshotId: '6a79468a2c88faeba59de48a', target })],
        plan,
        notBefore,
        now
      )
    ).toBeUndefined()
    expect(
      findCreatedJob([job({ deliveryType: 'download', snapshotId: SNAP })], plan, notBefore, now)
    ).toBeUndefined()
    expect(findCreatedJob([job({ ...other, target })], plan, notBefore, now)).toBeDefined()
  })

  it('matches a point in time by its fields, and flex RESTORE jobs as automated', () => {
    const plan: CreatePlan = {
      source,
      deliveryType: 'pointInTime',
      pointInTime: { pointInTimeUTCSeconds: 1795143600 },
      target
    }
    const pit = job({
      deliveryType: 'pointInTime',
      target,
      document: { pointInTimeUTCSeconds: 1795143600 }
    })
    expect(findCreatedJob([pit], plan, notBefore, now)).toBe(pit)
    expect(
      findCreatedJob([{ ...pit, document: { pointInTimeUTCSeconds: 1 } }], plan, notBefore, now)
    ).toBeUndefined()
    const flexPlan: CreatePlan = { source, deliveryType: 'automated', snapshotId: SNAP, target }
    const flexJob = job({
      id: 'ffffffff0000000000000001',
      deliveryType: 'automated',
      snapshotId: SNAP,
      target,
      createdAt: new Date(now)
    })
    expect(findCreatedJob([flexJob], flexPlan, notBefore, now)).toBe(flexJob)
  })

  it('never a job listed before the create was sent, however well it matches', () => {
    const twin = job({
      id: idAt(now + 1000, 'aaaaaaaaaaaaaaaa'),
      deliveryType: 'download',
      snapshotId: SNAP
    })
    const mine = job({
      id: idAt(now, 'bbbbbbbbbbbbbbbb'),
      deliveryType: 'download',
      snapshotId: SNAP
    })
    expect(findCreatedJob([twin, mine], download, notBefore, now)?.id).toBe(twin.id)
    expect(findCreatedJob([twin, mine], download, notBefore, now, new Set([twin.id]))?.id).toBe(
      mine.id
    )
    expect(findCreatedJob([twin], download, notBefore, now, new Set([twin.id]))).toBeUndefined()
  })

  it('without any creation time, only a running job can be the new one', () => {
    const undated = {
      id: 'ffffffff0000000000000001',
      deliveryType: 'download' as const,
      snapshotId: SNAP
    }
    expect(
      findCreatedJob([job({ ...undated, status: 'completed' })], download, notBefore, now)
    ).toBeUndefined()
    expect(findCreatedJob([job(undated)], download, notBefore, now)).toBeDefined()
  })
})

describe('isAmbiguous', () => {
  const err = (status: number) =>
    new AtlasApiError({
      status,
      body: {},
      operation: operations.createClusterRestoreJob,
      path: '/p'
    })
  it('is true after a 5xx or a failure once the request was sent', () => {
    expect(isAmbiguous(err(500))).toBe(true)
    expect(isAmbiguous(err(502))).toBe(true)
    expect(isAmbiguous(new AtlasNetworkError('POST', '/p', 'socket hang up', false))).toBe(true)
  })
  it('is false for an answer that says no, and for a request that never left', () => {
    expect(isAmbiguous(new Error('a bug'))).toBe(false)
    expect(isAmbiguous(undefined)).toBe(false)
    expect(isAmbiguous(err(400))).toBe(false)
    expect(isAmbiguous(err(409))).toBe(false)
    expect(isAmbiguous(new AtlasNetworkError('POST', '/p', 'ECONNREFUSED', true))).toBe(false)
  })
})
