// Replays every response in the recordings of real Atlas (__tests__/fixtures/recordings) through
// the parsers the action uses: null members, fields the spec lacks and missing dates included.

import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { AtlasApiError } from '../src/atlas/errors.js'
import { operations, type Operation } from '../src/atlas/operations.js'
import { parseDeployment as parseClusterDeployment } from '../src/kinds/documents/deployment.js'
import { parseClusterSnapshot, parseFlaggedJob } from '../src/kinds/documents/flagged.js'
import { detectKind, kindOfClusterDocument, NoCloudBackupError } from '../src/kinds/detect.js'
import { parseStatusJob, parseStatusSnapshot } from '../src/kinds/documents/status.js'
import type { ApiCall } from '../src/atlas/operations.js'
import { pickLatest } from '../src/plan/snapshots.js'

interface Exchange {
  test: string
  request: { method: string; path: string; note: string }
  response: { status: number; headers: Record<string, string | number>; body: unknown }
}

const DIR = '__tests__/fixtures/recordings'
const recordings = Object.fromEntries(
  readdirSync(DIR)
    .filter(f => f.endsWith('.json'))
    .map(f => [
      f,
      (JSON.parse(readFileSync(`${DIR}/${f}`, 'utf8')) as { exchanges: Exchange[] }).exchanges
    ])
)
const all = Object.entries(recordings).flatMap(([file, exchanges]) =>
  exchanges.map(e => ({ file, ...e }))
)

const ok = (e: Exchange) => e.response.status >= 200 && e.response.status < 300
const results = (body: unknown) => (body as { results: unknown[] }).results

/** Routes a recorded 2xx answer to the parser the action uses for that path. */
function parse(e: Exchange): unknown {
  const { method, path } = e.request
  const body = e.response.body
  const list = !/\/[a-f0-9]{24}$/.test(path) && method === 'GET'
  const each = (parser: (doc: unknown) => unknown) =>
    list ? results(body).map(parser) : parser(body)
  if (/\/flexClusters\/[^/]+\/backup\/restoreJobs/.test(path)) return each(parseStatusJob)
  if (/\/flexClusters\/[^/]+\/backup\/snapshots/.test(path)) return each(parseStatusSnapshot)
  if (/\/clusters\/[^/]+\/backup\/restoreJobs/.test(path)) return each(parseFlaggedJob)
  if (/\/clusters\/[^/]+\/backup\/snapshots/.test(path))
    return method === 'DELETE' ? undefined : each(parseClusterSnapshot)
  if (/\/(clusters|flexClusters|serverless)\/[^/]+$/.test(path)) return parseClusterDeployment(body)
  return undefined
}

describe('replaying real Atlas responses', () => {
  it('covers every recording file', () => {
    expect(Object.keys(recordings).sort()).toEqual([
      'dedicated-restore-automated.json',
      'dedicated-restore-download.json',
      'dedicated-snapshot-lifecycle.json',
      'errors.json',
      'flex-restore.json',
      'flex-snapshots.json',
      'history.json',
      'kind-probes.json'
    ])
  })

  it.each(
    all.filter(ok).map(e => [`${e.file}: ${e.request.method} ${e.request.path} (${e.test})`, e])
  )('decodes %s', (_, e) => {
    expect(() => parse(e as Exchange)).not.toThrow()
  })

  it.each(
    all.filter(e => !ok(e)).map(e => [`${e.file}: ${e.response.status} ${e.request.path}`, e])
  )('turns the error %s into one message with status, errorCode and detail', (_, exchange) => {
    const e = exchange as Exchange
    const body = e.response.body as { errorCode?: string; detail: string }
    const error = new AtlasApiError({
      status: e.response.status,
      body,
      operation: operations.getCluster,
      path: e.request.path
    })
    // The code comes from the body; some answers (history.json's schedule 404) carry no
    // X-Error-Code header, and a body may carry none either.
    const code = body.errorCode === undefined ? '' : ` ${body.errorCode}`
    expect(error.message).toContain(
      `Atlas answered ${e.response.status}${code} to ${operations.getCluster.method} ${e.request.path}: ${body.detail}`
    )
  })

  it('turns an error body without errorCode (the schedule 404 stripped of it) into a readable message', () => {
    const schedule = recordings['history.json'].find(e => e.response.status === 404)!
    expect(schedule.response.headers).not.toHaveProperty('X-Error-Code')
    const { errorCode, ...body } = schedule.response.body as Record<string, unknown>
    expect(errorCode).toBe('BACKUP_CONFIG_NOT_FOUND')
    const error = new AtlasApiError({
      status: 404,
      body: body as never,
      operation: operations.getCluster,
      path: schedule.request.path
    })
    expect(error.errorCode).toBeUndefined()
    expect(error.message).toMatch(
      new RegExp(
        `^Atlas answered 404 to GET ${schedule.request.path}: No backup configuration exists for cluster 684277a38dba3d3587c5b8e2 in group 684277a08dba3d3587c5b7ee\\.`
      )
    )
    expect(error.message).not.toContain('undefined')
  })
})

