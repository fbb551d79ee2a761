// Tests written to kill the mutants that survived in src/restore/create.ts (CONTRIBUTING.md,
// Mutation testing): createJob's every exit with a scripted session on a fake clock, the look's
// pauses and limits, the clock allowance, and findCreatedJob's rules one by one.

import { describe, expect, it } from '@jest/globals'
import {
  AtlasAbortedError,
  AtlasApiError,
  AtlasDeadlineError,
  AtlasNetworkError
} from '../../src/atlas/errors.js'
import { operations } from '../../src/atlas/operations.js'
import type { CreatePlan, RestoreJob } from '../../src/kinds/adapter.js'
import type { KindSession } from '../../src/kinds/session.js'
import { RestoreFailure } from '../../src/restore/context.js'
import { createJob, findCreatedJob } from '../../src/restore/create.js'

const START = Date.parse('2026-11-24T03:00:00Z')
const source = { groupId: '6a793f6b2c88faeba59bae37', clusterName: 'prod' }
const SNAP = '6a79468a2c88faeba59de489'
const plan: CreatePlan = { source, deliveryType: 'download', snapshotId: SNAP }
const idAt = (ms: number, tail = '0000000000000001') =>
  Math.floor(ms / 1000)
    .toString(16)
    .padStart(8, '0') + tail
const jobAt = (ms: number, over: Partial<RestoreJob> = {}): RestoreJob => ({
  id: idAt(ms),
  status: 'inProgress',
  deliveryType: 'download',
  snapshotId: SNAP,
  deliveryUrls: [],
  privateDeliveryUrls: [],
  document: {},
  ...over
})
const apiError = (status: number, errorCode?: string) =>
  new AtlasApiError({
    status,
    body: errorCode ? { errorCode } : {},
    operation: operations.createClusterRestoreJob,
    path: '/x'
  })

type Outcome = 'ok' | Error
interface Script {
  creates: Outcome[]
  /** The job list on the n-th read (1-based), at `now`; throw to refuse it. */
  list?: (n: number, now: number) => RestoreJob[]
  offset?: number
  deadlineIn?: number
  abortOn?: 'firstSleep' | 'before'
  existingJobIds?: ReadonlySet<string>
}

function stage(script: Script) {
  let now = START
  const sent: number[] = []
  const sleeps: number[] = []
  const derived: number[] = []
  const logs: { level: string; text: string }[] = []
  let lists = 0
  const abort = new AbortController()
  if (script.abortOn === 'before') abort.abort()
  const list = async () => (script.list ?? (() => []))(++lists, now)
  const client = {
    serverClockOffsetMs: script.offset,
    derive: (o: { deadline: number }) => {
      derived.push(o.deadline - now)
      return client
    }
  }
  const session = {
    source,
    client,
    restores: {
      jobLabel: 'restore job',
      create: () => ({ operation: operations.createClusterRestoreJob, params: {}, body: {} })
    },
    create: async () => {
      sent.push(now)
      const outcome = script.creates[sent.length - 1] ?? 'ok'
      if (outcome !== 'ok') throw outcome
      return jobAt(now, { id: idAt(now, 'ffffffffffffffff') })
    },
    listJobs: list,
    over: () => ({ listJobs: list })
  } as unknown as KindSession
  const deps = {
    clock: {
      now: () => now,
      sleep: async (ms: number) => {
        sleeps.push(ms)
        now += ms
        if (script.abortOn === 'firstSleep') abort.abort()
      }
    },
    log: {
      info: (text: string) => void logs.push({ level: 'info', text }),
      warning: (text: string) => void logs.push({ level: 'warning', text }),
      debug: () => {}
    },
    signal: abort.signal,
    deadline: START + (script.deadlineIn ?? 3_600_000),
    ...(script.existingJobIds && { existingJobIds: script.existingJobIds })
  }
  return {
    run: () => createJob(session, plan, deps),
    sent,
    sleeps,
    derived,
    logs,
    lists: () => lists,
    now: () => now
  }
}

