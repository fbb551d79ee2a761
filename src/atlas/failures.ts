// What a failed try means and whether to try again: the transport's failures as the errors of
// errors.ts, and the rules by which reads, creates and one-shot calls are repeated.

import {
  AtlasAbortedError,
  AtlasApiError,
  AtlasBadAnswerError,
  AtlasDeadlineError,
  AtlasNetworkError,
  AtlasProxyError,
  ATLAS_RATE_LIMIT_CODES
} from './errors.js'
import type { HttpMethod } from './operations.js'
import { isRetryableStatus } from './retry.js'
import { TransportFailure } from './transport.js'

/**
 * How a call may be repeated: reads on any transient failure until the deadline; creates only
 * when Atlas surely did nothing (its own 429, an upgrade window, or the request never left);
 * `once` never.
 */
export type RetryMode = 'read' | 'create' | 'once'

export type Failure = AtlasApiError | AtlasNetworkError

/** Atlas did nothing and says so; worth sending again after a while, a create included. */
const NOT_DONE: ReadonlyArray<readonly [number, string]> = [
  [405, 'WRITES_NOT_ALLOWED_DURING_APP_UPGRADES'],
  [400, 'TENANT_RESTORE_DESTINATION_UNAVAILABLE']
]

/** A try's error as a failure to weigh; aborted, out of time, and bugs are thrown on. */
export function failureOf(error: unknown, method: HttpMethod, path: string): Failure {
  if (error instanceof AtlasAbortedError || error instanceof AtlasDeadlineError) throw error
  if (error instanceof AtlasApiError || error instanceof AtlasNetworkError) return error
  if (!(error instanceof TransportFailure)) throw error
  switch (error.kind) {
    case 'aborted':
      throw new AtlasAbortedError(method, path, error.sent)
    case 'deadline':
      throw new AtlasDeadlineError(method, path, error.sent)
    case 'proxy':
      return new AtlasProxyError(
        method,
        path,
        error.proxy!.address,
        error.proxy!.status,
        error.message
      )
    case 'tooLarge':
      return new AtlasBadAnswerError(method, path, error.message)
    default:
      return new AtlasNetworkError(method, path, error.message, !error.sent)
  }
}

/** Whether the failure allows the call to be sent again (proxy refusals aside: see the client). */
export function mayRepeat(failure: Failure, mode: RetryMode): boolean {
  if (mode === 'once') return false
  if (failure instanceof AtlasNetworkError) return mode === 'read' || failure.notSent
  const notDone =
    (failure.status === 429 && ATLAS_RATE_LIMIT_CODES.has(failure.errorCode ?? '')) ||
    NOT_DONE.some(([status, code]) => failure.status === status && failure.errorCode === code)
  if (mode === 'create') return notDone
  return notDone || isRetryableStatus(failure.status)
}
