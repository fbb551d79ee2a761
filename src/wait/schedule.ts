// When to look at a restore job again. Pure: elapsed time in, pause out.
//
// Restores are often short (the recordings: flex 59–217 s, an M10 in 3 min 52 s) and sometimes
// take hours. Checking every 2 s for the first 20 s, then pausing 10 % of the time elapsed so
// far, finds a finished job within max(2 s, 10 % of its duration) while the number of calls
// grows only with the logarithm of the duration — until pollInterval caps the pause.

import type { RateLimit } from '../atlas/client.js'

export const FIRST_PHASE_MS = 20_000
export const MIN_PAUSE_MS = 2_000
export const ELAPSED_SHARE = 0.1

/** The pause before the next status check, `elapsedMs` after the job was created. */
export function nextPause(elapsedMs: number, pollIntervalMs: number): number {
  const pause =
    elapsedMs < FIRST_PHASE_MS ? MIN_PAUSE_MS : Math.max(MIN_PAUSE_MS, elapsedMs * ELAPSED_SHARE)
  return Math.min(pollIntervalMs, Math.round(pause))
}

/** Below this share of the rate limit left, pauses stretch towards pollInterval. */
export const RATE_LIMIT_LOW_SHARE = 0.2
/** At or below this share, every pause is pollInterval. */
export const RATE_LIMIT_FLOOR_SHARE = 0.05

/**
 * Stretches a pause when Atlas's rate limit runs low, so many restores in one project slow down
 * before Atlas answers 429. Atlas's limit is a token bucket: where its refill rate is known, the
 * pause is long enough for the bucket to refill back to the low-water mark; otherwise the pause
 * stretches with how little is left. Never beyond pollInterval, the promised longest pause.
 */
export function rateLimitedPause(
  pauseMs: number,
  pollIntervalMs: number,
  rateLimit?: RateLimit
): number {
  if (rateLimit === undefined || pauseMs >= pollIntervalMs) return pauseMs
  const share = rateLimit.remaining / rateLimit.limit
  if (share >= RATE_LIMIT_LOW_SHARE) return pauseMs
  const refill = rateLimit.refillPerSecond
  if (refill !== undefined && refill > 0) {
    const deficit = RATE_LIMIT_LOW_SHARE * rateLimit.limit - rateLimit.remaining
    return Math.min(pollIntervalMs, Math.max(pauseMs, Math.ceil((deficit / refill) * 1000)))
  }
  if (share <= RATE_LIMIT_FLOOR_SHARE) return pollIntervalMs
  const t = (RATE_LIMIT_LOW_SHARE - share) / (RATE_LIMIT_LOW_SHARE - RATE_LIMIT_FLOOR_SHARE)
  return Math.round(pauseMs + t * (pollIntervalMs - pauseMs))
}
