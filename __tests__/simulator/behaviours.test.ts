// Real-Atlas behaviours the simulator offers as options, controls or faults: flex QUEUED, the
// download that ends cancelled and failed, late-visible jobs, lagging lists, a skewed clock,
// create-time faults, serverless instances that run on flex, token buckets, and OAuth revocation
// with its token cap.

import { describe, expect, it } from '@jest/globals'
import { RateLimiter } from '../../simulator/ratelimit.js'
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator/index.js'
import { BearerClient, reply, sleep, token, until, V2023, VFLEX } from './client.js'

async function withSim(
  options: SimulatorOptions,
  run: (
    sim: Simulator,
    api: BearerClient,
    g: (rest: string) => string,
    groupId: string
  ) => Promise<void>
) {
  const sim = await startSimulator(options)
  try {
    const groupId = sim.addProject()
    sim.addDeployment({ groupId, name: 'prod', kind: 'dedicated' })
    sim.addDeployment({ groupId, name: 'fx', kind: 'flex' })
    sim.addDeployment({ groupId, name: 'fx2', kind: 'flex' })
    sim.addSnapshot({ groupId, clusterName: 'prod' })
    sim.addSnapshot({ groupId, clusterName: 'fx' })
    await run(sim, new BearerClient(sim), rest => `/api/atlas/v2/groups/${groupId}${rest}`, groupId)
  } finally {
    await sim.close()
  }
}
async function download(api: BearerClient, g: (rest: string) => string) {
  const list = await api.call('GET', g('/clusters/prod/backup/snapshots'))
  const snapshotId = (list.body.results as { id: string }[])[0].id
  return api.call('POST', g('/clusters/prod/backup/restoreJobs'), {
    body: { deliveryType: 'download', snapshotId }
  })
}

