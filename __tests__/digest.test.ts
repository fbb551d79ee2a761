import { describe, expect, it } from '@jest/globals'
import {
  chooseChallenge,
  DigestAuth,
  digestAuthorization,
  parseDigestChallenges
} from '../src/atlas/auth/digest.js'
import { ServiceAccountAuth } from '../src/atlas/auth/oauth.js'
import { AtlasNetworkError } from '../src/atlas/errors.js'
import { operations } from '../src/atlas/operations.js'
import { json, testClient, useHostile, type Behaviour } from './helpers/hostile.js'

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

// The schemes end to end, against a loopback server.
const hostile = useHostile()
const { server, clients } = hostile
const getCluster = {
  operation: operations.getCluster,
  params: { groupId: '6a793f6b2c88faeba59bae37', clusterName: 'c1' }
}
const challenge =
  (nonce: string, stale = false): Behaviour =>
  (_, res) => {
    res.writeHead(401, {
      'www-authenticate': `Digest realm="MMS Public API", nonce="${nonce}", algorithm=MD5, qop="auth", stale=${stale}`
    })
    res.end()
  }

describe('DigestAuth through the client', () => {
  it('answers the challenge, reuses the nonce with nc counting, and takes up a stale one', async () => {
    server.script = [
      challenge('n1'),
      json(200, {}),
      json(200, {}),
      challenge('n2', true),
      json(200, {})
    ]
    const c = testClient(clients, server.url, { auth: new DigestAuth('pub', 'priv') })
    await c.send(getCluster)
    await c.send(getCluster)
    await c.send(getCluster)
    const auths = server.seen.map(s => s.headers.authorization ?? '')
    expect(auths[0]).toBe('')
    expect(auths[1]).toMatch(/nonce="n1".*nc=00000001/)
    expect(auths[2]).toMatch(/nonce="n1".*nc=00000002/)
    expect(auths[4]).toMatch(/nonce="n2".*nc=00000001/)
    expect(server.seen).toHaveLength(5)
  })

  it('gives up when the same nonce is refused again (a wrong key)', async () => {
    server.script = [challenge('n1'), challenge('n1'), json(200, {})]
    const c = testClient(clients, server.url, { auth: new DigestAuth('pub', 'bad') })
    await expect(c.send(getCluster)).rejects.toMatchObject({ status: 401 })
    expect(server.seen).toHaveLength(2)
  })
})

describe('ServiceAccountAuth through the client', () => {
  const token = (value: string): Behaviour => json(200, { access_token: value, expires_in: 3600 })
  const account = (secrets: string[] = []) =>
    new ServiceAccountAuth('mdb_sa_id', 'mdb_sa_sk', {
      baseUrl: server.url,
      userAgent: 'test',
      onSecret: s => void secrets.push(s),
      requestTimeoutMs: 1_500,
      sleep: async () => {},
      random: () => 0.5
    })

  it('fetches a token (both secrets registered), renews once on 401, and revokes it', async () => {
    const secrets: string[] = []
    const auth = account(secrets)
    const basic = Buffer.from('mdb_sa_id:mdb_sa_sk').toString('base64')
    expect(secrets).toEqual([basic])
    server.script = [
      token('t1'),
      json(401, { error: 401 }),
      token('t2'),
      json(200, {}),
      json(200, {})
    ]
    const c = testClient(clients, server.url, { auth })
    await c.send(getCluster)
    expect(secrets).toEqual([basic, 't1', 't2'])
    expect(server.seen.map(s => s.headers.authorization)).toEqual([
      `Basic ${basic}`,
      'Bearer t1',
      `Basic ${basic}`,
      'Bearer t2'
    ])
    await c.revokeCredentials()
    const revoke = server.seen[4]
    expect(revoke).toMatchObject({ method: 'POST', url: '/api/oauth/revoke' })
    expect(revoke.headers.authorization).toBe(`Basic ${basic}`)
    expect(revoke.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(revoke.body).toBe('token=t2&token_type_hint=access_token')
  })

  it("retries the token endpoint's 429 honouring Retry-After", async () => {
    const sleeps: number[] = []
    const auth = new ServiceAccountAuth('id', 'sk', {
      baseUrl: server.url,
      userAgent: 'test',
      onSecret: () => {},
      sleep: async ms => void sleeps.push(ms),
      random: () => 0
    })
    server.script = [
      json(429, { error: 'slow_down' }, { 'retry-after': '2' }),
      token('t'),
      json(200, {})
    ]
    await testClient(clients, server.url, { auth }).send(getCluster)
    expect(sleeps).toEqual([2_000])
    expect(server.seen).toHaveLength(3)
  })

  it('names clientId and clientSecret only when the endpoint refuses them', async () => {
    server.script = [json(401, { error: 'invalid_client' })]
    const refused = await testClient(clients, server.url, { auth: account() })
      .send(getCluster)
      .catch(e => e)
    expect((refused as Error).message).toMatch(
      /401 invalid_client \(check clientId and clientSecret/
    )
    const unreachable = await testClient(clients, 'http://127.0.0.1:9', {
      auth: new ServiceAccountAuth('id', 'sk', {
        baseUrl: 'http://127.0.0.1:9',
        userAgent: 'test',
        onSecret: () => {},
        sleep: async () => {}
      })
    })
      .send(getCluster, 'once')
      .catch(e => e)
    expect(unreachable).toBeInstanceOf(AtlasNetworkError)
    expect((unreachable as Error).message).toContain('ECONNREFUSED')
    expect((unreachable as Error).message).not.toContain('clientId')
  })

  it('revoke() never throws, even with the endpoint down', async () => {
    server.script = [token('t'), json(200, {})]
    const auth = account()
    await testClient(clients, server.url, { auth }).send(getCluster)
    await server.close()
    await expect(auth.revoke()).resolves.toBeUndefined()
    await hostile.reopen()
  })
})
