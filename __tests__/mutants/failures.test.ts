// src/atlas/failures.ts and src/atlas/retry.ts: what a failed try means and whether it may be
// repeated, unit by unit (the client tests reach these only through whole exchanges). Written
// from the surviving mutants of npm run mutate; see CONTRIBUTING.md, Mutation testing.

import { describe, expect, it, jest } from '@jest/globals'
import {
  AtlasAbortedError,
  AtlasApiError,
  AtlasBadAnswerError,
  AtlasDeadlineError,
  AtlasNetworkError,
  AtlasProxyError
} from '../../src/atlas/errors.js'
import { failureOf, mayRepeat } from '../../src/atlas/failures.js'
import { operations } from '../../src/atlas/operations.js'
import {
  clampTimer,
  isRetryableStatus,
  MAX_TIMER_MS,
  parseRetryAfter,
  pause,
  retryDelay,
  sleepUnlessAborted
} from '../../src/atlas/retry.js'
import { TransportFailure } from '../../src/atlas/transport.js'

const PATH = '/api/atlas/v2/groups/x/clusters/prod'
const api = (status: number, errorCode?: string) =>
  new AtlasApiError({
    status,
    body: errorCode === undefined ? {} : { errorCode },
    operation: operations.getCluster,
    path: PATH
  })

describe('failureOf', () => {
  it('throws aborts and deadlines on, as they are', () => {
    const aborted = new AtlasAbortedError('GET', PATH, false)
    const deadline = new AtlasDeadlineError('GET', PATH, false)
    expect(() => failureOf(aborted, 'GET', PATH)).toThrow(aborted)
    expect(() => failureOf(deadline, 'GET', PATH)).toThrow(deadline)
  })

  it('returns API and network errors as they are', () => {
    const a = api(500)
    const n = new AtlasNetworkError('GET', PATH, 'reset', false)
    expect(failureOf(a, 'GET', PATH)).toBe(a)
    expect(failureOf(n, 'GET', PATH)).toBe(n)
  })

  it('throws anything else (a bug) on', () => {
    const bug = new TypeError('x is undefined')
    expect(() => failureOf(bug, 'GET', PATH)).toThrow(bug)
  })

  it('turns transport failures into the errors of errors.ts', () => {
    const aborted = () => failureOf(new TransportFailure('aborted', 'gone', true), 'POST', PATH)
    expect(aborted).toThrow(AtlasAbortedError)
    try {
      aborted()
    } catch (error) {
      expect(error).toMatchObject({ method: 'POST', path: PATH, ambiguous: true })
    }
    const deadline = () => failureOf(new TransportFailure('deadline', 'late', false), 'GET', PATH)
    expect(deadline).toThrow(AtlasDeadlineError)
    try {
      deadline()
    } catch (error) {
      expect(error).toMatchObject({ method: 'GET', path: PATH, ambiguous: false })
    }

    const proxy = failureOf(
      new TransportFailure('proxy', 'Forbidden', false, undefined, {
        address: 'proxy:3128',
        status: 403
      }),
      'GET',
      PATH
    )
    expect(proxy).toBeInstanceOf(AtlasProxyError)
    expect(proxy).toMatchObject({ proxy: 'proxy:3128', proxyStatus: 403, notSent: true })
    expect(proxy.message).toContain('the proxy at proxy:3128 refused the tunnel: 403 Forbidden')

    const large = failureOf(new TransportFailure('tooLarge', 'over 16 MiB', true), 'GET', PATH)
    expect(large).toBeInstanceOf(AtlasBadAnswerError)
    expect(large.message).toContain('over 16 MiB')

    const sent = failureOf(new TransportFailure('network', 'ECONNRESET', true), 'GET', PATH)
    expect(sent).toBeInstanceOf(AtlasNetworkError)
    expect(sent).not.toBeInstanceOf(AtlasBadAnswerError)
    expect(sent).toMatchObject({ notSent: false, ambiguous: true })
    expect(sent.message).toContain('ECONNRESET')
    const never = failureOf(new TransportFailure('timeout', 'ECONNREFUSED', false), 'GET', PATH)
    expect(never).toMatchObject({ notSent: true, ambiguous: false })
  })
})

