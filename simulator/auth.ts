// Authentication as Atlas does it: HTTP Digest for API keys (RFC 7616, MD5 with qop=auth, or
// SHA-256 when offered) with nonces that may be reused with an increasing nc, and OAuth 2.0
// client credentials for service accounts (bearer tokens from /api/oauth/token).

import { createHash, randomBytes } from 'node:crypto'

export type DigestAlgorithm = 'MD5' | 'SHA-256'

export const REALM = 'MMS Public API'

/** The body Atlas sends with a 401 Digest challenge: pretty-printed, no parameters. */
export const CHALLENGE_BODY = JSON.stringify(
  {
    error: 401,
    reason: 'Unauthorized',
    detail: 'You are not authorized for this resource.',
    errorCode: 'UNEXPECTED_ERROR'
  },
  null,
  2
)

export type DigestVerdict =
  { ok: true; username: string } | { ok: false; stale: boolean; reason: string }

interface NonceState {
  issuedAt: number
  lastNc: number
}

export class DigestServer {
  private readonly nonces = new Map<string, NonceState>()

  constructor(
    private readonly keys: Map<string, string>,
    private readonly algorithms: DigestAlgorithm[],
    private readonly nonceTtlMs: number,
    private readonly now: () => number
  ) {}

  /** WWW-Authenticate values: one challenge per offered algorithm, on a fresh nonce. */
  challenge(stale: boolean): string[] {
    const nonce = randomBytes(24).toString('base64')
    this.nonces.set(nonce, { issuedAt: this.now(), lastNc: 0 })
    return this.algorithms.map(
      algorithm =>
        `Digest realm="${REALM}", domain="", nonce="${nonce}", algorithm=${algorithm}, qop="auth", stale=${stale}`
    )
  }

  /** Makes every known nonce stale at once (the staleNonce fault). */
  expireNonces(): void {
    for (const state of this.nonces.values()) state.issuedAt = Number.NEGATIVE_INFINITY
  }

  verify(header: string, method: string, uri: string): DigestVerdict {
    const params: Record<string, string> = {}
    for (const m of header
      .replace(/^Digest\s+/i, '')
      .matchAll(/([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g)) {
      params[m[1].toLowerCase()] = m[2] ?? m[3] ?? ''
    }
    const password = this.keys.get(params.username ?? '')
    if (password === undefined) return { ok: false, stale: false, reason: 'unknown public key' }
    if (params.realm !== REALM) return { ok: false, stale: false, reason: 'wrong realm' }
    if (params.uri !== uri)
      return { ok: false, stale: false, reason: 'uri does not match the request' }
    const algorithm = (params.algorithm ?? 'MD5').toUpperCase()
    if (!this.algorithms.includes(algorithm as DigestAlgorithm))
      return { ok: false, stale: false, reason: 'algorithm not offered' }
    if (params.qop !== 'auth' || !/^[0-9a-f]{8}$/i.test(params.nc ?? '') || !params.cnonce) {
      return { ok: false, stale: false, reason: 'qop=auth with nc and cnonce required' }
    }
    const nonce = this.nonces.get(params.nonce ?? '')
    if (nonce === undefined) return { ok: false, stale: false, reason: 'unknown nonce' }
    const hash = (s: string) =>
      createHash(algorithm === 'MD5' ? 'md5' : 'sha256')
        .update(s)
        .digest('hex')
    const ha1 = hash(`${params.username}:${REALM}:${password}`)
    const ha2 = hash(`${method}:${uri}`)
    const expected = hash(`${ha1}:${params.nonce}:${params.nc}:${params.cnonce}:auth:${ha2}`)
    if (expected !== params.response)
      return { ok: false, stale: false, reason: 'wrong response (wrong private key?)' }
    // A correct answer on an expired nonce: the client knows the key, the nonce is just old.
    if (this.now() - nonce.issuedAt > this.nonceTtlMs)
      return { ok: false, stale: true, reason: 'nonce expired' }
    const nc = parseInt(params.nc, 16)
    if (nc <= nonce.lastNc) return { ok: false, stale: false, reason: 'nc replayed' }
    nonce.lastNc = nc
    return { ok: true, username: params.username }
  }
}

export class TokenServer {
  private readonly tokens = new Map<string, number>()

  constructor(
    private readonly clients: Map<string, string>,
    private readonly ttlSeconds: number,
    private readonly now: () => number
  ) {}

  /** Answers POST /api/oauth/token. */
  issue(
    authorization: string | undefined,
    contentType: string | undefined,
    body: string
  ): { status: number; body: unknown } {
    const basic = /^Basic\s+(.+)$/i.exec(authorization ?? '')
    const [clientId, ...rest] = basic
      ? Buffer.from(basic[1], 'base64').toString('utf8').split(':')
      : []
    if (!contentType?.startsWith('application/x-www-form-urlencoded')) {
      return {
        status: 400,
        body: { error: 'invalid_request', error_description: 'form-urlencoded body required' }
      }
    }
    if (new URLSearchParams(body).get('grant_type') !== 'client_credentials') {
      return { status: 400, body: { error: 'unsupported_grant_type' } }
    }
    if (clientId === undefined || this.clients.get(clientId) !== rest.join(':')) {
      return {
        status: 401,
        body: { error: 'invalid_client', error_description: 'Invalid client credentials.' }
      }
    }
    const token = `eyJ${randomBytes(36).toString('base64url')}`
    this.tokens.set(token, this.now() + this.ttlSeconds * 1000)
    return {
      status: 200,
      body: { access_token: token, expires_in: this.ttlSeconds, token_type: 'Bearer' }
    }
  }

  valid(token: string): boolean {
    const expiresAt = this.tokens.get(token)
    return expiresAt !== undefined && this.now() < expiresAt
  }

  expire(token: string): void {
    if (this.tokens.has(token)) this.tokens.set(token, 0)
  }

  issued(): string[] {
    return [...this.tokens.keys()]
  }
}
