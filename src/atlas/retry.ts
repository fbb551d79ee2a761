// When to try a call again, and how long to wait first. Pure: the caller owns the clock.

/**
 * Statuses worth another try: rate limiting, and a server or gateway that may recover (any 5xx
 * but 501, which says the call will never work).
 */
export const isRetryableStatus = (status: number): boolean =>
  status === 429 || (status >= 500 && status <= 599 && status !== 501)

export interface BackoffPolicy {
  baseMs: number
  capMs: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, capMs: 30_000 }

/**
 * Exponential backoff with full jitter (a uniform pick in [0, min(cap, base·2^attempt)]), and
 * never less than what Atlas asked for in Retry-After.
 */
export function retryDelay(
  attempt: number,
  random: () => number,
  retryAfterMs?: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF
): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** attempt)
  const jittered = Math.floor(random() * ceiling)
  return Math.max(jittered, retryAfterMs ?? 0)
}

/** Retry-After as delay-seconds or an HTTP date, in milliseconds from now. */
export function parseRetryAfter(header: string | undefined, now: number): number | undefined {
  if (header === undefined || header.trim() === '') return undefined
  const value = header.trim()
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000)
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}
