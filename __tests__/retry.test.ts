import { describe, expect, it } from '@jest/globals'
import { isRetryableStatus, parseRetryAfter, retryDelay } from '../src/atlas/retry.js'

describe('retryDelay', () => {
  it('picks uniformly below an exponential ceiling (full jitter), capped', () => {
    expect(retryDelay(0, () => 0.999)).toBe(999)
    expect(retryDelay(3, () => 0.5)).toBe(4000)
    expect(retryDelay(10, () => 0.999)).toBe(29_970)
    expect(retryDelay(4, () => 0)).toBe(0)
  })

  it('never waits less than Retry-After', () => {
    expect(retryDelay(0, () => 0, 7000)).toBe(7000)
    expect(retryDelay(5, () => 0.9, 1000)).toBe(27_000)
  })
})

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-24T03:00:00Z')
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', now)).toBe(3000)
    expect(parseRetryAfter('Tue, 24 Nov 2026 03:00:10 GMT', now)).toBe(10_000)
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
    expect(parseRetryAfter('soon', now)).toBeUndefined()
  })
})

describe('isRetryableStatus', () => {
  it('retries 429 and 5xx but 501', () => {
    expect([429, 500, 502, 503, 504, 507].every(isRetryableStatus)).toBe(true)
    expect([400, 401, 403, 404, 409, 501].some(isRetryableStatus)).toBe(false)
  })
})