describe('dedicated restore jobs, stage by stage', () => {
  const automated = recordings['dedicated-restore-automated.json']
  const download = recordings['dedicated-restore-download.json']
  /** The create answer and every read of the one job, in order. */
  const jobs = (exchanges: Exchange[]) =>
    exchanges.filter(
      e =>
        ok(e) &&
        /\/clusters\/[^/]+\/backup\/restoreJobs(\/[a-f0-9]{24})?$/.test(e.request.path) &&
        (e.request.method === 'POST' || /[a-f0-9]{24}$/.test(e.request.path))
    )

  it('an automated job is inProgress until finishedAt appears, then completed', () => {
    const stages = jobs(automated).map(e => parseFlaggedJob(e.response.body))
    expect(stages.map(j => j.status)).toEqual([
      'inProgress',
      'inProgress',
      'completed',
      'completed'
    ])
    const done = stages[2]
    expect(done.finishedAt?.toISOString()).toBe('2026-08-10T03:40:10.000Z')
    expect(done.createdAt).toBeUndefined() // dedicated jobs carry no creation time
    expect(done.snapshotCreatedAt?.toISOString()).toBe('2026-08-10T03:35:05.000Z')
    expect(done.target).toEqual({
      groupId: '6a794320c0eb9e7a17728a63',
      clusterName: 'backupRestores2-895'
    })
    expect(done.deliveryUrls).toEqual([])
    expect(done.expiresAt).toBeUndefined()
  })

  it('a download is completed once deliveryUrl holds a URL, though finishedAt never comes', () => {
    const stages = jobs(download).map(e => parseFlaggedJob(e.response.body))
    expect(stages.map(j => j.status)).toEqual(['inProgress', 'inProgress', 'completed'])
    const ready = stages[2]
    expect(ready.finishedAt).toBeUndefined()
    expect(ready.deliveryUrls).toHaveLength(1)
    expect(ready.deliveryUrls[0]).toMatch(
      /^https:\/\/restore-6a7948342c88faeba59eb866\..*\.tar\.gz$/
    )
    expect(ready.expiresAt?.toISOString()).toBe('2026-08-10T04:44:52.000Z')
    expect(ready.target).toBeUndefined()
  })

  it('the job list decodes to the same job', () => {
    const list = automated.find(
      e => ok(e) && e.request.method === 'GET' && e.request.path.endsWith('/backup/restoreJobs')
    )!
    const parsed = results(list.response.body).map(parseFlaggedJob)
    expect(parsed.map(j => [j.id, j.status])).toEqual([['6a794733c0eb9e7a17740663', 'completed']])
  })

  it('flags decide before dates: cancelled, failed, expired', () => {
    const body = automated[1].response.body as Record<string, unknown>
    for (const flag of ['cancelled', 'failed', 'expired'] as const) {
      expect(
        parseFlaggedJob({ ...body, finishedAt: '2026-08-10T03:40:10Z', [flag]: true }).status
      ).toBe(flag)
    }
  })
})

describe('dedicated snapshots', () => {
  const lifecycle = recordings['dedicated-snapshot-lifecycle.json'].filter(
    e => ok(e) && e.request.method !== 'DELETE' && /\/snapshots\/[a-f0-9]{24}$/.test(e.request.path)
  )

  it('has no createdAt until completed, and latest skips the unfinished', () => {
    const snapshots = lifecycle.map(e => parseClusterSnapshot(e.response.body))
    const unfinished = snapshots.filter(s => !s.completed)
    expect(unfinished.length).toBeGreaterThan(0)
    expect(unfinished.every(s => s.createdAt === undefined)).toBe(true)
    const latest = pickLatest(snapshots)
    expect(latest?.id).toBe('6a79468a2c88faeba59de489')
    expect(latest?.createdAt?.toISOString()).toBe('2026-08-10T03:35:05.000Z')
  })
})

