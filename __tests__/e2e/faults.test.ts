// Fault injection: Atlas and the network misbehaving while the bundled action runs. Every
// scenario asserts the final status, the exit code, and how many restore jobs exist afterwards
// (a run may create at most one).

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { ChildProcess } from 'node:child_process'
import type { Fault } from '../../simulator/index.js'
import { runAction, runtimes, type RunOptions } from '../../scripts/runner.js'
import { startWorld, type World } from '../helpers/world.js'

const runtime = runtimes().at(-1)!
const JOB = /\/backup\/restoreJobs\/[a-f0-9]{24}$/
const CREATE = /\/clusters\/prod\/backup\/restoreJobs$/

interface Scenario {
  name: string
  faults?: Fault[]
  inputs?: Record<string, string>
  credentials?: 'apiKey' | 'serviceAccount'
  options?: Partial<RunOptions>
  /** How long the restore job runs in Atlas (default 2.5 s). */
  jobMs?: number
  expected: { code: 'zero' | 'nonzero'; status: string; jobsCreated: number }
  check?: (world: World) => void
}

const scenarios: Scenario[] = [
  {
    name: '429 with Retry-After on status polls',
    faults: [
      {
        method: 'GET',
        path: JOB,
        times: 2,
        action: { type: 'status', status: 429, errorCode: 'RATE_LIMITED', retryAfterSeconds: 1 }
      }
    ],
    expected: { code: 'zero', status: 'completed', jobsCreated: 1 }
  },
  {
    name: '429 with Retry-After on the create call',
    faults: [
      {
        method: 'POST',
        path: CREATE,
        action: { type: 'status', status: 429, errorCode: 'RATE_LIMITED', retryAfterSeconds: 1 }
      }
    ],
    expected: { code: 'zero', status: 'completed', jobsCreated: 1 }
  },
  {
    name: 'a burst of 500/502/503/504 on polls',
    faults: [500, 502, 503, 504].map(status => ({
      method: 'GET',
      path: JOB,
      action: { type: 'status' as const, status }
    })),
    expected: { code: 'zero', status: 'completed', jobsCreated: 1 }
  },
  {
    name: 'connections reset on polls and on the snapshot list',
    faults: [
      { method: 'GET', path: /\/backup\/snapshots$/, action: { type: 'reset' } },
      { method: 'GET', path: JOB, times: 2, action: { type: 'reset' } }
    ],
    expected: { code: 'zero', status: 'completed', jobsCreated: 1 }
  },
  {
    name: 'slow answers',
    faults: [{ method: 'GET', path: JOB, times: 2, action: { type: 'delay', ms: 1500 } }],
    expected: { code: 'zero', status: 'completed', jobsCreated: 1 }
  },
  {
    name: 'ambiguous create: the job is made, then Atlas answers 500',
    faults: [
      { method: 'POST', path: CREATE, action: { type: 'statusAfterHandling', status: 500 } }
    ],
    expected: { code: 'zero', status: 'completed', jobsCreated: 1 }
  },
  {
    name: 'ambiguous create: the job is made, then the connection resets',
    faults: [{ method: 'POST', path: CREATE, action: { type: 'resetAfterHandling' } }],
    expected: { code: 'zero', status: 'completed', jobsCreated: 1 }
  },
  {
    // The job list is read for up to a minute before a create is ever sent again: within a
    // 12 s timeout it is never sent again (the in-process tests cover the re-send).
    name: 'create answered 503 before anything was made: looked for, not sent again blind',
    faults: [{ method: 'POST', path: CREATE, action: { type: 'status', status: 503 } }],
    inputs: { timeout: '12s' },
    expected: { code: 'nonzero', status: '', jobsCreated: 0 }
  },
  {
    name: 'create reset before anything was made: looked for, not sent again blind',
    faults: [{ method: 'POST', path: CREATE, action: { type: 'reset' } }],
    inputs: { timeout: '12s' },
    expected: { code: 'nonzero', status: '', jobsCreated: 0 }
  },
  {
    name: 'ambiguous create, and the job list cannot be read: no second job',
    faults: [
      { method: 'POST', path: CREATE, action: { type: 'statusAfterHandling', status: 502 } },
      {
        // Read twice: beside preflight (best effort), and to look for the job.
        method: 'GET',
        path: /\/backup\/restoreJobs$/,
        times: 2,
        action: { type: 'status', status: 404, errorCode: 'RESOURCE_NOT_FOUND' }
      }
    ],
    expected: { code: 'nonzero', status: '', jobsCreated: 1 }
  },
  {
    name: 'a stale digest nonce mid-wait',
    faults: [{ method: 'GET', path: JOB, action: { type: 'staleNonce' } }],
    expected: { code: 'zero', status: 'completed', jobsCreated: 1 },
    check: w => expect(w.sim.stats.staleChallenges).toBeGreaterThanOrEqual(1)
  },
  {
    name: 'a service account token that expires mid-wait',
    credentials: 'serviceAccount',
    faults: [{ method: 'GET', path: JOB, action: { type: 'expireToken' } }],
    expected: { code: 'zero', status: 'completed', jobsCreated: 1 },
    check: w => expect(w.sim.stats.tokenRequests).toBe(2)
  },
  {
    name: 'timeout without cancelOnAbort: the job keeps running',
    jobMs: 60_000,
    inputs: { timeout: '1s' },
    expected: { code: 'nonzero', status: 'inProgress', jobsCreated: 1 }
  },
  {
    name: 'timeout with cancelOnAbort: the job is cancelled',
    jobMs: 60_000,
    inputs: { timeout: '1s', cancelOnAbort: 'true' },
    expected: { code: 'nonzero', status: 'cancelled', jobsCreated: 1 }
  },
  {
    name: 'the run is cancelled (SIGINT) without cancelOnAbort',
    jobMs: 60_000,
    options: { onSpawn: interruptAfter(1200) },
    expected: { code: 'nonzero', status: 'inProgress', jobsCreated: 1 }
  },
  {
    name: 'the run is cancelled (SIGINT) with cancelOnAbort',
    jobMs: 60_000,
    inputs: { cancelOnAbort: 'true' },
    options: { onSpawn: interruptAfter(1200) },
    expected: { code: 'nonzero', status: 'cancelled', jobsCreated: 1 }
  },
  {
    name: 'the run is cancelled (SIGINT) before the create call: nothing is created',
    faults: [{ method: 'GET', path: /\/backup\/snapshots$/, action: { type: 'delay', ms: 2000 } }],
    options: { onSpawn: interruptAfter(600) },
    expected: { code: 'nonzero', status: '', jobsCreated: 0 }
  }
]

