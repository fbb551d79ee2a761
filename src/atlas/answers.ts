// What an answer says: its body decoded (or refused as a bad answer), its error decoded, and
// the headers the client keeps (Retry-After, rate limits, Atlas's clock).

import { AtlasBadAnswerError, type ApiErrorBody } from './errors.js'
import type { HttpMethod } from './operations.js'
import { serverText } from './redact.js'
import { parseRetryAfter } from './retry.js'
import type { RawResponse } from './transport.js'

/** Atlas's rate limit as a token bucket: its capacity, the tokens left, how fast it refills. */
export interface RateLimit {
  limit: number
  remaining: number
  /** Tokens added per second, when Atlas said (a 429's detail names it). */
  refillPerSecond?: number
}

/**
 * The bucket a RATE_LIMITED_TOKEN_BUCKET answer describes: "Request capacity: 1200. Refill rate:
 * 500 per 60 seconds." (recorded). Empty at that moment.
 */
export function bucketOf(detail: string | undefined): RateLimit | undefined {
  const m = /capacity:\s*(\d+)\D+?refill rate:\s*(\d+)\s*per\s*(\d+)\s*second/i.exec(detail ?? '')
  if (!m || Number(m[1]) <= 0 || Number(m[3]) <= 0) return undefined
  return { limit: Number(m[1]), remaining: 0, refillPerSecond: Number(m[2]) / Number(m[3]) }
}

/** The Ratelimit-Limit/-Remaining pair, when the answer has both (Atlas may send neither). */
export function rateLimitOf(response: RawResponse): RateLimit | undefined {
  const limit = Number(response.headers['ratelimit-limit'])
  const remaining = Number(response.headers['ratelimit-remaining'])
  return Number.isFinite(limit) && Number.isFinite(remaining) && limit > 0
    ? { limit, remaining }
    : undefined
}

/**
 * Atlas's clock minus ours, at least: the Date header (whole seconds, stamped before the answer
 * arrived) against the moment it arrived. A lower bound, so that a job Atlas made after a create
 * was sent is never taken for one made before it, however slow the exchange.
 */
export function clockOffsetOf(response: RawResponse, _started: number, ended: number) {
  const date = response.headers.date === undefined ? Number.NaN : Date.parse(response.headers.date)
  return Number.isNaN(date) ? undefined : date - ended
}

export type Validate = (body: unknown) => string | undefined

export function decodeSuccess(
  response: RawResponse,
  method: HttpMethod,
  path: string,
  validate: Validate | undefined
): unknown {
  const { status, body: text } = response
  if (status === 204) return undefined
  const bad = (what: string) =>
    new AtlasBadAnswerError(method, path, `Atlas answered ${status} with ${what}`)
  if (text.trim() === '') {
    if (method === 'DELETE') return undefined
    throw bad('an empty body')
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw bad('a body that is not JSON (cut short, or not from Atlas)')
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw bad('a body that is not a JSON object')
  const id = (parsed as { id?: unknown }).id
  if (id !== undefined && typeof id !== 'string') throw bad('an id that is not a string')
  const problem = validate?.(parsed)
  if (problem !== undefined) throw bad(serverText(problem))
  return parsed
}

export function decodeError(response: RawResponse): ApiErrorBody {
  let body: ApiErrorBody = {}
  try {
    const parsed: unknown = JSON.parse(response.body)
    if (parsed !== null && typeof parsed === 'object') body = parsed as ApiErrorBody
  } catch {
    // Not JSON (a proxy or gateway page): a line of it, redacted, may say what happened.
    if (response.body.trim() !== '') body = { detail: serverText(response.body, 200) }
  }
  const headerCode = response.headers['x-error-code']
  if (body.errorCode === undefined && typeof headerCode === 'string') body.errorCode = headerCode
  return body
}

export function optionalRetryAfter(response: RawResponse, now: number): { retryAfterMs?: number } {
  const header = response.headers['retry-after']
  const ms = parseRetryAfter(Array.isArray(header) ? header[0] : header, now)
  return ms === undefined ? {} : { retryAfterMs: ms }
}
