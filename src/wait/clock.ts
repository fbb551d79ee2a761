// Time as the pipeline sees it: injected, so tests run waits instantly.

export interface Clock {
  now(): number
  /** Resolves after `ms`, or early when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

/** setTimeout's longest delay; longer waits would fire at once with a warning. */
const MAX_TIMER_MS = 2 ** 31 - 1

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
      const timer = setTimeout(done, Math.min(Math.max(0, ms), MAX_TIMER_MS))
      signal?.addEventListener('abort', done, { once: true })
    })
}