/** Sends SIGINT as the runner does on cancellation, then SIGTERM 7.5 s later. */
function interruptAfter(ms: number) {
  return (child: ChildProcess) => {
    const timers = [
      setTimeout(() => child.kill('SIGINT'), ms),
      setTimeout(() => child.kill('SIGTERM'), ms + 7500)
    ]
    child.on('exit', () => timers.forEach(clearTimeout))
  }
}

describe('fault injection', () => {
  // Each scenario has a simulator of its own, so they run at once.
  it.concurrent.each(scenarios.map(s => [s.name, s]))(
    '%s',
    async (_, scenario) => {
      const world = await startWorld({ restoreDurationMs: 2500 })
      try {
        const s = scenario as Scenario
        for (const fault of s.faults ?? []) world.sim.faults.add(fault)
        world.sim.scriptNextJob({ outcome: 'completed', durationMs: s.jobMs ?? 2500 })
        const r = await runAction({
          runtime,
          inputs: {
            groupId: world.groupId,
            clusterName: 'prod',
            deliveryType: 'download',
            pollInterval: '250ms',
            timeout: '60s',
            ...(s.credentials === 'serviceAccount' ? world.serviceAccount : world.apiKey),
            ...s.inputs
          },
          ...s.options
        })
        const created = world.sim.jobs().length
        expect({
          code: r.code === 0 ? 'zero' : 'nonzero',
          status: r.outputs.status ?? '',
          jobsCreated: created
        }).toEqual(s.expected)
        if (s.expected.code === 'nonzero') expect(r.errors.length).toBeGreaterThan(0)
        if (s.expected.jobsCreated === 1 && s.expected.status !== '')
          expect(r.outputs.restoreJobId).toBe(world.sim.jobs().at(-1)!.id)
        expect(world.sim.faults.pending()).toBe(0)
        s.check?.(world)
      } finally {
        await world.close()
      }
    },
    60_000
  )
})

describe('service-account tokens that expire during the wait', () => {
  let shortLived: World
  beforeAll(async () => {
    shortLived = await startWorld({ tokenTtlSeconds: 2, downloadDurationMs: 4500 })
  })
  afterAll(() => shortLived.close())

  it('are renewed before they expire, with no 401 on the way', async () => {
    const r = await runAction({
      runtime,
      inputs: {
        groupId: shortLived.groupId,
        clusterName: 'prod',
        deliveryType: 'download',
        pollInterval: '250ms',
        timeout: '60s',
        ...shortLived.serviceAccount
      }
    })
    expect(r.code).toBe(0)
    expect(r.outputs.status).toBe('completed')
    expect(shortLived.sim.stats.tokenRequests).toBeGreaterThanOrEqual(2)
    expect(shortLived.sim.requests.filter(q => q.status === 401)).toHaveLength(0)
  })
})
