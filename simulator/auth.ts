// Authentication as Atlas does it: HTTP Digest for API keys (RFC 7616: MD5 with qop=auth, or
// SHA-256 when offered) with nonces a client may reuse with an increasing nc, and OAuth 2.0
// client credentials for service accounts (bearer tokens from POST /api/oauth/token).

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

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
  { ok: true; username: string; nonce: string } | { ok: false; stale: boolean; reason: string }

interface NonceState {
  issuedAt: number
  lastNc: number
  /** Set by the staleNonce fault: the nonce counts as expired from then on. */
  expired: boolean
}

export function parseAuthParams(header: string): Record<string, string> {
  const params: Record<string, string> = {}
  const body = header.replace(/^\s*\w+\s+/, '')
  for (const m of body.matchAll(/([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g))
    params[m[1].toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '')
  return params
}

const same = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))

export class DigestServer {
  private readonly nonces = new Map<string, NonceState>()

  constructor(
    private readonly keys: Map<string, string>,
    private readonly algorithms: DigestAlgorithm[],
    private readonly nonceTtlMs: number,
    private readonly now: () => number
  ) {
    if (algorithms.length === 0) throw new Error('simulator: digestAlgorithms must not be empty')
  }

  /** WWW-Authenticate values: one challenge per offered algorithm, all on one fresh nonce. */
  challenge(stale: boolean): string[] {
    this.prune()
    const nonce = randomBytes(24).toString('base64')
    this.nonces.set(nonce, { issuedAt: this.now(), lastNc: 0, expired: false })
    return this.algorithms.map(
      algorithm =>
        `Digest realm="${REALM}", domain="", nonce="${nonce}", algorithm=${algorithm}, qop="auth", stale=${stale}`
    )
  }

  /** The staleNonce fault: this nonce is expired from now on. */
  expire(nonce: string): void {
    const state = this.nonces.get(nonce)
    if (state) state.expired = true
  }

