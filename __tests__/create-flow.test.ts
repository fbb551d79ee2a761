// createJob in-process, with a fake clock: an ambiguous create is looked for in the job list
// for up to a minute before it is ever sent again; a job that shows up late is adopted.

import { describe, expect, it } from '@jest/globals'
import { AtlasApiError } from '../src/atlas/errors.js'
import { operations } from '../src/atlas/operations.js'
import type { CreatePlan, RestoreJob } from '../src/kinds/adapter.js'
import type { KindSession } from '../src/kinds/session.js'
import { createJob } from '../src/restore/create.js'

const source = { groupId: '6a793f6b2c88faeba59bae37', clusterName: 'prod' }
const plan: CreatePlan = {
  source,
  deliveryType: 'download',
  snapshotId: '6a79468a2c88faeba59de489'
}

function world(listAnswers: (call: number, now: number) => RestoreJob[]) {
  let now = Date.parse('2026-11-24T03:00:00Z')
  let creates = 0
  let lists = 0
  const jobAt = (ms: number): RestoreJob => ({
    id:
      Math.floor(ms / 1000)
        .toString(16)
        .padStart(8, '0') + '0000000000000001',
    status: 'inProgress',
    deliveryType: 'download',
    snapshotId: plan.snapshotId,
    deliveryUrls: [],
    privateDeliveryUrls: [],
    document: {}
  })
  const session = {
    source,
    client: { serverClockOffsetMs: 0 },
    restores: {
      jobLabel: 'restore job',
      create: () => ({ operation: operations.createClusterRestoreJob, params: {}, body: {} }),
      parseJob: (doc: unknown) => doc as RestoreJob
    },
    create: async () => {
      creates += 1
      if (creates === 1)
        throw new AtlasApiError({
          status: 503,
          body: {},
          operation: operations.createClusterRestoreJob,
          path: '/x'
        })
      return jobAt(now)
    },
    listJobs: async () => listAnswers(++lists, now).map(j => j)
  } as unknown as KindSession
  const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) }
  const logs: string[] = []
  const log = {
    info: (m: string) => logs.push(m),
    warning: (m: string) => logs.push(m),
    debug: () => {}
  }
  const deps = { clock, log, signal: new AbortController().signal, deadline: now + 3600_000 }
  return { session, deps, jobAt, counts: () => ({ creates, lists }), start: now, logs }
}

describe('createJob after an ambiguous answer', () => {
  it('looks for a minute, then sends the create once more', async () => {
    const w = world(() => [])
    const created = await createJob(w.session, plan, w.deps)
    expect(created.adopted).toBe(false)
    expect(w.counts().creates).toBe(2)
    expect(w.counts().lists).toBeGreaterThanOrEqual(5)
    // The second create came only after a minute of looking.
    expect(w.deps.clock.now() - w.start).toBeGreaterThanOrEqual(60_000)
  })

  it('adopts a job that shows up in a lagging list, and sends nothing again', async () => {
    const w = world((call, now) => (call >= 3 ? [w.jobAt(now - 5_000)] : []))
    const created = await createJob(w.session, plan, w.deps)
    expect(created.adopted).toBe(true)
    expect(w.counts()).toEqual({ creates: 1, lists: 3 })
  })

  it('stops looking at once when the list is refused, and creates nothing again', async () => {
    const w = world(() => {
      throw new AtlasApiError({
        status: 404,
        body: { errorCode: 'RESOURCE_NOT_FOUND' },
        operation: operations.listClusterRestoreJobs,
        path: '/x'
      })
    })
    await expect(createJob(w.session, plan, w.deps)).rejects.toThrow(/could not be read/)
    expect(w.counts()).toEqual({ creates: 1, lists: 1 })
  })
})