async function refusal(promise: Promise<unknown>): Promise<RestoreFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(RestoreFailure)
  return error as RestoreFailure
}

describe('createJob: each exit', () => {
  it('cancelled before the first send: nothing sent, said so', async () => {
    const s = stage({ creates: [], abortOn: 'before' })
    const f = await refusal(s.run())
    expect(f.message).toBe(
      'The workflow run was cancelled before a restore job was created: nothing was created.'
    )
    expect(f.result).toBe('aborted')
    expect(s.sent).toEqual([])
  })

  it('answered: the job, not adopted, with the moment it was sent', async () => {
    const s = stage({ creates: ['ok'] })
    const created = await s.run()
    expect(created).toStrictEqual({
      job: jobAt(START, { id: idAt(START, 'ffffffffffffffff') }),
      adopted: false,
      sentAt: START
    })
    expect(s.lists()).toBe(0)
  })

  it('a refusal, a deadline or a plain abort is thrown as it is, with no look', async () => {
    for (const error of [
      apiError(400, 'INVALID_ATTRIBUTE'),
      apiError(429, 'RATE_LIMITED'),
      new AtlasDeadlineError('POST', '/x', true),
      new AtlasAbortedError('POST', '/x', false),
      new AtlasNetworkError('POST', '/x', 'refused', true),
      new Error('a bug')
    ]) {
      const s = stage({ creates: [error] })
      await expect(s.run()).rejects.toBe(error)
      expect(s.lists()).toBe(0)
      expect(s.sent).toHaveLength(1)
    }
  })

  it('cancelled mid-create: one quick look of 4 s; the job found is adopted', async () => {
    const s = stage({
      creates: [new AtlasAbortedError('POST', '/x', true)],
      list: (_, now) => [jobAt(now)]
    })
    const created = await s.run()
    expect(created).toMatchObject({ adopted: true, sentAt: START, job: { id: idAt(START) } })
    expect(s.derived).toEqual([4_000])
    expect(s.sent).toHaveLength(1)
    expect(s.sleeps).toEqual([])
  })

  it('cancelled mid-create with nothing found, or the list unreadable: never sent again', async () => {
    for (const list of [
      () => [],
      () => {
        throw apiError(500)
      }
    ]) {
      const s = stage({ creates: [new AtlasAbortedError('POST', '/x', true)], list })
      const f = await refusal(s.run())
      expect(f.result).toBe('aborted')
      expect(f.message).toBe(
        "The workflow run was cancelled while the create call was under way: Atlas may have created a restore job, and it was not sent again. Look at the cluster's restore jobs in Atlas."
      )
      expect(s.sent).toHaveLength(1)
    }
  })

  it('an ambiguous failure: warned with one full stop, then looked for; the job found is adopted', async () => {
    const s = stage({
      creates: [new AtlasNetworkError('POST', '/x', 'socket hang up..', false)],
      list: (n, now) => (n >= 2 ? [jobAt(now - 3_000)] : [])
    })
    const created = await s.run()
    expect(created.adopted).toBe(true)
    expect(created.sentAt).toBe(START)
    expect(s.logs).toEqual([
      {
        level: 'warning',
        text: 'POST /x failed: socket hang up. Atlas may have created the restore job anyway: checking its restore jobs before doing anything else.'
      },
      { level: 'info', text: `Atlas did create restore job ${created.job.id}: watching it.` }
    ])
    expect(s.sleeps).toEqual([2_000, 3_000])
    expect(s.sent).toHaveLength(1)
  })

  it('nothing found in a minute: sent once more, and the second ambiguous failure is thrown', async () => {
    const second = apiError(502)
    const s = stage({ creates: [apiError(503), second] })
    await expect(s.run()).rejects.toBe(second)
    expect(s.sent).toHaveLength(2)
    expect(s.sent[1] - s.sent[0]).toBe(60_000)
    expect(s.logs.filter(l => l.level === 'info').map(l => l.text)).toEqual([
      'Atlas has no such restore job after a minute: sending the create call again.'
    ])
  })

  it('a second create that works: the job it made, timed from its own send', async () => {
    const s = stage({ creates: [apiError(503), 'ok'] })
    const created = await s.run()
    expect(created.adopted).toBe(false)
    expect(created.sentAt).toBe(START + 60_000)
  })

  it('a job found after the second ambiguous create is timed from the first send', async () => {
    const s = stage({
      creates: [apiError(503), apiError(504)],
      list: (n, now) => (n === 8 ? [jobAt(now - 1_000)] : [])
    })
    const created = await s.run()
    expect(created).toMatchObject({ adopted: true, sentAt: START })
  })

  it('the deadline during the look: no second create, the failure thrown', async () => {
    const first = apiError(503)
    const s = stage({ creates: [first], deadlineIn: 18_000 })
    await expect(s.run()).rejects.toBe(first)
    expect(s.sleeps).toEqual([2_000, 3_000, 5_000, 8_000])
    expect(s.now() - START).toBe(18_000)
    expect(s.sent).toHaveLength(1)
  })

  it('cancelled during the look: nothing sent again', async () => {
    const s = stage({ creates: [apiError(503)], abortOn: 'firstSleep' })
    const f = await refusal(s.run())
    expect(f.message).toBe(
      'The workflow run was cancelled before a restore job was created: nothing was created.'
    )
    expect(s.lists()).toBe(0)
    expect(s.sent).toHaveLength(1)
    expect(s.logs.map(l => l.text).join('\n')).not.toContain('sending the create call again')
  })
})

