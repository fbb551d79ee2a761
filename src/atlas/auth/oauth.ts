// Service accounts: OAuth 2.0 client credentials against {baseUrl}/api/oauth/token. Tokens
// last an hour and restores can last longer, so the token is renewed ahead of its expiry and
// once more if Atlas answers 401 mid-wait.

import type { RequestOptions } from 'node:http'
import { HttpClient, type HttpClientResponse } from '@actions/http-client'
import type { RequestInfo } from '@actions/http-client/lib/interfaces'
import type { AtlasAuth } from './types.js'

export interface TokenClientOptions {
  baseUrl: string
  userAgent: string
  /** Registers a secret with the runner before anything could print it. */
  onSecret: (secret: string) => void
  debug?: (message: string) => void
  now?: () => number
  requestTimeoutMs?: number
}

/** Renew a minute before expiry (sooner for short-lived tokens: at 90 % of their life). */
const RENEW_MARGIN_SHARE = 0.1
const RENEW_MARGIN_MAX_MS = 60_000
const TOKEN_ATTEMPTS = 3

export class ServiceAccountAuth implements AtlasAuth {
  private token?: { value: string; expiresAt: number; renewAt: number }
  private pending?: HttpClientResponse
  private readonly http: HttpClient
  private readonly now: () => number

  constructor(
    private readonly clientId: string,
    private readonly clientSecret: string,
    private readonly options: TokenClientOptions
  ) {
    this.now = options.now ?? Date.now
    this.http = new HttpClient(options.userAgent, [], {
      socketTimeout: options.requestTimeoutMs ?? 30_000,
      // Like the API client: credentials are never sent on to another address.
      allowRedirects: false
    })
  }

  async prepare(): Promise<void> {
    if (this.token === undefined || this.now() >= this.token.renewAt) await this.fetchToken()
  }

  prepareRequest(options: RequestOptions): void {
    if (this.token !== undefined && options.headers !== undefined) {
      ;(options.headers as Record<string, string>).authorization = `Bearer ${this.token.value}`
    }
  }

  canHandleAuthentication(response: HttpClientResponse): boolean {
    if (response.message.statusCode !== 401) return false
    this.pending = response
    return true
  }

  async handleAuthentication(
    httpClient: import('@actions/http-client').HttpClient,
    requestInfo: RequestInfo,
    data: string | NodeJS.ReadableStream | null
  ): Promise<HttpClientResponse> {
    await this.pending?.readBody()
    this.pending = undefined
    await this.fetchToken()
    this.prepareRequest(requestInfo.options)
    return httpClient.requestRaw(requestInfo, data as string | NodeJS.ReadableStream)
  }

  private async fetchToken(): Promise<void> {
    const url = `${this.options.baseUrl}/api/oauth/token`
    const basic = Buffer.from(`${this.clientId}:${this.clientSecret}`).toString('base64')
    this.options.onSecret(basic)
    let lastError = ''
    for (let attempt = 1; attempt <= TOKEN_ATTEMPTS; attempt++) {
      let status = 0
      let body = ''
      try {
        const response = await this.http.post(url, 'grant_type=client_credentials', {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json'
        })
        status = response.message.statusCode ?? 0
        body = await response.readBody()
        this.options.debug?.(`POST /api/oauth/token → ${status}`)
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error)
        continue
      }
      if (status === 200) {
        const parsed = parseToken(body)
        if (parsed !== undefined) {
          this.options.onSecret(parsed.accessToken)
          const lifeMs = parsed.expiresInSeconds * 1000
          const now = this.now()
          this.token = {
            value: parsed.accessToken,
            expiresAt: now + lifeMs,
            renewAt: now + lifeMs - Math.min(RENEW_MARGIN_MAX_MS, lifeMs * RENEW_MARGIN_SHARE)
          }
          return
        }
        lastError = 'the token endpoint answered 200 without an access_token'
        continue
      }
      lastError = `the token endpoint answered ${status}`
      // A refused client will be refused again: only server trouble is worth another try.
      if (status < 500 && status !== 429) break
    }
    throw new Error(
      `Could not get a service account token from POST /api/oauth/token: ${lastError} (check clientId and clientSecret, and that the service account has access to the project)`
    )
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
