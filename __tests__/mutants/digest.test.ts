// Tests written to kill the mutants that survived __tests__/digest.test.ts in
// src/atlas/auth/digest.ts (CONTRIBUTING.md, Mutation testing). Expected values are computed
// here from RFC 7616's formulas, independently of the module.

import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import {
  chooseChallenge,
  DigestAuth,
  digestAuthorization,
  parseDigestChallenges,
  type DigestChallenge
} from '../../src/atlas/auth/digest.js'

const md5 = (s: string) => createHash('md5').update(Buffer.from(s, 'utf8')).digest('hex')
const sha256 = (s: string) => createHash('sha256').update(Buffer.from(s, 'utf8')).digest('hex')

const NONCE = '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v'
const OPAQUE = 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS'
const CNONCE = 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ'
const REQUEST = {
  username: 'Mufasa',
  password: 'Circle of Life',
  method: 'GET',
  uri: '/dir/index.html',
  nc: 1,
  cnonce: CNONCE
}
const challenge = (over: Partial<DigestChallenge> = {}): DigestChallenge => ({
  realm: 'http-auth@example.org',
  nonce: NONCE,
  algorithm: 'MD5',
  qop: 'auth',
  opaque: OPAQUE,
  stale: false,
  ...over
})

describe('digestAuthorization: the whole header', () => {
  it("is RFC 7616's MD5 example, field by field and in order", () => {
    const { header } = digestAuthorization({ challenge: challenge(), ...REQUEST })
    expect(header).toBe(
      'Digest username="Mufasa", realm="http-auth@example.org", ' +
        `nonce="${NONCE}", uri="/dir/index.html", algorithm=MD5, qop=auth, nc=00000001, ` +
        `cnonce="${CNONCE}", response="8ca523f5e9506fed4657c9700eebdbec", opaque="${OPAQUE}"`
    )
  })

  it('without qop: the RFC 2069 response, no qop, nc or cnonce; no opaque when none was sent', () => {
    const c = challenge({ qop: undefined, opaque: undefined })
    delete c.qop
    delete c.opaque
    const { response, header } = digestAuthorization({ challenge: c, ...REQUEST })
    const ha1 = md5('Mufasa:http-auth@example.org:Circle of Life')
    const ha2 = md5('GET:/dir/index.html')
    expect(response).toBe(md5(`${ha1}:${NONCE}:${ha2}`))
    expect(header).toBe(
      'Digest username="Mufasa", realm="http-auth@example.org", ' +
        `nonce="${NONCE}", uri="/dir/index.html", algorithm=MD5, response="${response}"`
    )
  })

  it('picks auth out of a qop list with spaces, and ignores auth-int alone', () => {
    const listed = digestAuthorization({
      challenge: challenge({ qop: 'auth-int, auth' }),
      ...REQUEST
    })
    expect(listed.response).toBe('8ca523f5e9506fed4657c9700eebdbec')
    expect(listed.header).toContain('qop=auth, nc=00000001')
    const intOnly = digestAuthorization({ challenge: challenge({ qop: 'auth-int' }), ...REQUEST })
    expect(intOnly.header).not.toContain('qop=')
    const ha1 = md5('Mufasa:http-auth@example.org:Circle of Life')
    expect(intOnly.response).toBe(md5(`${ha1}:${NONCE}:${md5('GET:/dir/index.html')}`))
  })

  it('MD5-sess and SHA-256-sess hash the nonce and cnonce into HA1', () => {
    for (const [algorithm, H] of [
      ['MD5-SESS', md5],
      ['SHA-256-SESS', sha256]
    ] as const) {
      const { response, header } = digestAuthorization({
        challenge: challenge({ algorithm }),
        ...REQUEST
      })
      const ha1 = H(`${H('Mufasa:http-auth@example.org:Circle of Life')}:${NONCE}:${CNONCE}`)
      const ha2 = H('GET:/dir/index.html')
      expect(response).toBe(H(`${ha1}:${NONCE}:00000001:${CNONCE}:auth:${ha2}`))
      expect(header).toContain(`algorithm=${algorithm},`)
    }
  })

  it('hashes the key as UTF-8', () => {
    const { response } = digestAuthorization({
      challenge: challenge(),
      ...REQUEST,
      password: 'clé-privée-ß'
    })
    const ha1 = md5('Mufasa:http-auth@example.org:clé-privée-ß')
    const ha2 = md5('GET:/dir/index.html')
    expect(response).toBe(md5(`${ha1}:${NONCE}:00000001:${CNONCE}:auth:${ha2}`))
  })
})