describe('jobs as real Atlas runs them', () => {
  it('flexQueued: a flex job goes PENDING → QUEUED → RUNNING → COMPLETED', async () => {
    await withSim({ flexQueued: true, restoreDurationMs: 1500 }, async (_sim, api, g, groupId) => {
      const snaps = await api.call('GET', g('/flexClusters/fx/backup/snapshots'), { accept: VFLEX })
      const snapshotId = (snaps.body.results as { id: string }[])[0].id
      const created = await api.call('POST', g('/flexClusters/fx/backup/restoreJobs'), {
        accept: VFLEX,
        body: { snapshotId, targetDeploymentItemName: 'fx2', targetProjectId: groupId }
      })
      const seen = [created.body.status as string]
      await until(
        async () => {
          const r = await api.call(
            'GET',
            g(`/flexClusters/fx/backup/restoreJobs/${String(created.body.id)}`),
            {
              accept: VFLEX
            }
          )
          if (r.body.status !== seen.at(-1)) seen.push(r.body.status as string)
          return r.body.status
        },
        s => s === 'COMPLETED',
        5000
      )
      expect(seen).toEqual(['PENDING', 'QUEUED', 'RUNNING', 'COMPLETED'])
    })
  })

  it('failJob(id, "cancelledAndFailed"): the dead download has both flags, finishedAt and no URL', async () => {
    await withSim({ downloadDurationMs: 60_000 }, async (sim, api, g) => {
      const created = await download(api, g)
      const id = String(created.body.id)
      sim.failJob(id, 'cancelledAndFailed')
      const r = await api.call('GET', g(`/clusters/prod/backup/restoreJobs/${id}`))
      expect(r.body).toMatchObject({
        cancelled: true,
        failed: true,
        expired: false,
        deliveryUrl: [],
        finishedAt: expect.any(String)
      })
      expect(sim.jobs()[0]).toMatchObject({ status: 'cancelledAndFailed', cancelled: true })
      sim.scriptNextJob({ outcome: 'cancelledAndFailed', durationMs: 10 })
      const next = await download(api, g)
      await sleep(40)
      const dead = await api.call(
        'GET',
        g(`/clusters/prod/backup/restoreJobs/${String(next.body.id)}`)
      )
      expect(dead.body).toMatchObject({ cancelled: true, failed: true })
    })
  })

  it('jobVisibleAfterMs: a new job answers 404 for a while; jobListLagMs: lists lag behind creates', async () => {
    await withSim({ jobVisibleAfterMs: 300, jobListLagMs: 300 }, async (_sim, api, g) => {
      const created = await download(api, g)
      expect(created.status).toBe(200)
      const path = g(`/clusters/prod/backup/restoreJobs/${String(created.body.id)}`)
      const early = await api.call('GET', path)
      expect(early.status).toBe(404)
      expect(early.body.errorCode).toBe('RESTORE_JOB_NOT_FOUND')
      expect((await api.call('GET', g('/clusters/prod/backup/restoreJobs'))).body.totalCount).toBe(
        0
      )
      await sleep(350)
      expect((await api.call('GET', path)).status).toBe(200)
      expect((await api.call('GET', g('/clusters/prod/backup/restoreJobs'))).body.totalCount).toBe(
        1
      )
    })
  })

  it('clockSkewMs: the Date header, document dates and new job ids follow Atlas’s clock', async () => {
    const skew = 3 * 3_600_000
    await withSim({ clockSkewMs: skew }, async (_sim, api, g) => {
      const created = await download(api, g)
      const date = Date.parse(created.headers.get('date')!)
      expect(Math.abs(date - (Date.now() + skew))).toBeLessThan(5000)
      const idSeconds = parseInt(String(created.body.id).slice(0, 8), 16) * 1000
      expect(Math.abs(idSeconds - (Date.now() + skew))).toBeLessThan(5000)
      const list = await api.call('GET', g('/clusters/prod/backup/snapshots'))
      const createdAt = Date.parse((list.body.results as { createdAt: string }[])[0].createdAt)
      // The snapshot was taken 1 h ago by our clock, which Atlas's clock reads 3 h later.
      expect(Math.abs(createdAt - (Date.now() - 3_600_000 + skew))).toBeLessThan(5000)
    })
  })

  it('create faults: 405 WRITES_NOT_ALLOWED_DURING_APP_UPGRADES and 400 TENANT_RESTORE_DESTINATION_UNAVAILABLE create nothing', async () => {
    await withSim({}, async (sim, api, g) => {
      for (const [status, errorCode] of [
        [405, 'WRITES_NOT_ALLOWED_DURING_APP_UPGRADES'],
        [400, 'TENANT_RESTORE_DESTINATION_UNAVAILABLE']
      ] as const) {
        sim.faults.add({
          method: 'POST',
          path: /restoreJobs$/,
          action: { type: 'status', status, errorCode }
        })
        const r = await download(api, g)
        expect({ status: r.status, errorCode: r.body.errorCode }).toEqual({ status, errorCode })
        expect(r.headers.get('x-error-code')).toBe(errorCode)
        expect(r.body.detail).not.toMatch(/Injected/)
        expect(sim.jobs()).toHaveLength(0)
      }
      expect((await download(api, g)).status).toBe(200)
    })
  })

  it('flexBacked serverless: the document says TENANT/FLEX, serverless backup is retired, flex endpoints serve it', async () => {
    await withSim({}, async (sim, api, g, groupId) => {
      sim.addDeployment({ groupId, name: 'sls', kind: 'serverless', flexBacked: true })
      const snapshotId = sim.addSnapshot({ groupId, clusterName: 'sls' }).id
      const doc = await api.call('GET', g('/serverless/sls'))
      expect(doc.status).toBe(200)
      expect(doc.body.providerSettings).toMatchObject({
        providerName: 'SERVERLESS',
        effectiveProviderName: 'TENANT',
        effectiveInstanceSizeName: 'FLEX',
        tenantBackupEnabled: true
      })
      const retired = await api.call('GET', g('/serverless/sls/backup/snapshots'))
      expect(retired.status).toBe(404)
      expect(retired.body.errorCode).toBe('RESOURCE_NOT_FOUND')
      expect(retired.body.detail).toMatch(/flex/)
      const snaps = await api.call('GET', g('/flexClusters/sls/backup/snapshots'), {
        accept: VFLEX
      })
      expect(snaps.status).toBe(200)
      expect((snaps.body.results as { id: string; status: string }[])[0]).toMatchObject({
        id: snapshotId,
        status: 'COMPLETED'
      })
      const job = await api.call('POST', g('/flexClusters/sls/backup/restoreJobs'), {
        accept: VFLEX,
        body: { snapshotId, targetDeploymentItemName: 'fx2', targetProjectId: groupId }
      })
      expect(job.status).toBe(200)
      expect(job.body).toMatchObject({
        instanceName: 'sls',
        deliveryType: 'RESTORE',
        status: 'PENDING'
      })
      const again = await api.call(
        'GET',
        g(`/flexClusters/sls/backup/restoreJobs/${String(job.body.id)}`),
        {
          accept: VFLEX
        }
      )
      expect(again.body).toMatchObject({ instanceName: 'sls' })
      expect(() =>
        sim.addDeployment({ groupId, name: 'x', kind: 'dedicated', flexBacked: true })
      ).toThrow()
    })
  })
})

