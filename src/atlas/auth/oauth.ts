// Service accounts: OAuth 2.0 client credentials against {baseUrl}/api/oauth/token. Tokens
// last an hour and restores can last longer, so the token is renewed ahead of its expiry and
// once more if Atlas answers 401 mid-wait. The token endpoint's own 429s and 5xx are retried
// within the run's deadline; revoke() gives the token back (RFC 7009) when the run ends.

import {
  AtlasAbortedError,
  AtlasDeadlineError,
  AtlasNetworkError,
  AtlasProxyError
} from '../errors.js'
import { serverText } from '../redact.js'
import { parseRetryAfter, retryDelay, sleepUnlessAborted } from '../retry.js'
import { Agents, exchange, TransportFailure, type RawResponse } from '../transport.js'
import type { AtlasAuth, AuthBudget } from './types.js'

export interface TokenClientOptions {
  baseUrl: string
  userAgent: string
  /** Registers a secret with the runner before anything could print it. */
  onSecret: (secret: string) => void
  debug?: (message: string) => void
  now?: () => number
  requestTimeoutMs?: number
  /** Waits between token attempts; the default is a real timer that an abort ends. */
  sleep?: (ms: number) => Promise<void>
  random?: () => number
}

/** Renew a minute before expiry (sooner for short-lived tokens: at 90 % of their life). */
const RENEW_MARGIN_SHARE = 0.1
const RENEW_MARGIN_MAX_MS = 60_000
const TOKEN_ATTEMPTS = 5
const TOKEN_PATH = '/api/oauth/token'
const REVOKE_PATH = '/api/oauth/revoke'
/** revoke() runs at the end of a run, possibly a cancelled one: a few seconds at most. */
const REVOKE_BUDGET_MS = 3_000
const MAX_TOKEN_BODY = 1024 * 1024

export class ServiceAccountAuth implements AtlasAuth {
  private token?: { value: string; expiresAt: number; renewAt: number }
  private readonly agents = new Agents()
  private readonly now: () => number
  private readonly basic: string

  constructor(
    clientId: string,
    clientSecret: string,
    private readonly options: TokenClientOptions
  ) {
    this.now = options.now ?? Date.now
    this.basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64')
    options.onSecret(this.basic)
  }

  async prepare(budget: AuthBudget): Promise<void> {
    if (this.token === undefined || this.now() >= this.token.renewAt) await this.fetchToken(budget)
  }

  authorize(): string | undefined {
    return this.token === undefined ? undefined : `Bearer ${this.token.value}`
  }

  async onUnauthorized(_headers: unknown, budget: AuthBudget): Promise<boolean> {
    await this.fetchToken(budget)
    return true
  }

  /** Revokes the current token (RFC 7009), best-effort within a few seconds; never throws. */
  async revoke(): Promise<void> {
    const token = this.token
    if (token === undefined) return
    this.token = undefined
    try {
      const res = await this.post(
        REVOKE_PATH,
        `token=${encodeURIComponent(token.value)}&token_type_hint=access_token`,
        { deadline: this.now() + REVOKE_BUDGET_MS },
        REVOKE_BUDGET_MS
      )
      this.options.debug?.(`POST ${REVOKE_PATH} → ${res.status}`)
    } catch (error) {
      this.options.debug?.(`POST ${REVOKE_PATH} failed: ${serverText((error as Error).message)}`)
    }
  }

