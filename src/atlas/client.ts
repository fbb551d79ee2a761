// The one place that talks HTTP to Atlas: versioned media types, authentication, JSON, paging,
// retries with backoff, rate-limit and Date headers, and ApiError decoding. Callers pass an
// ApiCall and get a parsed document or one of the errors of errors.ts. Every request settles
// within requestTimeoutMs and the run's deadline (plus a little), or at once on abort.

import {
  clockOffsetOf,
  decodeError,
  decodeSuccess,
  optionalRetryAfter,
  rateLimitOf,
  bucketOf,
  type RateLimit,
  type Validate
} from './answers.js'
import type { ApiCall } from './operations.js'
import type { AtlasAuth, AuthBudget } from './auth/types.js'
import { AtlasAbortedError, AtlasApiError, AtlasDeadlineError, AtlasProxyError } from './errors.js'
import { failureOf, mayRepeat, type Failure, type RetryMode } from './failures.js'
import { mediaType, resolvePath } from './operations.js'
import {
  DEFAULT_MAX_LIST_ITEMS,
  DEFAULT_PAGE_SIZE,
  pageProblem,
  readPages,
  type Page
} from './paging.js'
import { serverText } from './redact.js'
import { pause, retryDelay } from './retry.js'
import {
  Agents,
  DEFAULT_MAX_BODY_BYTES,
  exchange,
  TransportFailure,
  type RawResponse
} from './transport.js'

export type { RateLimit } from './answers.js'

export interface ClientStats {
  /** Calls sent again after a transient failure. */
  retries: number
  /** Requests sent, every try counted (the evidence file's apiCalls). */
  requests: number
}

export interface AtlasClientOptions {
  baseUrl: string
  auth: AtlasAuth
  userAgent: string
  /** Longest one request may take, from connect to the last byte of the answer (60 s). */
  requestTimeoutMs?: number
  /** Waits between tries (an abort of `signal` ends the wait whatever this does). */
  sleep?: (ms: number) => Promise<void>
  now?: () => number
  random?: () => number
  debug?: (message: string) => void
  /** The run's cancellation: in-flight requests are destroyed, nothing more is sent. */
  signal?: AbortSignal
  /** Epoch ms; the same as setting `deadline`. */
  deadline?: number
  /** How long past the deadline a request already in flight may still run (5 s). */
  deadlineSlackMs?: number
  /** A larger answer is a bad answer (16 MiB). */
  maxBodyBytes?: number
  /** A longer list is an error rather than unbounded memory (50 000). */
  maxListItems?: number
}

export type { RetryMode } from './failures.js'

export interface SendOptions {
  retry?: RetryMode
  /** Checks a 2xx body: a reason when it is of the wrong shape or about another object. */
  validate?: Validate
}

/** A create that surely never reached Atlas is sent at most this often. */
const MAX_CREATE_ATTEMPTS = 12
/** Reads stop at the deadline; this only bounds a client without one. */
const MAX_READ_ATTEMPTS = 1_000
/** A proxy refusing the tunnel (but 407) is asked again this many times. */
const PROXY_RETRIES = 2

interface Shared {
  agents: Agents
  auth: AtlasAuth
  owner: AtlasClient
  /** Counted across derived clients: the evidence counts every request of the run. */
  stats: ClientStats
}

export class AtlasClient {
  /** The rate-limit headers of the last answer that had them. */
  lastRateLimit?: RateLimit
  /** Atlas's clock minus ours (ms) at least, from the Date header of the last answer with one. */
  serverClockOffsetMs?: number
  /** Retries stop when their wait would end after this moment (epoch ms). */
  deadline: number

  private readonly shared: Shared
  private readonly now: () => number
  private readonly random: () => number
  private readonly timeoutMs: number

  constructor(
    private readonly options: AtlasClientOptions,
    shared?: Shared
  ) {
    this.shared = shared ?? {
      agents: new Agents(),
      auth: options.auth,
      owner: this,
      stats: { retries: 0, requests: 0 }
    }
    this.now = options.now ?? Date.now
    this.random = options.random ?? Math.random
    this.timeoutMs = options.requestTimeoutMs ?? 60_000
    this.deadline = options.deadline ?? Number.POSITIVE_INFINITY
  }

  /**
   * A client sharing this one's credentials and connections with its own signal and deadline:
   * how a cancel is sent, with a short budget, after the run's signal has aborted.
   */
  derive(options: { signal?: AbortSignal; deadline: number }): AtlasClient {
    const child = new AtlasClient(
      { ...this.options, ...options, signal: options.signal },
      this.shared
    )
    if (this.lastRateLimit) child.lastRateLimit = this.lastRateLimit
    if (this.serverClockOffsetMs !== undefined) child.serverClockOffsetMs = this.serverClockOffsetMs
    return child
  }

  get stats(): ClientStats {
    return this.shared.stats
  }