describe('flex', () => {
  it('restore jobs go pending → inProgress → completed with their dates', () => {
    const watch = recordings['flex-restore.json'].filter(
      e => ok(e) && (e.response.body as { id?: string }).id === '6a793f812c88faeba59bc399'
    )
    const stages = watch.map(e => parseStatusJob(e.response.body))
    expect(stages.map(j => j.status)).toEqual(['pending', 'inProgress', 'completed', 'completed'])
    const done = stages[2]
    expect(done.createdAt?.toISOString()).toBe('2026-08-10T03:03:29.000Z')
    expect(done.finishedAt?.toISOString()).toBe('2026-08-10T03:04:32.000Z')
    expect(done.snapshotCreatedAt?.toISOString()).toBe('2026-08-02T17:06:56.000Z')
    expect(done.target).toEqual({ groupId: 'b0123456789abcdef012345b', clusterName: 'cluster-833' })
    expect(done.deliveryUrls).toEqual([]) // a RESTORE job has no snapshotUrl
    expect(done.expiresAt).toBeUndefined() // expirationDate is set even on restores: not a download expiry
  })

  it('the paged job list (first page of 2160) decodes', () => {
    const list = recordings['flex-restore.json'].find(
      e => ok(e) && e.request.method === 'GET' && e.request.path.endsWith('/restoreJobs')
    )!
    const jobs = results(list.response.body).map(parseStatusJob)
    expect(jobs.length).toBe(100)
    expect(jobs.every(j => j.status === 'completed')).toBe(true)
  })

  it('snapshots date from finishTime; latest is the newest whatever the order', () => {
    const list = recordings['flex-snapshots.json'][0]
    const snapshots = results(list.response.body).map(parseStatusSnapshot)
    expect(snapshots.every(s => s.createdAt !== undefined)).toBe(true)
    const newest = [...snapshots].sort((a, b) => b.createdAt!.getTime() - a.createdAt!.getTime())[0]
    expect(pickLatest(snapshots)).toEqual(newest)
    expect(pickLatest([...snapshots].reverse())).toEqual(newest)
  })

  it('a download job is completed with its snapshotUrl', () => {
    const job = parseStatusJob({
      deliveryType: 'DOWNLOAD',
      id: '6a793f812c88faeba59bc399',
      status: 'COMPLETED',
      snapshotUrl: 'https://example.invalid/x.tar.gz',
      expirationDate: '2026-08-10T09:03:29Z'
    })
    expect(job).toMatchObject({
      status: 'completed',
      deliveryType: 'download',
      deliveryUrls: ['https://example.invalid/x.tar.gz']
    })
    expect(job.expiresAt?.toISOString()).toBe('2026-08-10T09:03:29.000Z')
  })
})