  private post(path: string, body: string, budget: AuthBudget, timeoutMs: number) {
    return exchange(
      {
        method: 'POST',
        url: new URL(`${this.options.baseUrl}${path}`),
        headers: {
          authorization: `Basic ${this.basic}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          'user-agent': this.options.userAgent
        },
        body
      },
      {
        timeoutMs,
        hardStop: budget.deadline,
        ...(budget.signal && { signal: budget.signal }),
        maxBodyBytes: MAX_TOKEN_BODY,
        now: this.now
      },
      this.agents
    )
  }

  private async fetchToken(budget: AuthBudget): Promise<void> {
    const random = this.options.random ?? Math.random
    const sleep = this.options.sleep ?? (ms => sleepUnlessAborted(ms, budget.signal))
    let last = ''
    for (let attempt = 0; ; attempt++) {
      if (budget.signal?.aborted) throw new AtlasAbortedError('POST', TOKEN_PATH, false)
      let res: RawResponse | undefined
      try {
        res = await this.post(
          TOKEN_PATH,
          'grant_type=client_credentials',
          budget,
          this.options.requestTimeoutMs ?? 30_000
        )
        this.options.debug?.(`POST ${TOKEN_PATH} → ${res.status}`)
      } catch (error) {
        if (!(error instanceof TransportFailure)) throw error
        if (error.kind === 'aborted') throw new AtlasAbortedError('POST', TOKEN_PATH, false)
        if (error.kind === 'deadline') throw new AtlasDeadlineError('POST', TOKEN_PATH, false)
        if (error.kind === 'proxy') {
          const proxy = error.proxy!
          const failure = new AtlasProxyError(
            'POST',
            TOKEN_PATH,
            proxy.address,
            proxy.status,
            error.message
          )
          if (proxy.status === 407 || attempt >= 2) throw failure
        }
        last = error.message
      }
      if (res !== undefined) {
        if (res.status === 200) {
          const parsed = parseToken(res.body)
          if (parsed !== undefined) return this.keep(parsed)
          last = 'the token endpoint answered 200 without an access_token'
        } else if (res.status === 429 || (res.status >= 500 && res.status !== 501)) {
          last = `the token endpoint answered ${res.status}${oauthError(res.body)}`
        } else {
          throw new Error(
            `Could not get a service account token from POST ${TOKEN_PATH}: the token endpoint answered ${res.status}${oauthError(res.body)}${
              res.status === 400 || res.status === 401
                ? ' (check clientId and clientSecret, and that the service account has access to the project)'
                : ''
            }`
          )
        }
      }
      const failure = new AtlasNetworkError(
        'POST',
        TOKEN_PATH,
        `could not get a service account token: ${last}`,
        true
      )
      if (attempt + 1 >= TOKEN_ATTEMPTS) throw failure
      const header = res?.headers['retry-after']
      const retryAfter = parseRetryAfter(Array.isArray(header) ? header[0] : header, this.now())
      const delay = retryDelay(attempt, random, retryAfter)
      if (this.now() + delay > budget.deadline)
        throw new AtlasDeadlineError('POST', TOKEN_PATH, false, failure)
      await sleep(delay)
    }
  }

  private keep(parsed: { accessToken: string; expiresInSeconds: number }): void {
    this.options.onSecret(parsed.accessToken)
    const lifeMs = parsed.expiresInSeconds * 1000
    const now = this.now()
    this.token = {
      value: parsed.accessToken,
      expiresAt: now + lifeMs,
      renewAt: now + lifeMs - Math.min(RENEW_MARGIN_MAX_MS, lifeMs * RENEW_MARGIN_SHARE)
    }
  }
}

/** The OAuth error code of a token endpoint's answer (RFC 6749 5.2), as `: invalid_client`. */
function oauthError(body: string): string {
  try {
    const { error } = JSON.parse(body) as { error?: unknown }
    return typeof error === 'string' ? ` ${serverText(error, 80)}` : ''
  } catch {
    return ''
  }
}

function parseToken(body: string): { accessToken: string; expiresInSeconds: number } | undefined {
  try {
    const json = JSON.parse(body) as { access_token?: unknown; expires_in?: unknown }
    if (typeof json.access_token !== 'string' || json.access_token === '') return undefined
    const expiresIn =
      typeof json.expires_in === 'number' && json.expires_in > 0 ? json.expires_in : 3600
    return { accessToken: json.access_token, expiresInSeconds: expiresIn }
  } catch {
    return undefined
  }
}