describe('parseDigestChallenges: the grammar', () => {
  it('takes spaces around "=" and unescapes quoted pairs', () => {
    expect(parseDigestChallenges('Digest realm = "a\\"b\\\\c", nonce = n1')).toStrictEqual([
      { realm: 'a"b\\c', nonce: 'n1', algorithm: 'MD5', stale: false }
    ])
  })

  it('leaves qop and opaque out when absent, defaults realm and algorithm', () => {
    const [c] = parseDigestChallenges('Digest nonce="n1"')
    expect(c).toStrictEqual({ realm: '', nonce: 'n1', algorithm: 'MD5', stale: false })
    expect('qop' in c).toBe(false)
    expect('opaque' in c).toBe(false)
  })

  it('reads an empty unquoted value as empty', () => {
    expect(parseDigestChallenges('Digest realm=, nonce=n1')[0].realm).toBe('')
  })

  it('skips parameters before any scheme, schemes without a nonce, and nonces of other schemes', () => {
    expect(parseDigestChallenges('nonce="x", Digest realm="r"')).toEqual([])
    expect(parseDigestChallenges('Bearer nonce="x", realm="r"')).toEqual([])
    expect(parseDigestChallenges('realm="r", Digest nonce="y"')).toStrictEqual([
      { realm: '', nonce: 'y', algorithm: 'MD5', stale: false }
    ])
  })

  it('reads stale case-blind, and anything else as not stale', () => {
    const stale = (v: string) => parseDigestChallenges(`Digest nonce=n, stale=${v}`)[0].stale
    expect(stale('TRUE')).toBe(true)
    expect(stale('false')).toBe(false)
    expect(stale('yes')).toBe(false)
  })
})

describe('chooseChallenge', () => {
  const c = (algorithm: string) => challenge({ algorithm, nonce: algorithm })

  it('prefers SHA-256 wherever it is listed, then the first MD5', () => {
    expect(chooseChallenge([c('MD5'), c('SHA-256')])?.algorithm).toBe('SHA-256')
    expect(chooseChallenge([c('MD5-SESS'), c('SHA-256-SESS')])?.algorithm).toBe('SHA-256-SESS')
    expect(chooseChallenge([c('MD5'), c('MD5-SESS')])?.algorithm).toBe('MD5')
  })

  it('skips algorithms it cannot answer, even ones that start like SHA-256', () => {
    expect(chooseChallenge([c('SHA-512-256'), c('MD5')])?.algorithm).toBe('MD5')
    expect(chooseChallenge([c('SHA-256-X'), c('MD5-SESS')])?.algorithm).toBe('MD5-SESS')
    expect(chooseChallenge([c('MD-SESS5')])).toBeUndefined()
    expect(chooseChallenge([c('TOKEN')])).toBeUndefined()
    expect(chooseChallenge([])).toBeUndefined()
  })
})

describe('DigestAuth on its own', () => {
  // Typed as one string, but a header sent twice is read defensively as a list too.
  const www = (value: string | string[]) =>
    ({ 'www-authenticate': value }) as unknown as IncomingHttpHeaders

  it('sends nothing before a challenge, then counts nc up on one nonce', async () => {
    const auth = new DigestAuth('pub', 'priv', () => 'c0')
    expect(auth.authorize('GET', '/a')).toBeUndefined()
    expect(await auth.onUnauthorized(www('Digest realm="r", nonce="n1", qop="auth"'))).toBe(true)
    expect(auth.authorize('GET', '/a')).toContain('nc=00000001, cnonce="c0"')
    expect(auth.authorize('POST', '/b')).toMatch(/uri="\/b".*nc=00000002/)
  })

  it('no header, or no challenge it can answer: gives up', async () => {
    const auth = new DigestAuth('pub', 'priv')
    expect(await auth.onUnauthorized({})).toBe(false)
    expect(await auth.onUnauthorized(www('Bearer realm="r"'))).toBe(false)
    expect(auth.authorize('GET', '/a')).toBeUndefined()
  })

  it('the same nonce refused again gives up; stale or new starts nc over', async () => {
    const auth = new DigestAuth('pub', 'priv', () => 'c0')
    expect(await auth.onUnauthorized(www('Digest nonce="n1", qop="auth"'))).toBe(true)
    auth.authorize('GET', '/a')
    auth.authorize('GET', '/a')
    expect(await auth.onUnauthorized(www('Digest nonce="n1", qop="auth"'))).toBe(false)
    expect(await auth.onUnauthorized(www('Digest nonce="n1", qop="auth", stale=true'))).toBe(true)
    expect(auth.authorize('GET', '/a')).toMatch(/nonce="n1".*nc=00000001/)
    expect(await auth.onUnauthorized(www('Digest nonce="n2", qop="auth"'))).toBe(true)
    expect(auth.authorize('GET', '/a')).toMatch(/nonce="n2".*nc=00000001/)
  })

  it('reads a header sent several times as one list', async () => {
    const auth = new DigestAuth('pub', 'priv', () => 'c0')
    expect(
      await auth.onUnauthorized(
        www(['Digest nonce=n1, algorithm=SHA-256', 'Digest nonce=n2, algorithm=MD5'])
      )
    ).toBe(true)
    expect(auth.authorize('GET', '/a')).toMatch(/nonce="n1".*algorithm=SHA-256/)
  })
})

describe('DigestAuth: its own cnonce', () => {
  it('is 16 random bytes in hex, new for every request', async () => {
    const auth = new DigestAuth('pub', 'priv')
    await auth.onUnauthorized({ 'www-authenticate': 'Digest nonce="n1", qop="auth"' })
    const cnonce = (h?: string) => /cnonce="([^"]*)"/.exec(h ?? '')?.[1]
    const first = cnonce(auth.authorize('GET', '/a'))
    const second = cnonce(auth.authorize('GET', '/a'))
    expect(first).toMatch(/^[0-9a-f]{32}$/)
    expect(second).toMatch(/^[0-9a-f]{32}$/)
    expect(second).not.toBe(first)
  })
})