describe('kind probes', () => {
  const probes = recordings['kind-probes.json']
  const m0 = probes.find(e => ok(e) && /cluster-251$/.test(e.request.path))!
  const m10 = probes.find(e => ok(e) && /backupRestores-305$/.test(e.request.path))!
  const flexDoc = probes.find(e => ok(e) && /flexClusters\/cluster-833$/.test(e.request.path))!

  it('tells a dedicated M10 from an M0 free cluster, which has no backup', () => {
    const ref = { groupId: '6a793f6b2c88faeba59bae37', clusterName: 'x' }
    expect(kindOfClusterDocument(m10.response.body, ref)).toBe('dedicated')
    expect(() =>
      kindOfClusterDocument(m0.response.body, { ...ref, clusterName: 'cluster-251' })
    ).toThrow(NoCloudBackupError)
    expect(() => kindOfClusterDocument(m0.response.body, ref)).toThrow(/M0 free cluster/)
  })

  it('reads the connection string and state of cluster and flex documents', () => {
    expect(parseClusterDeployment(m10.response.body)).toEqual({
      stateName: 'IDLE',
      connectionString: 'mongodb+srv://backuprestores-305.ljxf1b.mongodb-dev.net',
      // What preflight reads: the real document carries all of it.
      clusterType: 'REPLICASET',
      mongoDBVersion: '8.0.29',
      paused: false,
      pitEnabled: true
    })
    expect(parseClusterDeployment(flexDoc.response.body)).toEqual({
      stateName: 'IDLE',
      connectionString: 'mongodb+srv://cluster-833.swzm1ku.mongodb-dev.net',
      clusterType: 'REPLICASET',
      mongoDBVersion: '8.0.29'
    })
  })

  /** A client that answers the cluster API with a recorded exchange. */
  const replay = (exchange: Exchange, flex?: Exchange) => ({
    send: async (call: ApiCall): Promise<unknown> => {
      const e = call.operation === operations.getFlexCluster && flex ? flex : exchange
      if (ok(e)) return e.response.body
      throw new AtlasApiError({
        status: e.response.status,
        body: e.response.body as never,
        operation: call.operation as Operation,
        path: e.request.path
      })
    }
  })
  const ref = { groupId: 'b0123456789abcdef012345b', clusterName: 'cluster-833' }

  it('detects flex from the 400 CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API answer', async () => {
    const flexProbe = probes.find(
      e => e.response.status === 400 && e.request.path.endsWith('/clusters/cluster-833')
    )!
    expect(await detectKind(replay(flexProbe), ref)).toBe('flex')
  })

  it('detects dedicated from the M10 document and refuses the M0', async () => {
    expect(await detectKind(replay(m10), ref)).toBe('dedicated')
    await expect(detectKind(replay(m0), ref)).rejects.toThrow(NoCloudBackupError)
  })

  it('reads the kind from a variant of the refusal code, and probes when none is named', async () => {
    const refusal = (errorCode: string) => ({
      test: 't',
      request: { method: 'GET', path: '/api/atlas/v2/groups/g/clusters/x', note: '' },
      response: { status: 400, headers: {}, body: { error: 400, errorCode, detail: 'd' } }
    })
    expect(
      await detectKind(replay(refusal('CANNOT_USE_SERVERLESS_INSTANCE_IN_CLUSTER_API')), ref)
    ).toBe('serverless')
    expect(await detectKind(replay(refusal('CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API')), ref)).toBe(
      'flex'
    )
    expect(await detectKind(replay(refusal('INVALID_CLUSTER_TYPE'), flexDoc), ref)).toBe('flex')
  })

  it('asks the flex API when the cluster API does not know the name', async () => {
    const notFound = recordings['errors.json'].find(
      e => e.response.status === 404 && /clusters\/backupRestores-305$/.test(e.request.path)
    )!
    expect(await detectKind(replay(notFound, flexDoc), ref)).toBe('flex')
  })
})

describe('older recordings (history.json)', () => {
  const history = recordings['history.json']
  const byTest = (test: string) => history.filter(e => e.test === test)

  it('a download job both cancelled and failed (real Atlas) parses as failed', () => {
    const [first, last] = byTest('TestRestores/Restores_Watch_-_Download').map(e =>
      parseFlaggedJob(e.response.body)
    )
    expect(first.status).toBe('inProgress')
    expect(last.status).toBe('failed')
    expect(last.deliveryType).toBe('download')
    expect(last.deliveryUrls).toEqual([])
    expect(last.finishedAt?.toISOString()).toBe('2025-04-02T11:33:47.000Z')
  })

  it('a flex job goes pending → pending (QUEUED) → inProgress → completed', () => {
    const stages = byTest('TestFlexBackup/Restores_Watch').map(e => parseStatusJob(e.response.body))
    expect(stages.map(j => j.status)).toEqual(['pending', 'pending', 'inProgress', 'completed'])
    expect(stages.map(j => (j.document as { status: string }).status)).toEqual([
      'PENDING',
      'QUEUED',
      'RUNNING',
      'COMPLETED'
    ])
    expect(stages[3].finishedAt?.toISOString()).toBe('2025-06-06T05:57:11.000Z')
    expect(stages[3].target).toEqual({
      groupId: 'b0123456789abcdef012345b',
      clusterName: 'cluster-554'
    })
  })

  it('serverless instances backed by flex are recognised as running on flex', () => {
    const described = byTest('TestServerless/Describe')
    expect(described).toHaveLength(2)
    for (const e of described) {
      const state = parseClusterDeployment(e.response.body)
      expect(state.runsOnFlex).toBe(true)
      expect(state.connectionString).toMatch(/^mongodb\+srv:\/\/cluster-\d+\./)
    }
    expect(parseClusterDeployment(described[0].response.body)).toMatchObject({
      stateName: 'UPDATING',
      mongoDBVersion: '8.0.8',
      tags: [{ key: 'env', value: 'e2e' }],
      // serverlessBackupOptions.serverlessContinuousBackupEnabled: what preflight reads for PIT.
      pitEnabled: false
    })
  })
})