describe('mayRepeat', () => {
  const network = (notSent: boolean) => new AtlasNetworkError('POST', PATH, 'reset', notSent)

  it('once: never', () => {
    expect(mayRepeat(api(429, 'RATE_LIMITED'), 'once')).toBe(false)
    expect(mayRepeat(network(true), 'once')).toBe(false)
    expect(mayRepeat(api(503), 'once')).toBe(false)
  })

  it('network failures: reads always, creates only when nothing was sent', () => {
    expect(mayRepeat(network(false), 'read')).toBe(true)
    expect(mayRepeat(network(true), 'read')).toBe(true)
    expect(mayRepeat(network(true), 'create')).toBe(true)
    expect(mayRepeat(network(false), 'create')).toBe(false)
  })

  it("creates: Atlas's own rate limit and its says-nothing-was-done codes only", () => {
    expect(mayRepeat(api(429, 'RATE_LIMITED'), 'create')).toBe(true)
    expect(mayRepeat(api(429, 'RATE_LIMITED_TOKEN_BUCKET'), 'create')).toBe(true)
    expect(mayRepeat(api(429), 'create')).toBe(false)
    expect(mayRepeat(api(429, 'SOMETHING_ELSE'), 'create')).toBe(false)
    expect(mayRepeat(api(405, 'WRITES_NOT_ALLOWED_DURING_APP_UPGRADES'), 'create')).toBe(true)
    expect(mayRepeat(api(400, 'TENANT_RESTORE_DESTINATION_UNAVAILABLE'), 'create')).toBe(true)
    // The code with the other one's status does not count.
    expect(mayRepeat(api(400, 'WRITES_NOT_ALLOWED_DURING_APP_UPGRADES'), 'create')).toBe(false)
    expect(mayRepeat(api(405, 'TENANT_RESTORE_DESTINATION_UNAVAILABLE'), 'create')).toBe(false)
    expect(mayRepeat(api(503), 'create')).toBe(false)
    // A rate-limit code on another status is no rate limit.
    expect(mayRepeat(api(503, 'RATE_LIMITED'), 'create')).toBe(false)
    expect(mayRepeat(api(500), 'create')).toBe(false)
  })

  it('reads: those, and any retryable status', () => {
    expect(mayRepeat(api(429), 'read')).toBe(true)
    expect(mayRepeat(api(503), 'read')).toBe(true)
    expect(mayRepeat(api(405, 'WRITES_NOT_ALLOWED_DURING_APP_UPGRADES'), 'read')).toBe(true)
    expect(mayRepeat(api(400, 'TENANT_RESTORE_DESTINATION_UNAVAILABLE'), 'read')).toBe(true)
    expect(mayRepeat(api(501), 'read')).toBe(false)
    expect(mayRepeat(api(404), 'read')).toBe(false)
    expect(mayRepeat(api(400, 'INVALID_ATTRIBUTE'), 'read')).toBe(false)
  })
})