describe('createJob: the look', () => {
  it('pauses 2, 3, 5, 10, 10, 15 and 15 s: a minute in all, a list read after each', async () => {
    const s = stage({ creates: [apiError(503), 'ok'] })
    await s.run()
    expect(s.sleeps).toEqual([2_000, 3_000, 5_000, 10_000, 10_000, 15_000, 15_000])
    expect(s.lists()).toBe(7)
  })

  it('keeps looking through 5xx and 429; a list never read names the last failure', async () => {
    const s = stage({
      creates: [apiError(503)],
      list: n => {
        throw n % 2 === 0 ? apiError(429) : apiError(500)
      }
    })
    const f = await refusal(s.run())
    expect(s.lists()).toBe(7)
    expect(f.message).toMatch(
      /^The create call failed without a clear answer and the restore jobs of prod could not be read to check whether Atlas created one \(.+\)\. Nothing was created again; look at the cluster's restore jobs in Atlas before running again\.$/
    )
    expect(f.message).toContain(apiError(500).message)
    expect(s.sent).toHaveLength(1)
  })

  it('a list read once and refused later: not an unreadable list, the create is sent again', async () => {
    const s = stage({
      creates: [apiError(503), 'ok'],
      list: n => {
        if (n > 1) throw apiError(500)
        return []
      }
    })
    const created = await s.run()
    expect(created.adopted).toBe(false)
    expect(s.sent).toHaveLength(2)
  })

  it('a 4xx on the list stops the look at once', async () => {
    for (const status of [400, 403, 404]) {
      const s = stage({
        creates: [apiError(503)],
        list: () => {
          throw apiError(status)
        }
      })
      await refusal(s.run())
      expect(s.lists()).toBe(1)
    }
  })

  it("without Atlas's clock, a like job up to 30 s before the send is taken", async () => {
    const at = (ms: number) =>
      stage({ creates: [apiError(503), 'ok'], list: () => [jobAt(START + ms)] })
    expect((await at(-29_000).run()).adopted).toBe(true)
    expect((await at(-31_000).run()).adopted).toBe(false)
  })

  it("with Atlas's clock measured, only the ObjectId's second: a job 2 s before is not ours", async () => {
    const at = (ms: number, offset: number) =>
      stage({ creates: [apiError(503), 'ok'], offset, list: () => [jobAt(START + ms)] })
    expect((await at(0, 0).run()).adopted).toBe(true)
    expect((await at(-2_000, 0).run()).adopted).toBe(false)
    // Atlas 90 s ahead: its job made as the call arrived carries Atlas's time.
    expect((await at(90_000, 90_000).run()).adopted).toBe(true)
    expect((await at(88_000, 90_000).run()).adopted).toBe(false)
    // An offset that is not a number counts as none (0), with the narrow allowance.
    expect((await at(-500, Number.NaN).run()).adopted).toBe(true)
    expect((await at(-2_000, Number.NaN).run()).adopted).toBe(false)
  })

  it('jobs listed before the create are never adopted, in the look or the quick look', async () => {
    const twin = jobAt(START)
    const look = stage({
      creates: [apiError(503), 'ok'],
      list: () => [twin],
      existingJobIds: new Set([twin.id])
    })
    expect((await look.run()).adopted).toBe(false)
    const quick = stage({
      creates: [new AtlasAbortedError('POST', '/x', true)],
      list: () => [twin],
      existingJobIds: new Set([twin.id])
    })
    expect((await refusal(quick.run())).result).toBe('aborted')
  })
})