  /**
   * Checks an Authorization: Digest header. A wrong answer (wrong key, wrong uri, unknown
   * nonce, replayed nc) is refused with stale=false; a right answer on an old nonce with
   * stale=true, which tells the client to answer the new challenge without asking anyone.
   */
  verify(header: string, method: string, requestUri: string): DigestVerdict {
    const p = parseAuthParams(header)
    const password = this.keys.get(p.username ?? '')
    if (password === undefined) return { ok: false, stale: false, reason: 'unknown public key' }
    if (p.realm !== REALM) return { ok: false, stale: false, reason: 'wrong realm' }
    if (p.uri !== requestUri)
      return { ok: false, stale: false, reason: 'uri does not match the request target' }
    const algorithm = (p.algorithm ?? 'MD5').toUpperCase() as DigestAlgorithm
    if (!this.algorithms.includes(algorithm))
      return { ok: false, stale: false, reason: `algorithm ${algorithm} was not offered` }
    if (p.qop !== 'auth' || !/^[0-9a-f]{8}$/i.test(p.nc ?? '') || !p.cnonce)
      return { ok: false, stale: false, reason: 'qop=auth with nc and cnonce is required' }
    const nonce = this.nonces.get(p.nonce ?? '')
    if (nonce === undefined) return { ok: false, stale: false, reason: 'unknown nonce' }
    const hash = (s: string) =>
      createHash(algorithm === 'MD5' ? 'md5' : 'sha256')
        .update(s)
        .digest('hex')
    const ha1 = hash(`${p.username}:${REALM}:${password}`)
    const ha2 = hash(`${method}:${requestUri}`)
    const expected = hash(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:auth:${ha2}`)
    if (!same(expected, (p.response ?? '').toLowerCase()))
      return { ok: false, stale: false, reason: 'wrong response (wrong private key?)' }
    // A correct answer on an expired nonce: the client knows the key, the nonce is just old.
    if (nonce.expired || this.now() - nonce.issuedAt > this.nonceTtlMs)
      return { ok: false, stale: true, reason: 'nonce expired' }
    const nc = parseInt(p.nc, 16)
    if (nc <= nonce.lastNc)
      return { ok: false, stale: false, reason: `nc ${p.nc} was already used with this nonce` }
    nonce.lastNc = nc
    return { ok: true, username: p.username, nonce: p.nonce }
  }

  private prune(): void {
    const horizon = this.now() - Math.max(this.nonceTtlMs * 4, 3_600_000)
    for (const [nonce, state] of this.nonces)
      if (state.issuedAt < horizon) this.nonces.delete(nonce)
  }
}

export interface TokenAnswer {
  status: number
  body: unknown
}

export class TokenServer {
  /** token → its client and expiry (0 once expired by a fault). */
  private readonly tokens = new Map<string, { clientId: string; expiresAt: number }>()
  private readonly revoked = new Set<string>()

  constructor(
    private readonly clients: Map<string, string>,
    private readonly ttlSeconds: number,
    private readonly now: () => number,
    private readonly maxLive = 100
  ) {}

  /** The client a Basic header names, when its secret is right. */
  private client(authorization: string | undefined): string | undefined {
    const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '')
    const decoded = basic ? Buffer.from(basic[1], 'base64').toString('utf8') : ''
    const colon = decoded.indexOf(':')
    const clientId = colon < 0 ? '' : decoded.slice(0, colon)
    const secret = colon < 0 ? '' : decoded.slice(colon + 1)
    const expected = this.clients.get(clientId)
    return expected !== undefined && same(expected, secret) ? clientId : undefined
  }

  private live(clientId?: string): number {
    let n = 0
    for (const [token, t] of this.tokens)
      if ((clientId === undefined || t.clientId === clientId) && this.valid(token)) n++
    return n
  }

  /** Answers POST /api/oauth/token (client credentials in a Basic header, form body). */
  issue(
    authorization: string | undefined,
    contentType: string | undefined,
    body: string
  ): TokenAnswer {
    if (!(contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      return {
        status: 400,
        body: {
          error: 'invalid_request',
          error_description: 'The body must be application/x-www-form-urlencoded.'
        }
      }
    }
    const grant = new URLSearchParams(body).get('grant_type')
    if (grant !== 'client_credentials') {
      return {
        status: 400,
        body: {
          error: grant === null ? 'invalid_request' : 'unsupported_grant_type',
          error_description: 'grant_type must be client_credentials.'
        }
      }
    }
    const clientId = this.client(authorization)
    if (clientId === undefined) {
      return {
        status: 401,
        body: { error: 'invalid_client', error_description: 'Invalid client credentials.' }
      }
    }
    // Atlas allows a service account a limited number of live tokens (100).
    if (this.live(clientId) >= this.maxLive) {
      return {
        status: 429,
        body: {
          error: 'too_many_active_tokens',
          error_description: `This service account already has ${this.maxLive} active access tokens, the maximum. Revoke one (POST /api/oauth/revoke) or wait until one expires.`
        }
      }
    }
    const token = `eyJ${randomBytes(48).toString('base64url')}`
    this.tokens.set(token, { clientId, expiresAt: this.now() + this.ttlSeconds * 1000 })
    return {
      status: 200,
      body: { access_token: token, expires_in: this.ttlSeconds, token_type: 'Bearer' }
    }
  }

  valid(token: string): boolean {
    const t = this.tokens.get(token)
    return t !== undefined && !this.revoked.has(token) && this.now() < t.expiresAt
  }

  /** The expireToken fault: this token is expired from now on. */
  expire(token: string): void {
    const t = this.tokens.get(token)
    if (t) t.expiresAt = 0
  }

  /**
   * Answers POST /api/oauth/revoke (RFC 7009): client credentials in a Basic header, a form body
   * with `token` (and an optional `token_type_hint`). 200 with an empty body, for an unknown
   * token too; a token of another client is left alone.
   */
  revoke(
    authorization: string | undefined,
    contentType: string | undefined,
    body: string
  ): TokenAnswer {
    if (!(contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded'))
      return {
        status: 400,
        body: {
          error: 'invalid_request',
          error_description: 'The body must be application/x-www-form-urlencoded.'
        }
      }
    const clientId = this.client(authorization)
    if (clientId === undefined)
      return {
        status: 401,
        body: { error: 'invalid_client', error_description: 'Invalid client credentials.' }
      }
    const form = new URLSearchParams(body)
    const token = form.get('token')
    if (token === null || token === '')
      return {
        status: 400,
        body: { error: 'invalid_request', error_description: 'The token parameter is required.' }
      }
    const hint = form.get('token_type_hint')
    if (hint !== null && hint !== 'access_token' && hint !== 'refresh_token')
      return {
        status: 400,
        body: {
          error: 'unsupported_token_type',
          error_description: 'token_type_hint must be access_token.'
        }
      }
    if (this.tokens.get(token)?.clientId === clientId) this.revoked.add(token)
    return { status: 200, body: undefined }
  }

  stats(): { issued: number; live: number; revoked: number } {
    return { issued: this.tokens.size, live: this.live(), revoked: this.revoked.size }
  }

  issued(): string[] {
    return [...this.tokens.keys()]
  }
}
