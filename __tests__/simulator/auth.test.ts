// Authentication as Atlas does it: the recorded Digest challenge, nonce reuse with an increasing
// nc, replays, stale nonces, SHA-256 when offered, and OAuth client-credentials tokens.

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startSimulator, type Simulator } from '../../simulator/index.js'
import {
  BearerClient,
  DigestClient,
  digestHeader,
  parseChallenges,
  reply,
  sleep,
  token,
  V2023
} from './client.js'

let sim: Simulator
let groupId: string
const list = () => `/api/atlas/v2/groups/${groupId}/clusters/prod/backup/snapshots`

beforeAll(async () => {
  sim = await startSimulator({ nonceTtlMs: 400, tokenTtlSeconds: 1 })
  groupId = sim.addProject()
  sim.addDeployment({ groupId, name: 'prod', kind: 'dedicated' })
})
afterAll(() => sim.close())

describe('Digest', () => {
  it('challenges exactly as recorded: header, pretty body, no X-Error-Code, no rate-limit headers', async () => {
    sim.resetLog()
    const res = await fetch(sim.url + list(), { headers: { accept: V2023 } })
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toMatch(
      /^Digest realm="MMS Public API", domain="", nonce="[^"]+", algorithm=MD5, qop="auth", stale=false$/
    )
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(res.headers.get('x-error-code')).toBeNull()
    expect(res.headers.get('ratelimit-limit')).toBeNull()
    expect(res.headers.get('ratelimit-remaining')).toBeNull()
    const text = await res.text()
    expect(text).toBe(
      '{\n  "error": 401,\n  "reason": "Unauthorized",\n  "detail": "You are not authorized for this resource.",\n  "errorCode": "UNEXPECTED_ERROR"\n}'
    )
    expect(sim.stats.digestChallenges).toBe(1)
    expect(sim.requests[0]).toMatchObject({ status: 401, authScheme: 'none', outcome: 'answered' })
  })

  it('accepts a reused nonce with an increasing nc and refuses a repeated or lower nc', async () => {
    sim.resetLog()
    const client = new DigestClient(sim)
    expect((await client.call('GET', list())).status).toBe(200)
    expect((await client.call('GET', list())).status).toBe(200)
    expect((await client.call('GET', list())).status).toBe(200)
    expect(sim.stats.digestChallenges).toBe(1)
    expect(client.nc).toBe(3)
    for (const nc of [3, 2]) {
      const res = await fetch(sim.url + list(), {
        headers: { accept: V2023, authorization: client.headerFor('GET', list(), nc) }
      })
      expect(res.status).toBe(401)
      expect(res.headers.get('www-authenticate')).toMatch(/stale=false$/)
    }
    expect(sim.stats.digestChallenges).toBe(3)
  })

  it('answers a right response on a nonce older than nonceTtlMs with stale=true', async () => {
    sim.resetLog()
    const client = new DigestClient(sim)
    expect((await client.call('GET', list())).status).toBe(200)
    await sleep(450)
    const res = await fetch(sim.url + list(), {
      headers: { accept: V2023, authorization: client.headerFor('GET', list()) }
    })
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toMatch(/, stale=true$/)
    expect(sim.stats.staleChallenges).toBe(1)
    // The client answers the new challenge at once.
    client.challenge = parseChallenges(res.headers.get('www-authenticate')!)[0]
    client.nc = 0
    const again = await fetch(sim.url + list(), {
      headers: { accept: V2023, authorization: client.headerFor('GET', list()) }
    })
    expect(again.status).toBe(200)
  })

  it('refuses a wrong private key with the recorded body and stale=false', async () => {
    const client = new DigestClient(sim, 'not-the-key')
    const r = await client.call('GET', list())
    expect(r.status).toBe(401)
    expect(r.body).toEqual({
      error: 401,
      reason: 'Unauthorized',
      detail: 'You are not authorized for this resource.',
      errorCode: 'UNEXPECTED_ERROR'
    })
    expect(r.headers.get('www-authenticate')).toMatch(/stale=false$/)
  })

  it('refuses an answer whose uri is not the request target (path + query)', async () => {
    const client = new DigestClient(sim)
    await client.call('GET', list())
    const res = await fetch(`${sim.url}${list()}?pageNum=1`, {
      headers: { accept: V2023, authorization: client.headerFor('GET', list()) }
    })
    expect(res.status).toBe(401)
    const withQuery = `${list()}?pageNum=1`
    const ok = await fetch(sim.url + withQuery, {
      headers: { accept: V2023, authorization: client.headerFor('GET', withQuery) }
    })
    expect(ok.status).toBe(200)
  })

  it('treats Basic on the API as no credentials: a challenge', async () => {
    const res = await fetch(sim.url + list(), {
      headers: { accept: V2023, authorization: 'Basic Zm9vOmJhcg==' }
    })
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toMatch(/^Digest /)
  })

  it('offers SHA-256 when told to, in order, and verifies either answer', async () => {
    const both = await startSimulator({ digestAlgorithms: ['SHA-256', 'MD5'] })
    const gid = both.addProject()
    both.addDeployment({ groupId: gid, name: 'c', kind: 'dedicated' })
    const uri = `/api/atlas/v2/groups/${gid}/clusters/c/backup/snapshots`
    try {
      const res = await fetch(both.url + uri, { headers: { accept: V2023 } })
      const challenges = parseChallenges(res.headers.get('www-authenticate')!)
      expect(challenges.map(c => c.algorithm)).toEqual(['SHA-256', 'MD5'])
      expect(new Set(challenges.map(c => c.nonce)).size).toBe(1)
      expect((await new DigestClient(both, undefined, 'SHA-256').call('GET', uri)).status).toBe(200)
      expect((await new DigestClient(both, undefined, 'MD5').call('GET', uri)).status).toBe(200)
      // MD5 is refused where only SHA-256 is offered.
      const only = await startSimulator({ digestAlgorithms: ['SHA-256'] })
      const g2 = only.addProject()
      only.addDeployment({ groupId: g2, name: 'c', kind: 'dedicated' })
      const u2 = `/api/atlas/v2/groups/${g2}/clusters/c/backup/snapshots`
      const first = await fetch(only.url + u2, { headers: { accept: V2023 } })
      const [c] = parseChallenges(first.headers.get('www-authenticate')!)
      const header = digestHeader({
        challenge: c,
        username: only.credentials.publicKey,
        password: only.credentials.privateKey,
        method: 'GET',
        uri: u2,
        nc: 1,
        algorithm: 'MD5'
      })
      expect(
        (await fetch(only.url + u2, { headers: { accept: V2023, authorization: header } })).status
      ).toBe(401)
      await only.close()
    } finally {
      await both.close()
    }
  })
})

