// The polling loop: check, and if not done, pause as the schedule says, until done, the
// deadline, or an abort. Clock and sleep are injected so tests run it instantly.

import type { RateLimit } from '../atlas/client.js'
import { nextPause, rateLimitedPause } from './schedule.js'

export interface Clock {
  now(): number
  /** Resolves after `ms`, or early when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise(resolve => {
      if (signal?.aborted) return resolve()
      const done = () => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      signal?.addEventListener('abort', done, { once: true })
    })
}

export interface WaitOptions<T> {
  /** Reads the current state. */
  poll: () => Promise<T>
  isDone: (value: T) => boolean
  /** Called with every value read (the first one included). */
  onValue?: (value: T, elapsedMs: number) => void
  /** The moment the schedule counts from (when the job was created). */
  startedAt: number
  deadline: number
  pollIntervalMs: number
  clock: Clock
  rateLimit?: () => RateLimit | undefined
  signal?: AbortSignal
  /** A value already in hand (e.g. the create answer): no first read needed. */
  initial?: T
}

export type WaitResult<T> = { outcome: 'done' | 'timeout' | 'aborted'; last: T }

export async function waitFor<T>(options: WaitOptions<T>): Promise<WaitResult<T>> {
  const { clock, signal } = options
  const elapsed = () => clock.now() - options.startedAt
  let last = options.initial ?? (await options.poll())
  options.onValue?.(last, elapsed())
  for (;;) {
    if (options.isDone(last)) return { outcome: 'done', last }
    if (signal?.aborted) return { outcome: 'aborted', last }
    const now = clock.now()
    if (now >= options.deadline) return { outcome: 'timeout', last }
    const pause = rateLimitedPause(
      nextPause(elapsed(), options.pollIntervalMs),
      options.pollIntervalMs,
      options.rateLimit?.()
    )
    // Look once more right at the deadline rather than give up before it.
    await clock.sleep(Math.min(pause, options.deadline - now), signal)
    if (signal?.aborted) return { outcome: 'aborted', last }
    last = await options.poll()
    options.onValue?.(last, elapsed())
  }
}
