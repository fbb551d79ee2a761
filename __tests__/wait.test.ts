import { describe, expect, it } from '@jest/globals'
import { nextPause, rateLimitedPause } from '../src/wait/schedule.js'
import { waitFor, type Clock } from '../src/wait/waiter.js'

/** A clock whose sleeps pass instantly, recording each pause. */
function fakeClock(start = 0) {
  let now = start
  const pauses: number[] = []
  const clock: Clock = {
    now: () => now,
    sleep: async ms => {
      pauses.push(ms)
      now += ms
    }
  }
  return { clock, pauses, advance: (ms: number) => (now += ms) }
}

/** Polls a job that finishes at `finishMs`; returns when it was seen done and how many reads. */
async function simulate(finishMs: number, pollIntervalMs: number) {
  const { clock } = fakeClock()
  let reads = 0
  const result = await waitFor({
    poll: async () => {
      reads += 1
      return clock.now() >= finishMs
    },
    isDone: done => done,
    startedAt: 0,
    deadline: Number.POSITIVE_INFINITY,
    pollIntervalMs,
    clock
  })
  return { result, reads, seenAt: clock.now() }
}

describe('nextPause', () => {
  it('checks every 2 s for the first 20 s, then 10 % of the elapsed time, capped by pollInterval', () => {
    expect(nextPause(0, 30_000)).toBe(2_000)
    expect(nextPause(19_999, 30_000)).toBe(2_000)
    expect(nextPause(40_000, 30_000)).toBe(4_000)
    expect(nextPause(200_000, 30_000)).toBe(20_000)
    expect(nextPause(3_600_000, 30_000)).toBe(30_000)
    expect(nextPause(0, 500)).toBe(500)
  })

  it.each([30, 90, 240, 600, 1800, 7200, 21600])(
    'a %i s restore is seen within max(2 s, 10 %%) and pollInterval, with few calls',
    async seconds => {
      const finish = seconds * 1000
      const { seenAt, reads } = await simulate(finish, 30_000)
      const delay = seenAt - finish
      expect(delay).toBeLessThanOrEqual(Math.min(30_000, Math.max(2_000, 0.1 * finish)))
      const constant4s = Math.ceil(finish / 4_000)
      if (seconds >= 600) expect(reads).toBeLessThanOrEqual(constant4s / 3)
      if (seconds >= 3600) expect(reads).toBeLessThanOrEqual(constant4s / 5)
    }
  )
})

describe('rateLimitedPause', () => {
  it('leaves the pause alone while plenty of the limit is left', () => {
    expect(rateLimitedPause(2_000, 30_000, { limit: 1200, remaining: 1000 })).toBe(2_000)
    expect(rateLimitedPause(2_000, 30_000, undefined)).toBe(2_000)
  })

  it('stretches towards pollInterval as the limit runs low, never beyond it', () => {
    const mid = rateLimitedPause(2_000, 30_000, { limit: 1200, remaining: 150 })
    expect(mid).toBeGreaterThan(2_000)
    expect(mid).toBeLessThan(30_000)
    expect(rateLimitedPause(2_000, 30_000, { limit: 1200, remaining: 10 })).toBe(30_000)
    expect(rateLimitedPause(2_000, 30_000, { limit: 1200, remaining: 0 })).toBe(30_000)
  })
})

describe('waitFor', () => {
  it('stops at the deadline after one last look at it', async () => {
    const { clock, pauses } = fakeClock()
    const result = await waitFor({
      poll: async () => 'running',
      isDone: () => false,
      startedAt: 0,
      deadline: 5_000,
      pollIntervalMs: 30_000,
      clock
    })
    expect(result.outcome).toBe('timeout')
    expect(pauses).toEqual([2_000, 2_000, 1_000])
    expect(clock.now()).toBe(5_000)
  })

  it('uses the value in hand first and reports every value read', async () => {
    const { clock } = fakeClock()
    const seen: string[] = []
    const values = ['b', 'c']
    const result = await waitFor({
      poll: async () => values.shift()!,
      isDone: v => v === 'c',
      onValue: v => seen.push(v),
      initial: 'a',
      startedAt: 0,
      deadline: 60_000,
      pollIntervalMs: 1_000,
      clock
    })
    expect(result).toEqual({ outcome: 'done', last: 'c' })
    expect(seen).toEqual(['a', 'b', 'c'])
  })

  it('returns at once when aborted', async () => {
    const { clock } = fakeClock()
    const controller = new AbortController()
    let reads = 0
    const result = await waitFor({
      poll: async () => {
        reads += 1
        if (reads === 2) controller.abort()
        return 'running'
      },
      isDone: () => false,
      startedAt: 0,
      deadline: 60_000,
      pollIntervalMs: 1_000,
      clock,
      signal: controller.signal
    })
    expect(result.outcome).toBe('aborted')
    expect(reads).toBe(2)
  })

  it('slows down when Atlas reports the rate limit running low', async () => {
    const { clock, pauses } = fakeClock()
    let reads = 0
    await waitFor({
      poll: async () => ++reads,
      isDone: n => n >= 3,
      startedAt: 0,
      deadline: 600_000,
      pollIntervalMs: 30_000,
      clock,
      rateLimit: () => ({ limit: 1200, remaining: 20 })
    })
    expect(pauses).toEqual([30_000, 30_000])
  })
})

describe('rateLimitedPause as a token bucket', () => {
  // Atlas: capacity 1200, refill 500 per 60 s (RATE_LIMITED_TOKEN_BUCKET's detail).
  const bucket = (remaining: number) => ({ limit: 1200, remaining, refillPerSecond: 500 / 60 })

  it('waits until the bucket has refilled to the low-water mark, capped at pollInterval', () => {
    // 240 tokens is 20 %; from 0 that takes 240 / (500/60) = 28.8 s.
    expect(rateLimitedPause(2_000, 60_000, bucket(0))).toBe(28_800)
    expect(rateLimitedPause(2_000, 60_000, bucket(200))).toBe(4_800)
    expect(rateLimitedPause(2_000, 20_000, bucket(0))).toBe(20_000)
  })

  it('leaves the pause alone while the bucket is full enough, or the refill is nearly done', () => {
    expect(rateLimitedPause(2_000, 60_000, bucket(240))).toBe(2_000)
    expect(rateLimitedPause(5_000, 60_000, bucket(230))).toBe(5_000)
  })
})