describe('findCreatedJob: rule by rule', () => {
  const now = START
  const notBefore = START - 1_000
  const find = (jobs: RestoreJob[], p: CreatePlan = plan) =>
    findCreatedJob(jobs, p, notBefore, now)?.id

  it('refuses IDs that are not ObjectIds', () => {
    expect(find([jobAt(now, { id: 'job-1' })])).toBeUndefined()
    expect(find([jobAt(now, { id: `${idAt(now)}0` })])).toBeUndefined()
  })

  it('delivery types must agree, unless the job says none; point in time may read automated', () => {
    expect(find([jobAt(now, { deliveryType: 'automated' })])).toBeUndefined()
    expect(find([jobAt(now, { deliveryType: undefined })])).toBe(idAt(now))
    const pit: CreatePlan = {
      source,
      deliveryType: 'pointInTime',
      pointInTime: { pointInTimeUTCSeconds: 100 }
    }
    const doc = { pointInTimeUTCSeconds: 100 }
    expect(
      find([jobAt(now, { deliveryType: 'automated', snapshotId: undefined, document: doc })], pit)
    ).toBe(idAt(now))
    expect(
      find([jobAt(now, { deliveryType: 'pointInTime', snapshotId: undefined, document: doc })], pit)
    ).toBe(idAt(now))
    expect(
      find([jobAt(now, { deliveryType: 'download', snapshotId: undefined, document: doc })], pit)
    ).toBeUndefined()
  })

  it('a collection restore matches whatever delivery type its job reads', () => {
    const scoped: CreatePlan = {
      ...plan,
      deliveryType: 'automated',
      namespaces: {
        databases: ['shop'],
        collections: [],
        writeStrategy: 'CREATE_NEW',
        indexStrategy: 'REBUILD'
      }
    }
    expect(find([jobAt(now, { deliveryType: 'pointInTime' })], scoped)).toBe(idAt(now))
  })

  it('the snapshot must be the planned one when there is one', () => {
    expect(find([jobAt(now, { snapshotId: 'other' })])).toBeUndefined()
    expect(find([jobAt(now, { snapshotId: undefined })])).toBeUndefined()
    const noSnapshot: CreatePlan = { source, deliveryType: 'download' }
    expect(find([jobAt(now, { snapshotId: 'any' })], noSnapshot)).toBe(idAt(now))
  })

  it('targets must agree, name and project, unless a download or either is unknown', () => {
    const target = { groupId: 'p2', clusterName: 'scratch' }
    const onto: CreatePlan = { ...plan, deliveryType: 'automated', target }
    const automated = (t?: RestoreJob['target']) =>
      jobAt(now, { deliveryType: 'automated', ...(t && { target: t }) })
    expect(find([automated(target)], onto)).toBe(idAt(now))
    expect(find([automated({ ...target, clusterName: 'other' })], onto)).toBeUndefined()
    expect(find([automated({ ...target, groupId: 'p3' })], onto)).toBeUndefined()
    expect(find([automated()], onto)).toBe(idAt(now))
    const untargeted: CreatePlan = { ...plan, deliveryType: 'automated' }
    expect(find([automated(target)], untargeted)).toBe(idAt(now))
    const download: CreatePlan = { ...plan, target }
    expect(find([jobAt(now, { target: { ...target, clusterName: 'x' } })], download)).toBe(
      idAt(now)
    )
  })

  it('a point in time must match every planned field, either casing of the seconds', () => {
    const pit: CreatePlan = {
      source,
      deliveryType: 'pointInTime',
      pointInTime: { oplogTs: 100, oplogInc: 2 }
    }
    const job = (document: object) =>
      jobAt(now, { deliveryType: 'pointInTime', snapshotId: undefined, document })
    expect(find([job({ oplogTs: 100, oplogInc: 2 })], pit)).toBe(idAt(now))
    expect(find([job({ oplogTs: 100, oplogInc: 3 })], pit)).toBeUndefined()
    const seconds: CreatePlan = { ...pit, pointInTime: { pointInTimeUTCSeconds: 100 } }
    expect(find([job({ pointInTimeUtcSeconds: 100 })], seconds)).toBe(idAt(now))
    expect(find([job({ pointInTimeUtcSeconds: 101 })], seconds)).toBeUndefined()
    expect(find([job({ oplogTs: 100 })], seconds)).toBeUndefined()
    // The other casing stands in for the seconds only, never for another field.
    expect(find([job({ oplogTs: 100, pointInTimeUtcSeconds: 2 })], pit)).toBeUndefined()
  })

  it('an ended job: not when it ended before the send, nor when nothing dates it', () => {
    const ended = (over: Partial<RestoreJob>) => jobAt(now, { status: 'completed', ...over })
    expect(find([ended({ finishedAt: new Date(notBefore - 1) })])).toBeUndefined()
    expect(find([ended({ finishedAt: new Date(notBefore) })])).toBe(idAt(now))
    expect(find([ended({})])).toBe(idAt(now))
    expect(find([ended({ id: `ffffffff${'0'.repeat(16)}`, finishedAt: new Date(now) })])).toBe(
      `ffffffff${'0'.repeat(16)}`
    )
    expect(find([ended({ id: `ffffffff${'0'.repeat(16)}` })])).toBeUndefined()
    expect(find([jobAt(now, { id: `ffffffff${'0'.repeat(16)}` })])).toBe(
      `ffffffff${'0'.repeat(16)}`
    )
  })

  it('created at or after notBefore, by createdAt first, else by the ID', () => {
    expect(find([jobAt(notBefore)])).toBe(idAt(notBefore))
    expect(find([jobAt(notBefore - 1_000)])).toBeUndefined()
    expect(find([jobAt(now, { createdAt: new Date(notBefore) })])).toBe(idAt(now))
    expect(find([jobAt(now, { createdAt: new Date(notBefore - 1) })])).toBeUndefined()
    expect(find([jobAt(notBefore - 60_000, { createdAt: new Date(now) })])).toBe(
      idAt(notBefore - 60_000)
    )
  })

  it('the newest match, by createdAt or the ID; undated ones last', () => {
    const a = jobAt(now, { id: idAt(now + 5_000, 'aaaaaaaaaaaaaaaa') })
    const b = jobAt(now, { id: idAt(now + 9_000, 'bbbbbbbbbbbbbbbb') })
    const c = jobAt(now, { id: idAt(now, 'cccccccccccccccc'), createdAt: new Date(now + 20_000) })
    const undated = jobAt(now, { id: `ffffffff${'1'.repeat(16)}` })
    expect(find([a, b])).toBe(b.id)
    expect(find([b, a])).toBe(b.id)
    expect(find([a, c, b])).toBe(c.id)
    expect(find([undated, a])).toBe(a.id)
  })
})