  /** Sends one call; returns the parsed JSON body (undefined for 204, or an empty DELETE answer). */
  async send(call: ApiCall, how: RetryMode | SendOptions = 'read'): Promise<unknown> {
    const { retry = 'read', validate } = typeof how === 'string' ? { retry: how } : how
    const { method } = call.operation
    const path = resolvePath(call.operation, call.params)
    const query = call.query ? `?${new URLSearchParams(call.query).toString()}` : ''
    let proxyFailures = 0
    for (let attempt = 0; ; attempt++) {
      if (this.options.signal?.aborted) throw new AtlasAbortedError(method, path, false)
      let failure: Failure
      try {
        return await this.attempt(call, path, query, validate)
      } catch (error) {
        if (error instanceof TransportFailure)
          this.options.debug?.(`${method} ${path} → ${serverText(error.message)}`)
        failure = failureOf(error, method, path)
      }
      if (failure instanceof AtlasApiError && failure.status === 429) {
        const bucket = bucketOf(failure.detail)
        if (bucket !== undefined) this.lastRateLimit = bucket
      }
      if (failure instanceof AtlasProxyError) proxyFailures += 1
      const again =
        failure instanceof AtlasProxyError
          ? retry !== 'once' && failure.proxyStatus !== 407 && proxyFailures <= PROXY_RETRIES
          : mayRepeat(failure, retry) && attempt + 1 < this.maxAttempts(retry)
      if (!again) throw failure
      const retryAfterMs = failure instanceof AtlasApiError ? failure.retryAfterMs : undefined
      const delay = retryDelay(attempt, this.random, retryAfterMs)
      if (this.now() + delay > this.deadline) {
        // The run was asked to wait until its timeout: it does, then ends as a timeout (not as
        // one that came minutes early because Atlas asked for an hour).
        await pause(this.deadline - this.now(), this.options.sleep, this.options.signal)
        if (this.options.signal?.aborted) throw new AtlasAbortedError(method, path, false)
        throw new AtlasDeadlineError(method, path, failure.ambiguous, failure)
      }
      this.stats.retries += 1
      this.options.debug?.(`retrying ${method} ${path} in ${delay} ms`)
      await pause(delay, this.options.sleep, this.options.signal)
    }
  }

  /** Every item of a paged list (see paging.ts for where a list ends, and when it is refused). */
  async list(call: ApiCall): Promise<unknown[]> {
    const path = resolvePath(call.operation, call.params)
    const fetchPage = async (pageNum: number, itemsPerPage: number): Promise<Page> =>
      (await this.send(
        {
          ...call,
          query: { ...call.query, pageNum: String(pageNum), itemsPerPage: String(itemsPerPage) }
        },
        { retry: 'read', validate: pageProblem }
      )) as Page
    return readPages(fetchPage, call.operation.method, path, {
      pageSize: DEFAULT_PAGE_SIZE,
      maxItems: this.options.maxListItems ?? DEFAULT_MAX_LIST_ITEMS,
      now: this.now,
      deadline: this.deadline
    })
  }

  /** Best-effort, within a few seconds: revokes a service account's token. Never throws. */
  async revokeCredentials(): Promise<void> {
    await this.shared.auth.revoke()
  }

  /** Closes kept-alive connections so the process can exit (a derived client's is a no-op). */
  dispose(): void {
    if (this.shared.owner === this) this.shared.agents.dispose()
  }

  /** Reads retry until the deadline (the cap only bounds a client without one); creates less. */
  private maxAttempts(mode: RetryMode): number {
    if (mode !== 'read') return MAX_CREATE_ATTEMPTS
    return Number.isFinite(this.deadline) ? Number.POSITIVE_INFINITY : MAX_READ_ATTEMPTS
  }

  private get hardStop(): number {
    return this.deadline + (this.options.deadlineSlackMs ?? 5_000)
  }

  private async attempt(
    call: ApiCall,
    path: string,
    query: string,
    validate: Validate | undefined
  ): Promise<unknown> {
    this.stats.requests += 1
    const { operation } = call
    const { auth } = this.shared
    const budget: AuthBudget = { deadline: this.hardStop, signal: this.options.signal }
    const body = call.body === undefined ? undefined : JSON.stringify(call.body)
    const headers: Record<string, string> = {
      accept: mediaType(operation),
      'user-agent': this.options.userAgent
    }
    if (body !== undefined) headers['content-type'] = mediaType(operation)
    await auth.prepare(budget)
    for (let round = 0; ; round++) {
      const authorization = auth.authorize(operation.method, `${path}${query}`)
      const started = this.now()
      const response = await exchange(
        {
          method: operation.method,
          url: new URL(`${this.options.baseUrl}${path}${query}`),
          headers: authorization === undefined ? headers : { ...headers, authorization },
          ...(body !== undefined && { body })
        },
        {
          timeoutMs: this.timeoutMs,
          hardStop: this.hardStop,
          ...(this.options.signal && { signal: this.options.signal }),
          maxBodyBytes: this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
          now: this.now
        },
        this.shared.agents
      )
      const { status } = response
      this.note(response, started)
      this.options.debug?.(
        `${operation.method} ${path}${query} → ${status} (${this.now() - started} ms)`
      )
      if (status === 401 && round === 0 && (await auth.onUnauthorized(response.headers, budget)))
        continue
      if (status >= 200 && status < 300)
        return decodeSuccess(response, operation.method, path, validate)
      throw new AtlasApiError({
        status,
        body: decodeError(response),
        operation,
        path,
        ...optionalRetryAfter(response, this.now())
      })
    }
  }

  private note(response: RawResponse, started: number): void {
    const rateLimit = rateLimitOf(response)
    // Headers give the level; the refill rate, once a 429 has named it, stays known.
    const refill = this.lastRateLimit?.refillPerSecond
    if (rateLimit !== undefined)
      this.lastRateLimit =
        refill === undefined ? rateLimit : { ...rateLimit, refillPerSecond: refill }
    const offset = clockOffsetOf(response, started, this.now())
    if (offset !== undefined) this.serverClockOffsetMs = offset
  }
}