describe('retry.ts edges', () => {
  it('isRetryableStatus at the edges of 5xx', () => {
    expect([499, 500, 501, 502, 599, 600, 428, 429, 430].map(isRetryableStatus)).toEqual([
      false,
      true,
      false,
      true,
      true,
      false,
      false,
      true,
      false
    ])
  })

  it('retryDelay: the ceiling doubles per attempt up to the cap; Retry-After is a floor', () => {
    const top = () => 0.999999
    expect(retryDelay(0, top)).toBe(999)
    expect(retryDelay(1, top)).toBe(1_999)
    expect(retryDelay(4, top)).toBe(15_999)
    expect(retryDelay(5, top)).toBe(29_999)
    expect(retryDelay(10, top)).toBe(29_999)
    expect(retryDelay(3, () => 0.5, undefined, { baseMs: 100, capMs: 10_000 })).toBe(400)
    expect(retryDelay(0, () => 0, 5_000)).toBe(5_000)
    expect(retryDelay(5, () => 0.5, 1_000)).toBe(15_000)
    expect(retryDelay(0, () => 0)).toBe(0)
  })

  it('parseRetryAfter: seconds (fractional too), dates, blanks and junk', () => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
    expect(parseRetryAfter('', now)).toBeUndefined()
    expect(parseRetryAfter('   ', now)).toBeUndefined()
    expect(parseRetryAfter(' 3 ', now)).toBe(3_000)
    expect(parseRetryAfter('1.5', now)).toBe(1_500)
    expect(parseRetryAfter('0.0001', now)).toBe(1)
    expect(parseRetryAfter('1.25', now)).toBe(1_250)
    expect(parseRetryAfter('120', now)).toBe(120_000)
    expect(parseRetryAfter('x3', now)).toBeUndefined()
    expect(parseRetryAfter('3x', now)).toBeUndefined()
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000)
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
  })

  it('clampTimer: whole, not negative, at most the timer limit', () => {
    expect(clampTimer(Number.NaN)).toBe(0)
    expect(clampTimer(-1)).toBe(0)
    expect(clampTimer(0)).toBe(0)
    expect(clampTimer(0.2)).toBe(1)
    expect(clampTimer(MAX_TIMER_MS)).toBe(MAX_TIMER_MS)
    expect(clampTimer(MAX_TIMER_MS + 5)).toBe(MAX_TIMER_MS)
    expect(MAX_TIMER_MS).toBe(2_147_483_647)
  })

  it('sleepUnlessAborted: waits the time, or ends at the abort and lets go of the signal', async () => {
    jest.useFakeTimers()
    try {
      let done = false
      const p = sleepUnlessAborted(1_000).then(() => (done = true))
      await jest.advanceTimersByTimeAsync(999)
      expect(done).toBe(false)
      await jest.advanceTimersByTimeAsync(1)
      await p
      expect(done).toBe(true)

      const abort = new AbortController()
      const remove = jest.spyOn(abort.signal, 'removeEventListener')
      let early = false
      const q = sleepUnlessAborted(60_000, abort.signal).then(() => (early = true))
      await jest.advanceTimersByTimeAsync(10)
      expect(early).toBe(false)
      abort.abort()
      await q
      expect(early).toBe(true)
      expect(jest.getTimerCount()).toBe(0)
      expect(remove).toHaveBeenCalledWith('abort', expect.any(Function))

      // A timer that ends by itself lets go of the signal too.
      const other = new AbortController()
      const removed = jest.spyOn(other.signal, 'removeEventListener')
      const r = sleepUnlessAborted(5, other.signal)
      await jest.advanceTimersByTimeAsync(5)
      await r
      expect(removed).toHaveBeenCalledWith('abort', expect.any(Function))

      // Already aborted: no timer at all.
      await sleepUnlessAborted(60_000, abort.signal)
      expect(jest.getTimerCount()).toBe(0)
    } finally {
      jest.useRealTimers()
    }
  })

  it('pause: the given sleep, clamped; ended early by an abort; not at all once aborted', async () => {
    const slept: number[] = []
    const sleep = (ms: number) => {
      slept.push(ms)
      return Promise.resolve()
    }
    await pause(-5, sleep, undefined)
    await pause(1.2, sleep, undefined)
    expect(slept).toEqual([0, 2])

    const abort = new AbortController()
    const forever = jest.fn((_ms: number) => new Promise<void>(() => {}))
    const waiting = pause(10_000, forever, abort.signal)
    abort.abort()
    await waiting
    expect(forever).toHaveBeenCalledWith(10_000)

    const never = jest.fn(sleep)
    await pause(10, never, abort.signal)
    expect(never).not.toHaveBeenCalled()

    // Without a sleep: a real (clamped) timer.
    const started = Date.now()
    await pause(-100, undefined, undefined)
    expect(Date.now() - started).toBeLessThan(1_000)

    // The abort listener is removed once the sleep ends.
    const live = new AbortController()
    const remove = jest.spyOn(live.signal, 'removeEventListener')
    await pause(5, sleep, live.signal)
    expect(remove).toHaveBeenCalledWith('abort', expect.any(Function))
  })
})
