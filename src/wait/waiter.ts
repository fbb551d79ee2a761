// The polling loop: check, and if not done, pause as the schedule says, until done, the
// deadline, or an abort. Clock and sleep are injected so tests run it instantly.

import type { RateLimit } from '../atlas/client.js'
import type { Clock } from './clock.js'
import { nextPause, rateLimitedPause } from './schedule.js'

export type { Clock } from './clock.js'

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
  /** Called before each pause, with its length (progress lines say when the next check is). */
  onPause?: (pauseMs: number, elapsedMs: number) => void
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
    const wait = Math.min(pause, options.deadline - now)
    options.onPause?.(wait, elapsed())
    await clock.sleep(wait, signal)
    if (signal?.aborted) return { outcome: 'aborted', last }
    last = await options.poll()
    options.onValue?.(last, elapsed())
  }
}
