// A small HTTP client for the simulator tests, written here (not imported from src/): RFC 7616
// Digest with nonce reuse, bearer tokens, and raw access to status, headers and body.

import { createHash } from 'node:crypto'
import type { Simulator } from '../../simulator/index.js'

export const V2023 = 'application/vnd.atlas.2023-01-01+json'
export const V2023_02 = 'application/vnd.atlas.2023-02-01+json'
export const V2024 = 'application/vnd.atlas.2024-08-05+json'
export const VFLEX = 'application/vnd.atlas.2024-11-13+json'

export type Doc = Record<string, unknown>
export interface Reply {
  status: number
  headers: Headers
  text: string
  body: Doc
}

export interface Challenge {
  realm: string
  nonce: string
  algorithm: string
  qop: string
  stale: string
}

/** Every challenge in a WWW-Authenticate value (several are joined with ", " by fetch). */
export function parseChallenges(header: string): Challenge[] {
  return header
    .split(/,?\s*(?=Digest\s)/)
    .filter(part => part.trim().startsWith('Digest'))
    .map(part => {
      const params: Record<string, string> = {}
      for (const m of part.matchAll(/([\w-]+)=(?:"([^"]*)"|([^\s,]+))/g))
        params[m[1]] = m[2] ?? m[3]
      return params as unknown as Challenge
    })
}

export function digestHeader(o: {
  challenge: Challenge
  username: string
  password: string
  method: string
  uri: string
  nc: number
  cnonce?: string
  algorithm?: string
}): string {
  const algorithm = o.algorithm ?? o.challenge.algorithm ?? 'MD5'
  const h = (s: string) =>
    createHash(algorithm === 'SHA-256' ? 'sha256' : 'md5')
      .update(s)
      .digest('hex')
  const nc = o.nc.toString(16).padStart(8, '0')
  const cnonce = o.cnonce ?? 'c0ffee0123456789'
  const ha1 = h(`${o.username}:${o.challenge.realm}:${o.password}`)
  const ha2 = h(`${o.method}:${o.uri}`)
  const response = h(`${ha1}:${o.challenge.nonce}:${nc}:${cnonce}:auth:${ha2}`)
  return (
    `Digest username="${o.username}", realm="${o.challenge.realm}", nonce="${o.challenge.nonce}", ` +
    `uri="${o.uri}", algorithm=${algorithm}, qop=auth, nc=${nc}, cnonce="${cnonce}", response="${response}"`
  )
}

export async function reply(res: Response): Promise<Reply> {
  const text = await res.text()
  let body: Doc = {}
  try {
    body = text ? (JSON.parse(text) as Doc) : {}
  } catch {
    body = { raw: text }
  }
  return { status: res.status, headers: res.headers, text, body }
}

export interface CallOptions {
  /** Accept header; null sends none. Default 2023-01-01. */
  accept?: string | null
  body?: unknown
  /** Default: the Accept media type. */
  contentType?: string
  headers?: Record<string, string>
}

/** A Digest client that reuses its nonce with an increasing nc, as real clients do. */
export class DigestClient {
  challenge: Challenge | undefined
  nc = 0
  constructor(
    readonly sim: Simulator,
    readonly password = sim.credentials.privateKey,
    readonly algorithm?: string
  ) {}

  headerFor(method: string, uri: string, nc?: number): string {
    this.nc = nc ?? this.nc + 1
    return digestHeader({
      challenge: this.challenge!,
      username: this.sim.credentials.publicKey,
      password: this.password,
      method,
      uri,
      nc: this.nc,
      ...(this.algorithm && { algorithm: this.algorithm })
    })
  }

  async call(method: string, uri: string, o: CallOptions = {}): Promise<Reply> {
    const send = () => {
      const headers: Record<string, string> = { ...o.headers }
      const accept = o.accept === undefined ? V2023 : o.accept
      if (accept !== null) headers.accept = accept
      if (o.body !== undefined) headers['content-type'] = o.contentType ?? accept ?? V2023
      if (this.challenge) headers.authorization = this.headerFor(method, uri)
      return fetch(this.sim.url + uri, {
        method,
        headers,
        body: o.body === undefined ? undefined : JSON.stringify(o.body)
      })
    }
    let res = await send()
    // Answer a challenge once, and a stale one again (as RFC 7616 clients do).
    for (let attempt = 0; attempt < 2; attempt++) {
      const www = res.headers.get('www-authenticate')
      if (res.status !== 401 || !www) break
      if (attempt > 0 && !/stale=true/i.test(www)) break
      await res.text()
      this.challenge = parseChallenges(www).find(
        c => this.algorithm === undefined || c.algorithm === this.algorithm
      )
      this.nc = 0
      res = await send()
    }
    return reply(res)
  }
}

export async function token(sim: Simulator, secret = sim.credentials.clientSecret): Promise<Reply> {
  const basic = Buffer.from(`${sim.credentials.clientId}:${secret}`).toString('base64')
  return reply(
    await fetch(`${sim.url}/api/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded'
      },
      body: 'grant_type=client_credentials'
    })
  )
}

/** A client with a service-account token (fetched on first use). */
export class BearerClient {
  access: string | undefined
  constructor(readonly sim: Simulator) {}

  async call(method: string, uri: string, o: CallOptions = {}): Promise<Reply> {
    this.access ??= (await token(this.sim)).body.access_token as string
    const headers: Record<string, string> = { authorization: `Bearer ${this.access}`, ...o.headers }
    const accept = o.accept === undefined ? V2023 : o.accept
    if (accept !== null) headers.accept = accept
    if (o.body !== undefined) headers['content-type'] = o.contentType ?? accept ?? V2023
    return reply(
      await fetch(this.sim.url + uri, {
        method,
        headers,
        body: o.body === undefined ? undefined : JSON.stringify(o.body)
      })
    )
  }
}

export const sleep = (ms: number) => new Promise(done => setTimeout(done, ms))

/** Polls until `check` holds (or throws after `ms`). */
export async function until<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  ms = 3000
): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const value = await read()
    if (check(value)) return value
    if (Date.now() > end) throw new Error(`condition not met in ${ms} ms: ${JSON.stringify(value)}`)
    await sleep(25)
  }
}
