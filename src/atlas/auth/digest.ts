// HTTP Digest (RFC 7616) as Atlas uses it: MD5 with qop=auth (SHA-256 when offered). The
// handler keeps the server's nonce and counts nc up, so each call after the first costs one
// round trip; a stale or replaced nonce is taken up and the request sent once more.

import { createHash, randomBytes } from 'node:crypto'
import type { IncomingMessage, RequestOptions } from 'node:http'
import type { HttpClient, HttpClientResponse } from '@actions/http-client'
import type { RequestInfo } from '@actions/http-client/lib/interfaces'
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

/** API-key authentication as an http-client request handler. */
export class DigestAuth implements AtlasAuth {
  private challenge?: DigestChallenge
  private nc = 0
  private pending?: HttpClientResponse

  constructor(
    private readonly publicKey: string,
    private readonly privateKey: string,
    private readonly cnonce: () => string = () => randomBytes(16).toString('hex')
  ) {}

  async prepare(): Promise<void> {}

  prepareRequest(options: RequestOptions): void {
    if (this.challenge === undefined || options.headers === undefined) return
    const headers = options.headers as Record<string, string>
    this.nc += 1
    headers.authorization = digestAuthorization({
      challenge: this.challenge,
      username: this.publicKey,
      password: this.privateKey,
      method: options.method ?? 'GET',
      uri: options.path ?? '/',
      nc: this.nc,
      cnonce: this.cnonce()
    }).header
  }

  canHandleAuthentication(response: HttpClientResponse): boolean {
    const challenges = this.challengesOf(response.message)
    if (challenges === undefined) return false
    const next = chooseChallenge(challenges)
    // Answer again only with a nonce we have not used: a first challenge, a stale nonce, or a
    // new one. The same nonce refused again means the key itself is wrong.
    if (next === undefined || (next.nonce === this.challenge?.nonce && !next.stale)) return false
    this.pending = response
    return true
  }

  async handleAuthentication(
    httpClient: HttpClient,
    requestInfo: RequestInfo,
    data: string | NodeJS.ReadableStream | null
  ): Promise<HttpClientResponse> {
    const response = this.pending
    this.pending = undefined
    if (response === undefined) throw new Error('digest: no challenge to answer')
    await response.readBody() // frees the socket for the next request
    const challenge = chooseChallenge(this.challengesOf(response.message) ?? [])
    if (challenge === undefined) throw new Error('digest: no challenge to answer')
    this.challenge = challenge
    this.nc = 0
    this.prepareRequest(requestInfo.options)
    return httpClient.requestRaw(requestInfo, data as string | NodeJS.ReadableStream)
  }

  private challengesOf(message: IncomingMessage): DigestChallenge[] | undefined {
    if (message.statusCode !== 401) return undefined
    const header = message.headers['www-authenticate']
    if (header === undefined) return undefined
    return parseDigestChallenges(Array.isArray(header) ? header.join(', ') : header)
  }
}