describe('OAuth service accounts', () => {
  it('issues tokens for client credentials and counts the requests', async () => {
    sim.resetLog()
    const r = await token(sim)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe('application/json')
    expect(r.body).toEqual({
      access_token: expect.any(String),
      expires_in: 1,
      token_type: 'Bearer'
    })
    expect(sim.stats.tokenRequests).toBe(1)
    expect(sim.requests[0]).toMatchObject({ path: '/api/oauth/token', authScheme: 'Basic' })
    expect(sim.issuedTokens()).toContain(r.body.access_token)
  })

  it('refuses a wrong secret, a wrong grant type and a JSON body', async () => {
    expect(await token(sim, 'wrong')).toMatchObject({
      status: 401,
      body: { error: 'invalid_client' }
    })
    const basic = Buffer.from(
      `${sim.credentials.clientId}:${sim.credentials.clientSecret}`
    ).toString('base64')
    const grant = await fetch(`${sim.url}/api/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded'
      },
      body: 'grant_type=password'
    })
    expect(grant.status).toBe(400)
    expect(((await grant.json()) as { error: string }).error).toBe('unsupported_grant_type')
    const json = await fetch(`${sim.url}/api/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/json' },
      body: '{"grant_type":"client_credentials"}'
    })
    expect(json.status).toBe(400)
  })

  it('accepts the bearer token until it expires, then answers 401 ApiError (no challenge)', async () => {
    const client = new BearerClient(sim)
    const ok = await client.call('GET', list())
    expect(ok.status).toBe(200)
    expect(ok.headers.get('ratelimit-limit')).toBe('1200')
    await sleep(1050)
    const expired = await client.call('GET', list())
    expect(expired.status).toBe(401)
    expect(expired.headers.get('www-authenticate')).toBeNull()
    expect(expired.headers.get('x-error-code')).toBe('INVALID_TOKEN')
    expect(expired.headers.get('ratelimit-limit')).toBeNull()
    expect(expired.body).toMatchObject({ error: 401, errorCode: 'INVALID_TOKEN', parameters: [] })
  })

  it('refuses an unknown token', async () => {
    const res = await reply(
      await fetch(sim.url + list(), {
        headers: { accept: V2023, authorization: 'Bearer eyJnope' }
      })
    )
    expect(res.status).toBe(401)
    expect(res.body.errorCode).toBe('INVALID_TOKEN')
  })
})
