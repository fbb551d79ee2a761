// HTTP Digest (RFC 7616) as Atlas uses it: MD5 with qop=auth (SHA-256 when offered). The
// scheme keeps the server's nonce and counts nc up, so each call after the first costs one
// round trip; a stale or replaced nonce is taken up and the request sent once more.

import { createHash, randomBytes } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import type { AtlasAuth } from './types.js'

export interface DigestChallenge {
  realm: string
  nonce: string
  algorithm: string
  qop?: string
  opaque?: string
  stale: boolean
}

/** Parses every Digest challenge in a WWW-Authenticate header value (there may be several). */
export function parseDigestChallenges(header: string): DigestChallenge[] {
  // Tokens are either a scheme name or a name=value parameter of the scheme before it; quoted
  // values are consumed whole, so commas and scheme-like words inside them do no harm.
  const token = /([A-Za-z][\w-]*)(?:\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]*)))?/g
  const schemes: { scheme: string; params: Record<string, string> }[] = []
  for (const m of header.matchAll(token)) {
    if (m[2] === undefined && m[3] === undefined) {
      schemes.push({ scheme: m[1].toLowerCase(), params: {} })
    } else if (schemes.length > 0) {
      const value = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '')
      schemes[schemes.length - 1].params[m[1].toLowerCase()] = value
    }
  }
  return schemes
    .filter(({ scheme, params }) => scheme === 'digest' && params.nonce !== undefined)
    .map(({ params }) => ({
      realm: params.realm ?? '',
      nonce: params.nonce,
      algorithm: (params.algorithm ?? 'MD5').toUpperCase(),
      ...(params.qop !== undefined && { qop: params.qop }),
      ...(params.opaque !== undefined && { opaque: params.opaque }),
      stale: (params.stale ?? '').toLowerCase() === 'true'
    }))
}

const HASHES: Record<string, string> = { MD5: 'md5', 'SHA-256': 'sha256' }

/** The strongest challenge this client can answer: SHA-256 before MD5. */
export function chooseChallenge(challenges: DigestChallenge[]): DigestChallenge | undefined {
  const supported = (c: DigestChallenge) => HASHES[c.algorithm.replace(/-SESS$/, '')] !== undefined
  return (
    challenges.find(c => supported(c) && c.algorithm.startsWith('SHA-256')) ??
    challenges.find(supported)
  )
}

export interface DigestResponseInput {
  challenge: DigestChallenge
  username: string
  password: string
  method: string
  uri: string
  nc: number
  cnonce: string
}

/** The `response` value and the full Authorization header (RFC 7616 section 3.4). */
export function digestAuthorization(input: DigestResponseInput): {
  response: string
  header: string
} {
  const { challenge, username, password, method, uri, cnonce } = input
  const sess = challenge.algorithm.endsWith('-SESS')
  const hashName = HASHES[challenge.algorithm.replace(/-SESS$/, '')]
  const H = (s: string) => createHash(hashName).update(s, 'utf8').digest('hex')
  const qop = challenge.qop
    ?.split(',')
    .map(q => q.trim())
    .includes('auth')
    ? 'auth'
    : undefined
  const nc = input.nc.toString(16).padStart(8, '0')
  let ha1 = H(`${username}:${challenge.realm}:${password}`)
  if (sess) ha1 = H(`${ha1}:${challenge.nonce}:${cnonce}`)
  const ha2 = H(`${method}:${uri}`)
  const response = qop
    ? H(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:${qop}:${ha2}`)
    : H(`${ha1}:${challenge.nonce}:${ha2}`)
  const fields = [
    `username="${username}"`,
    `realm="${challenge.realm}"`,
    `nonce="${challenge.nonce}"`,
    `uri="${uri}"`,
    `algorithm=${challenge.algorithm}`,
    ...(qop ? [`qop=${qop}`, `nc=${nc}`, `cnonce="${cnonce}"`] : []),
    `response="${response}"`,
    ...(challenge.opaque !== undefined ? [`opaque="${challenge.opaque}"`] : [])
  ]
  return { response, header: `Digest ${fields.join(', ')}` }
}

/** API-key authentication: answers the server's challenge, reusing its nonce with nc counting. */
export class DigestAuth implements AtlasAuth {
  private challenge?: DigestChallenge
  private nc = 0

  constructor(
    private readonly publicKey: string,
    private readonly privateKey: string,
    private readonly cnonce: () => string = () => randomBytes(16).toString('hex')
  ) {}

  async prepare(): Promise<void> {}

  authorize(method: string, path: string): string | undefined {
    if (this.challenge === undefined) return undefined
    this.nc += 1
    return digestAuthorization({
      challenge: this.challenge,
      username: this.publicKey,
      password: this.privateKey,
      method,
      uri: path,
      nc: this.nc,
      cnonce: this.cnonce()
    }).header
  }

  async onUnauthorized(headers: IncomingHttpHeaders): Promise<boolean> {
    const header = headers['www-authenticate']
    if (header === undefined) return false
    const next = chooseChallenge(
      parseDigestChallenges(Array.isArray(header) ? header.join(', ') : header)
    )
    // Answer again only with a nonce we have not used: a first challenge, a stale nonce, or a
    // new one. The same nonce refused again means the key itself is wrong.
    if (next === undefined || (next.nonce === this.challenge?.nonce && !next.stale)) return false
    this.challenge = next
    this.nc = 0
    return true
  }

  /** API keys have no session to end. */
  async revoke(): Promise<void> {}
}
