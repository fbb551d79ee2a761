// When to try a call again, and how long to wait first, and the waiting itself (clamped timers
// that an abort ends).

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

/** Longest delay setTimeout takes as given (longer ones fire after 1 ms, with a warning). */
export const MAX_TIMER_MS = 2 ** 31 - 1

/** A delay fit for setTimeout: whole, not negative, and at most MAX_TIMER_MS. */
export function clampTimer(ms: number): number {
  if (Number.isNaN(ms) || ms <= 0) return 0
  return Math.min(MAX_TIMER_MS, Math.ceil(ms))
}

/** Resolves after `ms` (clamped), or at once when the signal aborts. */
export function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    if (signal?.aborted) return resolve()
    const done = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, clampTimer(ms))
    signal?.addEventListener('abort', done, { once: true })
  })
}

/** Waits with the given sleep (or a real timer), ending at once when the signal aborts. */
export async function pause(
  ms: number,
  sleep: ((ms: number) => Promise<void>) | undefined,
  signal: AbortSignal | undefined
): Promise<void> {
  const clamped = clampTimer(ms)
  if (sleep === undefined) return sleepUnlessAborted(clamped, signal)
  if (signal === undefined) return sleep(clamped)
  if (signal.aborted) return
  let onAbort = () => {}
  const aborted = new Promise<void>(resolve => {
    onAbort = resolve
    signal.addEventListener('abort', onAbort, { once: true })
  })
  await Promise.race([sleep(clamped), aborted])
  signal.removeEventListener('abort', onAbort)
}
