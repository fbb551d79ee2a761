import { describe, expect, it } from '@jest/globals'
import {
  chooseChallenge,
  digestAuthorization,
  parseDigestChallenges
} from '../src/atlas/auth/digest.js'

// RFC 7616 section 3.9.1: the worked example, offered as SHA-256 and MD5 challenges.
const RFC_HEADER =
  'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, ' +
  'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS", ' +
  'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, ' +
  'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"'
const RFC_REQUEST = {
  username: 'Mufasa',
  password: 'Circle of Life',
  method: 'GET',
  uri: '/dir/index.html',
  nc: 1,
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ'
}

describe('digest (RFC 7616)', () => {
  it('parses both challenges of the RFC example', () => {
    const challenges = parseDigestChallenges(RFC_HEADER)
    expect(challenges.map(c => c.algorithm)).toEqual(['SHA-256', 'MD5'])
    expect(challenges[1]).toEqual({
      realm: 'http-auth@example.org',
      nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
      algorithm: 'MD5',
      qop: 'auth, auth-int',
      opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
      stale: false
    })
  })

  it('computes the RFC example response for MD5', () => {
    const [, md5] = parseDigestChallenges(RFC_HEADER)
    const { response, header } = digestAuthorization({ challenge: md5, ...RFC_REQUEST })
    expect(response).toBe('8ca523f5e9506fed4657c9700eebdbec')
    expect(header).toContain('nc=00000001')
    expect(header).toContain('qop=auth,')
    expect(header).toContain('opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"')
  })

  it('computes the RFC example response for SHA-256, and prefers it when offered', () => {
    const challenge = chooseChallenge(parseDigestChallenges(RFC_HEADER))
    expect(challenge?.algorithm).toBe('SHA-256')
    const { response } = digestAuthorization({ challenge: challenge!, ...RFC_REQUEST })
    expect(response).toBe('753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1')
  })

  it('changes the response with nc, so a reused nonce is answered freshly', () => {
    const [, md5] = parseDigestChallenges(RFC_HEADER)
    const first = digestAuthorization({ challenge: md5, ...RFC_REQUEST }).response
    const second = digestAuthorization({ challenge: md5, ...RFC_REQUEST, nc: 2 })
    expect(second.response).not.toBe(first)
    expect(second.header).toContain('nc=00000002')
  })

  it("parses Atlas's challenge as recorded (atlas-recordings README: the JSON drops the header)", () => {
    const header =
      'Digest realm="MMS Public API", domain="", nonce="Lq4XbXhQ1o0kM3yB+5QXxZ2pVPLmGdUv", algorithm=MD5, qop="auth", stale=false'
    const [challenge] = parseDigestChallenges(header)
    expect(challenge).toEqual({
      realm: 'MMS Public API',
      nonce: 'Lq4XbXhQ1o0kM3yB+5QXxZ2pVPLmGdUv',
      algorithm: 'MD5',
      qop: 'auth',
      stale: false
    })
  })

  it('reads stale=true and ignores other schemes', () => {
    const challenges = parseDigestChallenges(
      'Bearer realm="x", Digest realm="MMS Public API", domain="", nonce="abc, def", algorithm=MD5, qop="auth", stale=true'
    )
    expect(challenges).toHaveLength(1)
    expect(challenges[0]).toMatchObject({ nonce: 'abc, def', stale: true })
  })
})
