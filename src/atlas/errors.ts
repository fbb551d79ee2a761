// How an Atlas call fails: Atlas answered with an error (AtlasApiError); no usable answer came
// back (AtlasNetworkError, and its kinds AtlasBadAnswerError and AtlasProxyError); the run's
// deadline came first (AtlasDeadlineError); the run was cancelled (AtlasAbortedError). Messages
// name the call and, where it helps, what to do; server text in them went through serverText.
// `ambiguous` on each says whether Atlas may have acted on the request all the same (what a
// create's caller must check in the job list before sending it again).

import { hintFor } from './hints.js'
import type { HttpMethod, Operation } from './operations.js'
import { serverText } from './redact.js'

export interface ApiErrorBody {
  error?: number
  errorCode?: string
  detail?: string
  reason?: string
}

/** errorCodes with which Atlas itself (not a gateway in front of it) says it did nothing. */
export const ATLAS_RATE_LIMIT_CODES: ReadonlySet<string> = new Set([
  'RATE_LIMITED',
  'RATE_LIMITED_TOKEN_BUCKET'
])

export class AtlasApiError extends Error {
  readonly status: number
  /**
   * Atlas may have acted anyway: a 5xx, or a 429 that is not Atlas's own (no Atlas errorCode,
   * so a gateway's, which may sit behind a request Atlas already took).
   */
  readonly ambiguous: boolean
  readonly errorCode?: string
  readonly detail?: string
  readonly method: HttpMethod
  readonly path: string
  readonly retryAfterMs?: number
  hint?: string

  constructor(args: {
    status: number
    body: ApiErrorBody
    operation: Operation
    path: string
    retryAfterMs?: number
  }) {
    const { status, body, operation, path } = args
    const errorCode =
      typeof body.errorCode === 'string' ? serverText(body.errorCode, 80) : undefined
    const text = typeof body.detail === 'string' ? body.detail : body.reason
    const detail = typeof text === 'string' && text.trim() !== '' ? serverText(text) : undefined
    super('')
    this.name = 'AtlasApiError'
    this.status = status
    this.ambiguous =
      status >= 500 || (status === 429 && !ATLAS_RATE_LIMIT_CODES.has(errorCode ?? ''))
    if (errorCode !== undefined) this.errorCode = errorCode
    if (detail !== undefined) this.detail = detail
    this.method = operation.method
    this.path = path
    if (args.retryAfterMs !== undefined) this.retryAfterMs = args.retryAfterMs
    this.hint = hintFor(status, errorCode, operation, path)
    this.message = this.describe()
  }

  /** Adds a sentence after Atlas's own words (e.g. that an endpoint was retired). */
  addNote(note: string): this {
    this.hint = this.hint ? `${note} ${this.hint}` : note
    this.message = this.describe()
    return this
  }

  private describe(): string {
    const code = this.errorCode ? ` ${this.errorCode}` : ''
    const detail = this.detail ? `: ${this.detail}` : ''
    const hint = this.hint ? ` (${this.hint})` : ''
    return `Atlas answered ${this.status}${code} to ${this.method} ${this.path}${detail}${hint}`
  }
}

/** No answer, or none that can be read: refused, reset, timed out, cut, or not JSON. */
export class AtlasNetworkError extends Error {
  /** Atlas may have acted on the request (it left this machine): the opposite of notSent. */
  readonly ambiguous: boolean
  readonly reason: string

  constructor(
    readonly method: HttpMethod,
    readonly path: string,
    reason: string,
    /** True when the request surely never reached Atlas (so a create can be sent again). */
    readonly notSent: boolean
  ) {
    const clean = serverText(reason)
    super(`${method} ${path} failed: ${clean}`)
    this.name = 'AtlasNetworkError'
    this.reason = clean
    this.ambiguous = !notSent
  }
}

/**
 * A 2xx whose body cannot be what was asked for: cut, empty, not JSON, of the wrong shape, about
 * another object, or a list that contradicts itself. Reads retry it like a 5xx; for a create it
 * is ambiguous (Atlas may well have made the job).
 */
export class AtlasBadAnswerError extends AtlasNetworkError {
  constructor(method: HttpMethod, path: string, reason: string) {
    super(method, path, reason, false)
    this.name = 'AtlasBadAnswerError'
  }
}

/** The HTTP(S) proxy would not open a tunnel: nothing reached Atlas. */
export class AtlasProxyError extends AtlasNetworkError {
  constructor(
    method: HttpMethod,
    path: string,
    /** host:port of the proxy. */
    readonly proxy: string,
    /** The proxy's status for CONNECT; undefined when the proxy could not be reached at all. */
    readonly proxyStatus: number | undefined,
    detail: string
  ) {
    super(
      method,
      path,
      proxyStatus === undefined
        ? `could not reach the proxy at ${proxy} (${detail}); check HTTPS_PROXY and NO_PROXY`
        : `the proxy at ${proxy} refused the tunnel: ${proxyStatus}${detail ? ` ${detail}` : ''}; check HTTPS_PROXY and NO_PROXY`,
      true
    )
    this.name = 'AtlasProxyError'
  }
}

/**
 * The run's deadline came before a usable answer: a request in flight was abandoned, or the next
 * retry would have ended after it. The pipeline reports this as a timeout, not an API failure.
 * It is a kind of AtlasNetworkError (no usable answer) whose notSent is the opposite of
 * `ambiguous`.
 */
export class AtlasDeadlineError extends AtlasNetworkError {
  readonly deadlineReached = true
  /** The status of the last answer, when the last try got one. */
  readonly status?: number
  constructor(
    method: HttpMethod,
    path: string,
    /** Atlas may have acted on a request that was in flight (or whose last try was ambiguous). */
    ambiguous: boolean,
    readonly lastFailure?: Error
  ) {
    const last = lastFailure as { reason?: unknown; message: string } | undefined
    const lastText = typeof last?.reason === 'string' ? last.reason : last?.message
    super(
      method,
      path,
      `the run's timeout came first${lastText ? ` (last try: ${lastText})` : ''}`,
      !ambiguous
    )
    this.name = 'AtlasDeadlineError'
    const status = (lastFailure as { status?: unknown } | undefined)?.status
    if (typeof status === 'number') this.status = status
  }
}

/** The run was cancelled (the client's signal aborted): nothing more is sent. */
export class AtlasAbortedError extends Error {
  constructor(
    readonly method: HttpMethod,
    readonly path: string,
    /** A request was in flight when the signal aborted, so Atlas may have acted on it. */
    readonly ambiguous: boolean
  ) {
    super(`${method} ${path} was abandoned: the run was cancelled`)
    this.name = 'AtlasAbortedError'
  }
}
