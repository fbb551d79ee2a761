// The one place that talks HTTP to Atlas: versioned media types, authentication, JSON, paging,
// retries with backoff, rate-limit headers, and ApiError decoding. Callers pass an ApiCall and
// get a parsed document or one of the two error types.

import { HttpClient, type HttpClientResponse } from '@actions/http-client'
import type { ApiCall } from './operations.js'
import type { AtlasAuth } from './auth/types.js'
import { AtlasApiError, AtlasNetworkError, networkError, type ApiErrorBody } from './errors.js'
import { mediaType, resolvePath } from './operations.js'
import { isRetryableStatus, parseRetryAfter, retryDelay } from './retry.js'

export interface RateLimit {
  limit: number
  remaining: number
}

export interface ClientStats {
  /** Calls sent again after a transient failure. */
  retries: number
}

export interface AtlasClientOptions {
  baseUrl: string
  auth: AtlasAuth
  userAgent: string
  /** Longest a request may sit without a byte moving. */
  requestTimeoutMs: number
  sleep: (ms: number) => Promise<void>
  now: () => number
  random?: () => number
  debug?: (message: string) => void
}

/**
 * How a call may be repeated: reads on any transient failure; creates only when Atlas surely
 * did nothing (429, or the request never left); `once` never.
 */
export type RetryMode = 'read' | 'create' | 'once'

const MAX_ATTEMPTS = 12
const PAGE_SIZE = 500

export class AtlasClient {
  readonly stats: ClientStats = { retries: 0 }
  /** The rate-limit headers of the last answer that had them. */
  lastRateLimit?: RateLimit
  /** Retries stop when their wait would end after this moment (epoch ms). */
  deadline = Number.POSITIVE_INFINITY

  private readonly http: HttpClient
  private readonly random: () => number

  constructor(private readonly options: AtlasClientOptions) {
    this.random = options.random ?? Math.random
    this.http = new HttpClient(options.userAgent, [options.auth], {
      socketTimeout: options.requestTimeoutMs,
      keepAlive: true,
      allowRetries: false,
      allowRedirects: false
    })
  }

  /** Sends one call; returns the parsed JSON body (undefined for 204). */
  async send(call: ApiCall, retry: RetryMode = 'read'): Promise<unknown> {
    const { operation } = call
    const path = resolvePath(operation, call.params)
    const query = call.query ? `?${new URLSearchParams(call.query).toString()}` : ''
    const url = `${this.options.baseUrl}${path}${query}`
    const body = call.body === undefined ? undefined : JSON.stringify(call.body)
    const headers: Record<string, string> = { accept: mediaType(operation) }
    if (body !== undefined) headers['content-type'] = mediaType(operation)

    for (let attempt = 0; ; attempt++) {
      let failure: AtlasApiError | AtlasNetworkError
      const started = this.options.now()
      try {
        await this.options.auth.prepare()
        const response = await this.http.request(operation.method, url, body ?? null, headers)
        const status = response.message.statusCode ?? 0
        const text = await response.readBody()
        this.noteRateLimit(response)
        this.options.debug?.(
          `${operation.method} ${path}${query} → ${status} (${this.options.now() - started} ms)`
        )
        if (status >= 200 && status < 300)
          return decodeSuccess(text, status, operation.method, path)
        failure = new AtlasApiError({
          status,
          body: decodeError(text, response),
          operation,
          path,
          ...optionalRetryAfter(response, this.options.now())
        })
      } catch (error) {
        if (error instanceof AtlasNetworkError || error instanceof AtlasApiError) throw error
        if (!isTransportError(error)) throw error
        failure = networkError(operation.method, path, error)
        this.options.debug?.(`${operation.method} ${path}${query} → ${failure.reason}`)
      }

      if (!this.retryable(failure, retry) || attempt + 1 >= MAX_ATTEMPTS) throw failure
      const retryAfterMs = failure instanceof AtlasApiError ? failure.retryAfterMs : undefined
      const delay = retryDelay(attempt, this.random, retryAfterMs)
      if (this.options.now() + delay > this.deadline) throw failure
      this.stats.retries += 1
      this.options.debug?.(`retrying ${operation.method} ${path} in ${delay} ms`)
      await this.options.sleep(delay)
    }
  }

  /** Every item of a paged list, whatever order Atlas pages them in. */
  async list(call: ApiCall): Promise<unknown[]> {
    const items: unknown[] = []
    for (let pageNum = 1; ; pageNum++) {
      const page = (await this.send({
        ...call,
        query: { ...call.query, pageNum: String(pageNum), itemsPerPage: String(PAGE_SIZE) }
      })) as { results?: unknown; totalCount?: unknown } | undefined
      const results = Array.isArray(page?.results) ? page.results : []
      items.push(...results)
      const total = typeof page?.totalCount === 'number' ? page.totalCount : undefined
      if (results.length < PAGE_SIZE || (total !== undefined && items.length >= total)) return items
    }
  }

  /** Closes kept-alive connections so the process can exit. */
  dispose(): void {
    this.http.dispose()
  }

  private retryable(failure: AtlasApiError | AtlasNetworkError, mode: RetryMode): boolean {
    if (mode === 'once') return false
    if (failure instanceof AtlasNetworkError) return mode === 'read' || failure.notSent
    if (mode === 'create') return failure.status === 429
    return isRetryableStatus(failure.status)
  }

  private noteRateLimit(response: HttpClientResponse): void {
    const limit = Number(response.message.headers['ratelimit-limit'])
    const remaining = Number(response.message.headers['ratelimit-remaining'])
    if (Number.isFinite(limit) && Number.isFinite(remaining) && limit > 0) {
      this.lastRateLimit = { limit, remaining }
    }
  }
}

function decodeSuccess(text: string, status: number, method: string, path: string): unknown {
  if (status === 204 || text.trim() === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    throw new AtlasNetworkError(
      method as never,
      path,
      `Atlas answered ${status} with a body that is not JSON`,
      false
    )
  }
}

function decodeError(text: string, response: HttpClientResponse): ApiErrorBody {
  let body: ApiErrorBody = {}
  try {
    const parsed: unknown = JSON.parse(text)
    if (parsed !== null && typeof parsed === 'object') body = parsed as ApiErrorBody
  } catch {
    // Not JSON (a proxy or gateway page): the status alone tells the story.
  }
  const headerCode = response.message.headers['x-error-code']
  if (body.errorCode === undefined && typeof headerCode === 'string') body.errorCode = headerCode
  return body
}

function optionalRetryAfter(response: HttpClientResponse, now: number): { retryAfterMs?: number } {
  const header = response.message.headers['retry-after']
  const ms = parseRetryAfter(Array.isArray(header) ? header[0] : header, now)
  return ms === undefined ? {} : { retryAfterMs: ms }
}

/** Errors of the transport (socket, DNS, timeout), as opposed to bugs in this code. */
function isTransportError(error: unknown): boolean {
  // Duck-typed: errors from node's own modules may come from another realm (e.g. under jest).
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  return (
    typeof code === 'string' ||
    (typeof message === 'string' && /timeout|socket hang up|ECONN|network/i.test(message))
  )
}
