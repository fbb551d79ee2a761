// A hostile network against the clock and the runner's signals: a dripping body, 429s on every
// poll, long Retry-After values, SIGINT mid-create, mid-backoff and mid-request, a cancel that
// hangs, and job lists that lag or run on another clock. Each scenario has a world of its own,
// so they run at once.

import { describe, expect, it } from '@jest/globals'
import type { SimulatorOptions } from '../../simulator/index.js'
import {
  creates,
  JOB,
  JOBS,
  play,
  signalWhen,
  startStage,
  type Scenario
} from '../helpers/hostile-run.js'

const rateLimited = (retryAfter: string) => ({
  type: 'answer' as const,
  status: 429,
  body: JSON.stringify({ error: 429, errorCode: 'RATE_LIMITED', detail: 'Too many requests.' }),
  headers: { 'retry-after': retryAfter }
})

const deletes = (s: { world: { sim: { requests: { method: string; status: number }[] } } }) =>
  s.world.sim.requests.filter(q => q.method === 'DELETE' && q.status !== 401)

const scenarios: (Scenario & { world?: SimulatorOptions })[] = [
  {
    name: 'a poll dripping one byte per second (timeout 20s): ends within timeout + 15 s',
    rules: [{ method: 'GET', path: JOB, action: { type: 'drip', everyMs: 1000 } }],
    inputs: { timeout: '20s' },
    jobMs: 60_000,
    expected: { code: 'nonzero', status: 'inProgress', jobsCreated: 1 }
  },
  {
    // The bundle waits to the timeout; __tests__/pipeline.test.ts shows, on a fake clock, that it
    // polls on past the 12 attempts at which release 1.0.0 gave up.
    name: '429 (Retry-After: 1) on every poll, timeout 30s: waits to the timeout',
    rules: [{ method: 'GET', path: JOB, times: Infinity, action: rateLimited('1') }],
    inputs: { timeout: '30s' },
    jobMs: 600_000,
    expected: { code: 'nonzero', status: 'inProgress', jobsCreated: 1 },
    check: (r, stage) => {
      expect(r.durationMs).toBeGreaterThan(28_000)
      const limited = stage.proxy.seen.filter(q => q.method === 'GET' && JOB.test(q.path))
      expect(limited.length).toBeGreaterThanOrEqual(3)
      expect(r.stdout).toMatch(/keeps running/)
      expect(r.errors.join('\n')).toMatch(/did not finish within timeout 30s/)
    }
  },
  {
    name: '429 with Retry-After: 3600 on polls, timeout 30s: a timeout around 30 s',
    rules: [{ method: 'GET', path: JOB, times: Infinity, action: rateLimited('3600') }],
    jobMs: 600_000,
    expected: { code: 'nonzero', status: 'inProgress', jobsCreated: 1 },
    check: r => {
      expect(r.durationMs).toBeGreaterThan(25_000)
      expect(r.stdout).toMatch(/keeps running/)
    }
  },
  {
    name: '429 with a Retry-After of 25 days: no TimeoutOverflowWarning',
    rules: [{ method: 'GET', path: JOB, times: Infinity, action: rateLimited(String(25 * 86400)) }],
    inputs: { timeout: '10s' },
    jobMs: 600_000,
    expected: { code: 'nonzero', status: 'inProgress', jobsCreated: 1 }
  },
  {
    name: 'SIGINT during a create that is then reset: nothing created again',
    rules: [{ method: 'POST', path: JOBS, delayMs: 3000, action: { type: 'cutBody' } }],
    options: () => signalWhen(/Create the/, 500),
    jobMs: 60_000,
    expected: { code: 'nonzero', status: 'inProgress', jobsCreated: 1 },
    maxMs: 15_000,
    check: (_, stage) => expect(creates(stage.world)).toBe(1)
  },
  {
    name: 'SIGINT during a 429 backoff (Retry-After: 20) on the create: not sent again',
    rules: [{ method: 'POST', path: JOBS, action: rateLimited('20') }],
    options: () => signalWhen(/Create the/, 1000),
    expected: { code: 'nonzero', status: '', jobsCreated: 0 },
    maxMs: 9_000,
    check: (_, stage) => expect(creates(stage.world)).toBe(0)
  },
  {
    name: 'SIGINT during a hung poll with cancelOnAbort: the DELETE is sent, the job cancelled',
    rules: [{ method: 'GET', path: JOB, action: { type: 'halfOpen' } }],
    inputs: { cancelOnAbort: 'true' },
    options: () => signalWhen(/Wait for the/, 1000),
    jobMs: 60_000,
    expected: { code: 'nonzero', status: 'cancelled', jobsCreated: 1 },
    maxMs: 15_000,
    check: (_, stage) => {
      expect(deletes(stage)).toHaveLength(1)
      expect(stage.world.sim.jobs().at(-1)!.status).toBe('cancelled')
    }
  },
  {
    name: 'SIGINT with cancelOnAbort and a DELETE that hangs: cut off within its 5 s budget',
    rules: [
      { method: 'GET', path: JOB, action: { type: 'halfOpen' } },
      { method: 'DELETE', path: JOB, action: { type: 'halfOpen' } }
    ],
    inputs: { cancelOnAbort: 'true' },
    options: () => signalWhen(/Wait for the/, 1000),
    jobMs: 60_000,
    expected: { code: 'nonzero', status: 'inProgress', jobsCreated: 1 },
    maxMs: 16_000,
    check: r => expect(r.stdout).toMatch(/Cancelling .* failed/)
  },
  {
    name: 'a second signal while the DELETE hangs: outputs and summary still written',
    rules: [
      { method: 'GET', path: JOB, action: { type: 'halfOpen' } },
      { method: 'DELETE', path: JOB, action: { type: 'halfOpen' } }
    ],
    inputs: { cancelOnAbort: 'true' },
    options: () => signalWhen(/Wait for the/, 1000, [{ signal: 'SIGTERM', afterMs: 1500 }]),
    jobMs: 60_000,
    expected: { code: 'nonzero', status: 'inProgress', jobsCreated: 1 },
    maxMs: 12_000
  },
  {
    name: 'a job list 5 s behind the create, and a 504 after the job was made: adopted',
    world: { jobListLagMs: 5000 },
    faults: [{ method: 'POST', path: JOBS, action: { type: 'statusAfterHandling', status: 504 } }],
    expected: { code: 'zero', status: 'completed', jobsCreated: 1 },
    check: (_, stage) => expect(creates(stage.world)).toBe(1)
  },
  {
    name: "Atlas's clock 90 s behind ours, and an ambiguous create: adopted",
    world: { clockSkewMs: -90_000 },
    faults: [{ method: 'POST', path: JOBS, action: { type: 'statusAfterHandling', status: 500 } }],
    expected: { code: 'zero', status: 'completed', jobsCreated: 1 },
    check: (_, stage) => expect(creates(stage.world)).toBe(1)
  }
]

describe('a hostile network against the clock and the signals (through the bundle)', () => {
  it.concurrent.each(scenarios.map(s => [s.name, s]))(
    '%s',
    async (_, scenario) => {
      const s = scenario as Scenario & { world?: SimulatorOptions }
      const stage = await startStage(s.world)
      try {
        await play(stage, s)
      } finally {
        await stage.close()
      }
    },
    180_000
  )
})