describe('rate limits: token buckets', () => {
  it('backup families: capacity 1200, refill 500 per 60 s, RATE_LIMITED_TOKEN_BUCKET with Atlas’s detail', () => {
    let t = 0
    const limiter = new RateLimiter({}, () => t)
    for (let i = 0; i < 1200; i++) expect(limiter.take('g', 'backup').exceeded).toBe(false)
    const over = limiter.take('g', 'backup')
    expect(over).toMatchObject({
      exceeded: true,
      errorCode: 'RATE_LIMITED_TOKEN_BUCKET',
      detail: 'Request capacity: 1200. Refill rate: 500 per 60 seconds.',
      headers: { 'Ratelimit-Limit': '1200', 'Ratelimit-Remaining': '0' }
    })
    expect(over.retryAfterSeconds).toBe(1)
    expect(limiter.take('g', 'flex').exceeded).toBe(false)
    expect(limiter.take('other', 'backup').exceeded).toBe(false)
    t += 60_000
    expect(limiter.take('g', 'backup').headers['Ratelimit-Remaining']).toBe('499')
    expect(new RateLimiter({}, () => 0).take('g', 'cluster').headers['Ratelimit-Limit']).toBe(
      '10000'
    )
  })

  it('options: the older RATE_LIMITED, and answers without Ratelimit-* headers', async () => {
    await withSim(
      { rateLimit: { limit: 1, refillPerSecond: 0, errorCode: 'RATE_LIMITED', headers: false } },
      async (_sim, api, g) => {
        const ok = await api.call('GET', g('/clusters/prod/backup/snapshots'))
        expect(ok.status).toBe(200)
        expect(ok.headers.get('ratelimit-limit')).toBeNull()
        const limited = await api.call('GET', g('/clusters/prod/backup/snapshots'))
        expect(limited.status).toBe(429)
        expect(limited.body.errorCode).toBe('RATE_LIMITED')
        expect(limited.headers.get('ratelimit-remaining')).toBeNull()
        expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
      }
    )
  })
})

describe('OAuth: revocation and the token cap', () => {
  const revoke = (sim: Simulator, body: string, secret = sim.credentials.clientSecret) =>
    fetch(`${sim.url}/api/oauth/revoke`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${sim.credentials.clientId}:${secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded'
      },
      body
    }).then(reply)

  it('POST /api/oauth/revoke (RFC 7009): 200, also for an unknown token; the revoked token gets 401 after', async () => {
    await withSim({}, async (sim, _api, g) => {
      const access = (await token(sim)).body.access_token as string
      const call = () =>
        fetch(sim.url + g('/clusters/prod/backup/snapshots'), {
          headers: { authorization: `Bearer ${access}`, accept: V2023 }
        })
      expect((await call()).status).toBe(200)
      expect(sim.tokenStats()).toEqual({ issued: 1, live: 1, revoked: 0 })
      const r = await revoke(sim, `token=${access}&token_type_hint=access_token`)
      expect(r.status).toBe(200)
      expect(r.text).toBe('')
      const after = await reply(await call())
      expect(after.status).toBe(401)
      expect(after.body.errorCode).toBe('INVALID_TOKEN')
      expect(sim.tokenStats()).toEqual({ issued: 1, live: 0, revoked: 1 })
      expect((await revoke(sim, 'token=unknown-token')).status).toBe(200)
      expect((await revoke(sim, `token=${access}`, 'wrong')).status).toBe(401)
      expect((await revoke(sim, 'token_type_hint=access_token')).body.error).toBe('invalid_request')
      expect(sim.stats.revokeRequests).toBe(4)
    })
  })

  it('at most 100 live tokens per service account: the 101st is refused with 429; a revoke frees a slot', async () => {
    await withSim({ maxLiveTokens: 100 }, async sim => {
      const issued: string[] = []
      for (let i = 0; i < 100; i++) issued.push((await token(sim)).body.access_token as string)
      const refused = await token(sim)
      expect(refused.status).toBe(429)
      expect(refused.body.error).toBe('too_many_active_tokens')
      expect(String(refused.body.error_description)).toMatch(/100/)
      expect(sim.tokenStats().live).toBe(100)
      await revoke(sim, `token=${issued[0]}`)
      expect((await token(sim)).status).toBe(200)
    })
  })

  it('the token endpoint answers 429 with Retry-After as a fault', async () => {
    await withSim({}, async sim => {
      sim.faults.add({
        path: '/api/oauth/token',
        action: { type: 'status', status: 429, retryAfterSeconds: 7 }
      })
      const r = await token(sim)
      expect(r.status).toBe(429)
      expect(r.headers.get('retry-after')).toBe('7')
      expect((await token(sim)).status).toBe(200)
    })
  })
})
