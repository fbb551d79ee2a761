// src/wait/schedule.ts: the cases the mutation run found untested (npm run mutate; see
// CONTRIBUTING.md, Mutation testing). Exact values where the other tests check only a trend.

import { describe, expect, it } from '@jest/globals'
import { nextPause, rateLimitedPause } from '../../src/wait/schedule.js'

const limit = (remaining: number, of = 100) => ({ remaining, limit: of })

describe('rateLimitedPause, exactly', () => {
  it('halfway between the low share and the floor: halfway to pollInterval', () => {
    // share 0.125: (0.2 - 0.125) / (0.2 - 0.05) = 0.5 of the way from 2 s to 30 s.
    expect(rateLimitedPause(2_000, 30_000, limit(125, 1000))).toBe(16_000)
    // share 0.17: a fifth of the way.
    expect(rateLimitedPause(2_000, 30_000, limit(17))).toBe(7_600)
  })

  it('a pause already longer than pollInterval is left alone, however low the limit', () => {
    expect(rateLimitedPause(40_000, 30_000, limit(1))).toBe(40_000)
    expect(rateLimitedPause(40_000, 30_000, limit(10))).toBe(40_000)
  })

  it('at exactly the low share the pause is unchanged (not even rounded)', () => {
    expect(rateLimitedPause(1_500.5, 30_000, limit(20))).toBe(1_500.5)
  })

  it('at exactly the floor share the pause is pollInterval as given (not rounded)', () => {
    expect(rateLimitedPause(2_000, 30_000.5, limit(5))).toBe(30_000.5)
  })

  it('without rate-limit headers nothing changes', () => {
    expect(rateLimitedPause(1_234.5, 30_000, undefined)).toBe(1_234.5)
  })
})

describe('nextPause, exactly', () => {
  it('2 s in the first 20 s, then a tenth of the elapsed time, capped', () => {
    expect(nextPause(0, 30_000)).toBe(2_000)
    expect(nextPause(19_999, 30_000)).toBe(2_000)
    expect(nextPause(20_000, 30_000)).toBe(2_000)
    expect(nextPause(25_000, 30_000)).toBe(2_500)
    expect(nextPause(123_456, 30_000)).toBe(12_346)
    expect(nextPause(10 * 3_600_000, 30_000)).toBe(30_000)
    expect(nextPause(0, 500)).toBe(500)
  })
})
