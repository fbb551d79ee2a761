// The pipeline in-process: new RestoreRun(settings, record, ctx).execute() with a recording
// Log, a fake clock, and an AtlasClient talking to the simulator over real HTTP.
//
// The clock: Date.now is shifted by an offset that the clock's sleep advances, so the
// simulator (which reads Date.now in this same process) sees time pass exactly as the pipeline
// does. Jobs that take an hour finish at once, and so do the waits; only the HTTP is real.

import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  jest
} from '@jest/globals'
import { createAuth } from '../src/atlas/auth/index.js'
import { AtlasClient } from '../src/atlas/client.js'
import type { RawInputs } from '../src/inputs/contract.js'
import { parseInputs } from '../src/inputs/settings.js'
import type { Log } from '../src/log.js'
import { buildOutputs } from '../src/report/outputs.js'
import { newRecord, type RunRecord } from '../src/report/record.js'
import { RestoreFailure, type RestoreContext } from '../src/restore/context.js'
import { RestoreRun } from '../src/restore/run.js'
import type { Clock } from '../src/wait/clock.js'
import { startSimulator, type Simulator } from '../simulator/index.js'

const HOUR = 3_600_000
const MINUTE = 60_000

let offset = 0
const realNow = Date.now.bind(Date)

/** Time that passes only when the pipeline sleeps. */
const clock: Clock = {
  now: () => Date.now(),
  sleep: async (ms, signal) => {
    if (signal?.aborted) return
    offset += Math.max(0, ms)
    await new Promise(resolve => setImmediate(resolve))
  }
}

interface Recorder extends Log {
  lines: { level: 'info' | 'warning' | 'debug'; text: string }[]
  infos(): string[]
  warnings(): string[]
}
function recorder(): Recorder {
  const lines: Recorder['lines'] = []
  return {
    lines,
    info: text => lines.push({ level: 'info', text }),
    warning: text => lines.push({ level: 'warning', text }),
    debug: text => lines.push({ level: 'debug', text }),
    infos: () => lines.filter(l => l.level === 'info').map(l => l.text),
    warnings: () => lines.filter(l => l.level === 'warning').map(l => l.text)
  }
}

let sim: Simulator
let groupId: string
let targetGroupId: string
let fresh: string

beforeAll(async () => {
  jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset)
  sim = await startSimulator({
    restoreDurationMs: 20 * MINUTE,
    downloadDurationMs: 10 * MINUTE,
    targetUpdatingMs: 2 * MINUTE,
    // Time jumps by hours here: nonces and tokens must outlive the jumps.
    nonceTtlMs: 1000 * HOUR,
    tokenTtlSeconds: 1000 * 3600,
    // With no skew the Date header is Node's own (the real time, not the shifted one), and the
    // client would take the fake clock's offset for Atlas's clock being hours behind.
    clockSkewMs: 1,
    concurrencyRules: false
  })
  groupId = sim.addProject()
  targetGroupId = sim.addProject()
  sim.addDeployment({ groupId, name: 'prod', kind: 'dedicated', pitEnabled: true })
  for (const name of ['scratch', 'scratch-2', 'scratch-3', 'scratch-4', 'scratch-5'])
    sim.addDeployment({ groupId: targetGroupId, name, kind: 'dedicated' })
  sim.addSnapshot({ groupId, clusterName: 'prod', ageMs: 30 * HOUR })
  fresh = sim.addSnapshot({ groupId, clusterName: 'prod', ageMs: 2 * HOUR }).id
})
afterAll(async () => {
  await sim.close()
  jest.restoreAllMocks()
})

let clients: AtlasClient[] = []
afterEach(() => {
  for (const client of clients) client.dispose()
  clients = []
})

interface Run {
  record: RunRecord
  log: Recorder
  groups: string[]
  secrets: string[]
  execute(): Promise<RunRecord['result']>
}

/** A RestoreRun as main.ts builds one, with the recorder, the fake clock and the simulator. */
function pipeline(
  inputs: RawInputs,
  options: { signal?: AbortSignal; afterGroup?: (name: string) => void } = {}
): Run {
  return pipelineOn(
    sim,
    {
      groupId,
      publicKey: sim.credentials.publicKey,
      privateKey: sim.credentials.privateKey,
      ...inputs
    },
    options
  )
}

function pipelineOn(
  on: Simulator,
  inputs: RawInputs,
  options: { signal?: AbortSignal; afterGroup?: (name: string) => void } = {}
): Run {
  const settings = parseInputs(
    { clusterName: 'prod', baseUrl: on.url, pollInterval: '30s', ...inputs },
    {}
  )
  const record = newRecord(new Date(clock.now()), settings.baseUrl)
  const log = recorder()
  const signal = options.signal ?? new AbortController().signal
  const secrets: string[] = []
  const client = new AtlasClient({
    baseUrl: settings.baseUrl,
    auth: createAuth(settings.credentials, {
      baseUrl: settings.baseUrl,
      userAgent: 'pipeline-test',
      onSecret: s => secrets.push(s),
      debug: log.debug,
      now: clock.now,
      sleep: ms => clock.sleep(ms, signal)
    }),
    userAgent: 'pipeline-test',
    sleep: ms => clock.sleep(ms, signal),
    now: clock.now,
    debug: log.debug,
    signal,
    deadline: record.startedAt.getTime() + settings.timeoutMs
  })
  clients.push(client)
  const groups: string[] = []
  const ctx: RestoreContext = {
    client,
    log,
    clock,
    setSecret: s => secrets.push(s),
    group: async (name, work) => {
      groups.push(name)
      const result = await work()
      options.afterGroup?.(name)
      return result
    },
    signal
  }
  return {
    record,
    log,
    groups,
    secrets,
    execute: () => new RestoreRun(settings, record, ctx).execute()
  }
}

/** The jobs the simulator created at or after `since` (its job list drops old ones in time). */
const jobsSince = (since: number) => sim.jobs().filter(j => j.createdAt.getTime() >= since)

/** Runs and expects a RestoreFailure; returns it. */
async function failure(run: Run): Promise<RestoreFailure> {
  const error = await run.execute().then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(RestoreFailure)
  return error as RestoreFailure
}

beforeEach(() => {
  // Each test starts an hour after the last: earlier jobs have ended, targets are IDLE again.
  offset += HOUR
})

describe('RestoreRun in-process', () => {
  it('an automated restore onto a target: every record field filled, result succeeded', async () => {
    const run = pipeline({ targetGroupId, targetClusterName: 'scratch' })
    const started = clock.now()
    expect(await run.execute()).toBe('succeeded')
    const { record } = run
    expect(record).toMatchObject({
      source: { groupId, clusterName: 'prod' },
      clusterKind: 'dedicated',
      kindLabel: expect.any(String),
      jobLabel: 'restore job',
      deliveryType: 'automated',
      target: { groupId: targetGroupId, clusterName: 'scratch' },
      snapshot: { id: fresh },
      job: { status: 'completed', deliveryType: 'automated', snapshotId: fresh },
      targetState: { stateName: 'IDLE', ready: true }
    })
    expect(record.uiPaths?.source).toEqual(expect.any(String))
    expect(record.uiPaths?.target).toEqual(expect.any(String))
    expect(record.targetState?.connectionString).toMatch(/^mongodb\+srv:\/\/scratch\./)
    // The restore took the simulator's 20 minutes, the target 2 more: on the fake clock.
    expect(record.jobCreatedAt!.getTime()).toBeGreaterThanOrEqual(started)
    const outputs = buildOutputs(record)
    expect(Number(outputs.durationSeconds)).toBeGreaterThanOrEqual(20 * 60)
    expect(Number(outputs.durationSeconds)).toBeLessThan(20 * 60 + 180)
    expect(Number(outputs.timeToReadySeconds)).toBeGreaterThanOrEqual(22 * 60)
    expect(record.readyAt!.getTime()).toBeGreaterThan(record.completedSeenAt!.getTime())
    expect(run.groups).toEqual([
      'Cluster kind',
      'Snapshot and preflight',
      'Create the restore job',
      'Wait for the restore job',
      'Wait for the target'
    ])
    const infos = run.log.infos()
    expect(infos).toContain('clusterKind: dedicated (found with read-only calls)')
    expect(infos.some(l => /^Created restore job .* \(automated\) of .* prod: /.test(l))).toBe(true)
    expect(infos.some(l => /restore job .*: .* → completed$/.test(l))).toBe(true)
    expect(infos.some(l => /target scratch: .*IDLE/.test(l))).toBe(true)
    expect(run.log.warnings()).toEqual([])
  })

  it('says now and then that the job is still running, with the next check', async () => {
    const run = pipeline({ targetGroupId, targetClusterName: 'scratch-2' })
    expect(await run.execute()).toBe('succeeded')
    const progress = run.log.infos().filter(l => / still \w+; next check in /.test(l))
    expect(progress.length).toBeGreaterThan(0)
    expect(progress[0]).toMatch(
      /^\[\+\d.*\] still (inProgress|queued|pending|running); next check in \d+/
    )
  })

  it('watches an existing job by restoreJobId: duration from the ObjectId, ignored inputs warned', async () => {
    const first = pipeline({
      targetGroupId,
      targetClusterName: 'scratch-3',
      waitForCompletion: 'false'
    })
    expect(await first.execute()).toBe('created')
    const jobId = first.record.job!.id
    const createdAt = parseInt(jobId.slice(0, 8), 16) * 1000

    offset += 5 * MINUTE
    const run = pipeline({
      restoreJobId: jobId,
      targetGroupId,
      targetClusterName: 'scratch-4',
      snapshotId: 'a'.repeat(24)
    })
    expect(await run.execute()).toBe('succeeded')
    expect(run.groups[1]).toBe(`Restore job ${jobId}`)
    expect(run.record.jobCreatedAt?.getTime()).toBe(createdAt)
    expect(run.record.ignoredInputs).toEqual(['snapshotId', 'targetClusterName'])
    expect(run.log.warnings()).toEqual([
      expect.stringMatching(
        /^Watching existing restore job .*: snapshotId, targetClusterName do not apply and were ignored \(the job says what it restores: onto scratch-3\)\.$/
      )
    ])
    // Restore time: from the creation time in the ID, not from when this run began watching.
    const duration = Number(buildOutputs(run.record).durationSeconds)
    expect(duration).toBeGreaterThanOrEqual(20 * 60 - 1)
    expect(duration).toBeLessThan(20 * 60 + 120)
    expect(run.record.target?.clusterName).toBe('scratch-3')
  })

  it('waitForCompletion false: created, and not waited for', async () => {
    const run = pipeline({
      targetGroupId,
      targetClusterName: 'scratch-5',
      waitForCompletion: 'false'
    })
    expect(await run.execute()).toBe('created')
    expect(run.groups).not.toContain('Wait for the restore job')
    expect(run.log.infos()).toContain(
      'waitForCompletion is false: not waiting for the job to finish.'
    )
  })

  it('a timeout: timedOut, and the job keeps running', async () => {
    const run = pipeline({ targetGroupId, targetClusterName: 'scratch', timeout: '5m' })
    const error = await failure(run)
    expect(error.result).toBe('timedOut')
    expect(error.message).toMatch(
      /^Restore job .* did not finish within timeout 5m \(last status: \w+\)\.$/
    )
    expect(run.log.warnings()).toEqual([
      expect.stringMatching(
        /The job keeps running in Atlas \(cancelOnAbort is false\); watch it with restoreJobId: .*\. The target is being overwritten and will be left partly restored until the job ends\.$/
      )
    ])
  })

  it('429 on every poll: polled on to the deadline, past the 12 attempts 1.0.0 stopped at', async () => {
    const JOB = /\/clusters\/prod\/backup\/restoreJobs\/[a-f0-9]{24}$/
    sim.faults.add({
      method: 'GET',
      path: JOB,
      times: 10_000,
      action: { type: 'status', status: 429, errorCode: 'RATE_LIMITED', retryAfterSeconds: 1 }
    })
    const since = sim.requests.length
    const started = clock.now()
    try {
      const run = pipeline({ deliveryType: 'download', timeout: '10m' })
      const error = await failure(run)
      expect(error.result).toBe('timedOut')
      expect(error.message).toMatch(/did not finish within timeout 10m/)
      expect(clock.now() - started).toBeGreaterThanOrEqual(10 * MINUTE)
      const limited = sim.requests
        .slice(since)
        .filter(q => q.method === 'GET' && JOB.test(q.path) && q.status === 429)
      expect(limited.length).toBeGreaterThan(12)
    } finally {
      sim.faults.clear()
    }
  })

  it('a timeout with cancelOnAbort on an automated restore: Atlas cannot cancel it, said so', async () => {
    const run = pipeline({
      targetGroupId,
      targetClusterName: 'scratch-2',
      timeout: '5m',
      cancelOnAbort: 'true'
    })
    const error = await failure(run)
    expect(error.result).toBe('timedOut')
    const warnings = run.log.warnings()
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(
      /cancelOnAbort is set, but Atlas cannot cancel an automated restore job: it keeps running in Atlas/
    )
    expect(warnings[0]).toMatch(/partly restored until the job ends\.$/)
    // Nothing was sent to cancel it.
    expect(sim.jobs().find(j => j.id === run.record.job!.id)?.cancelled).toBe(false)
  })

  it('a download timing out with cancelOnAbort: cancelled in Atlas', async () => {
    const run = pipeline({ deliveryType: 'download', timeout: '3m', cancelOnAbort: 'true' })
    const error = await failure(run)
    expect(error.result).toBe('timedOut')
    expect(run.log.warnings()).toEqual([
      expect.stringMatching(/Cancelled restore job .* \(cancelOnAbort\)\.$/)
    ])
    expect(run.record.job?.status).toBe('cancelled')
    expect(sim.jobs().find(j => j.id === run.record.job!.id)?.cancelled).toBe(true)
  })

  it('aborted before the create: nothing created', async () => {
    const abort = new AbortController()
    const posts = () => sim.requests.filter(r => r.method === 'POST').length
    const since = clock.now()
    const before = posts()
    const run = pipeline(
      { targetGroupId, targetClusterName: 'scratch-3' },
      {
        signal: abort.signal,
        afterGroup: name => name === 'Snapshot and preflight' && abort.abort()
      }
    )
    const error = await failure(run)
    expect(error.result).toBe('aborted')
    expect(error.message).toBe(
      'The workflow run was cancelled before a restore job was created: nothing was created.'
    )
    expect(jobsSince(since)).toEqual([])
    expect(posts()).toBe(before)
    expect(run.record.job).toBeUndefined()
  })

  it('a dry run: the call it would send, and nothing created', async () => {
    const since = clock.now()
    const run = pipeline({ targetGroupId, targetClusterName: 'scratch-4', dryRun: 'true' })
    expect(await run.execute()).toBe('dryRun')
    expect(run.record.plannedCall).toMatchObject({ method: 'POST' })
    expect(run.log.infos().some(l => l.startsWith('Dry run: would send POST '))).toBe(true)
    expect(jobsSince(since)).toEqual([])
  })

  it('a job that fails: the run fails with what Atlas said', async () => {
    sim.scriptNextJob({ outcome: 'failed', durationMs: 3 * MINUTE })
    const run = pipeline({ targetGroupId, targetClusterName: 'scratch-5' })
    const error = await failure(run)
    expect(error.result).toBe('failed')
    expect(error.message).toMatch(/^Restore job .* ended failed\./)
  })

  it('a restore slower than maxRestoreDuration fails after the restore', async () => {
    const run = pipeline({ targetGroupId, targetClusterName: 'scratch', maxRestoreDuration: '10m' })
    const error = await failure(run)
    expect(error.result).toBe('failed')
    expect(run.record.job?.status).toBe('completed')
    expect(run.record.readyAt).toBeDefined()
  })

  it('a download: ready when the URL is there, the URL registered as a secret', async () => {
    const run = pipeline({ deliveryType: 'download' })
    expect(await run.execute()).toBe('succeeded')
    const url = run.record.job!.deliveryUrls[0]
    expect(url).toMatch(/^https:\/\//)
    expect(run.secrets).toContain(url)
    expect(run.record.readyAt).toEqual(run.record.completedSeenAt)
    expect(run.groups).not.toContain('Wait for the target')
  })

  it('a snapshot older than maxSnapshotAge when watching: refused', async () => {
    const first = pipeline({
      snapshotId: 'latest',
      deliveryType: 'download',
      waitForCompletion: 'false'
    })
    expect(await first.execute()).toBe('created')
    const run = pipeline({ restoreJobId: first.record.job!.id, maxSnapshotAge: '1h' })
    const error = await failure(run)
    expect(error.result).toBe('failed')
  })

  it('a given clusterKind and snapshot ID, a point in time: confirmed and used', async () => {
    const run = pipeline({
      clusterKind: 'dedicated',
      snapshotId: fresh,
      targetGroupId,
      targetClusterName: 'scratch-3',
      waitForCompletion: 'false'
    })
    expect(await run.execute()).toBe('created')
    expect(run.log.infos()).toContain('clusterKind: dedicated')
    expect(
      run.log.infos().some(l => l.startsWith(`Snapshot "${fresh}", `) || l.includes(fresh))
    ).toBe(true)
    expect(run.record.job?.snapshotId).toBe(fresh)

    const pit = pipeline({
      deliveryType: 'pointInTime',
      pointInTime: new Date(clock.now() - HOUR).toISOString(),
      targetGroupId,
      targetClusterName: 'scratch-4',
      waitForCompletion: 'false'
    })
    expect(await pit.execute()).toBe('created')
    expect(pit.record.requestedPointInTime).toBeDefined()
    expect(pit.log.infos().some(l => l.startsWith('Point in time requested: '))).toBe(true)
  })

  it('a preflight refusal: nothing created, the rule recorded', async () => {
    const since = clock.now()
    const run = pipeline({ targetGroupId, targetClusterName: 'no-such-cluster' })
    const error = await failure(run)
    expect(error.result).toBe('failed')
    expect(run.record.preflightFailures?.map(f => f.rule)).toEqual(['target readable'])
    expect(jobsSince(since)).toEqual([])
  })

  it('an ambiguous create that Atlas did make: the job is adopted, not created twice', async () => {
    const since = clock.now()
    sim.faults.add({
      method: 'POST',
      path: /\/backup\/restoreJobs$/,
      action: { type: 'statusAfterHandling', status: 502 }
    })
    const run = pipeline({
      targetGroupId,
      targetClusterName: 'scratch-5',
      waitForCompletion: 'false'
    })
    expect(await run.execute()).toBe('created')
    expect(jobsSince(since).map(j => j.id)).toEqual([run.record.job!.id])
    expect(run.log.warnings()).toEqual([
      expect.stringMatching(
        /Atlas may have created the restore job anyway: checking its restore jobs/
      )
    ])
    expect(run.log.infos().some(l => /^Adopted restore job /.test(l))).toBe(true)
  })

  it('an ambiguous create that made nothing: sent again once, after a minute of looking', async () => {
    const started = clock.now()
    sim.faults.add({
      method: 'POST',
      path: /\/backup\/restoreJobs$/,
      action: { type: 'status', status: 503 }
    })
    const run = pipeline({
      targetGroupId,
      targetClusterName: 'scratch',
      waitForCompletion: 'false'
    })
    expect(await run.execute()).toBe('created')
    expect(jobsSince(started).map(j => j.id)).toEqual([run.record.job!.id])
    expect(clock.now() - started).toBeGreaterThanOrEqual(MINUTE)
    expect(run.log.infos()).toContain(
      'Atlas has no such restore job after a minute: sending the create call again.'
    )
  })

  it('a like job made just before ours (a matrix twin) is never adopted after an ambiguous create', async () => {
    const started = clock.now()
    const twin = pipeline({ deliveryType: 'download', waitForCompletion: 'false' })
    expect(await twin.execute()).toBe('created')
    // Same second, same snapshot and delivery type: only the job list read before the create
    // tells the twin's job from the one this run's create would make.
    sim.faults.add({
      method: 'POST',
      path: /\/backup\/restoreJobs$/,
      action: { type: 'status', status: 503 }
    })
    const run = pipeline({ deliveryType: 'download', waitForCompletion: 'false' })
    expect(await run.execute()).toBe('created')
    const mine = run.record.job!.id
    expect(mine).not.toBe(twin.record.job!.id)
    expect(jobsSince(started).map(j => j.id)).toEqual([twin.record.job!.id, mine])
    expect(run.log.infos()).toContain(
      'Atlas has no such restore job after a minute: sending the create call again.'
    )
  })

  it('cancelled during the wait: aborted, and the job keeps running', async () => {
    const abort = new AbortController()
    const run = pipeline(
      { targetGroupId, targetClusterName: 'scratch-2' },
      {
        signal: abort.signal,
        afterGroup: name => name === 'Create the restore job' && abort.abort()
      }
    )
    const error = await failure(run)
    expect(error.result).toBe('aborted')
    expect(error.message).toMatch(/^The workflow run was cancelled while restore job .* was \w+\.$/)
    expect(run.log.warnings()).toEqual([expect.stringMatching(/keeps running in Atlas/)])
  })
})

describe('RestoreRun against a slower Atlas', () => {
  let slow: Simulator
  let slowGroup: string
  let slowTarget: string
  beforeAll(async () => {
    slow = await startSimulator({
      restoreDurationMs: 20 * MINUTE,
      targetUpdatingMs: MINUTE,
      // New jobs read 404 for a while; tokens expire during the restore.
      jobVisibleAfterMs: 20_000,
      tokenTtlSeconds: 5 * 60,
      nonceTtlMs: 1000 * HOUR,
      clockSkewMs: 1,
      concurrencyRules: false
    })
    slowGroup = slow.addProject()
    slowTarget = slow.addProject()
    slow.addDeployment({ groupId: slowGroup, name: 'prod', kind: 'dedicated' })
    slow.addDeployment({ groupId: slowTarget, name: 'scratch', kind: 'dedicated' })
    slow.addSnapshot({ groupId: slowGroup, clusterName: 'prod', ageMs: 2 * HOUR })
  })
  afterAll(() => slow.close())

  it('with a service account: a job reading 404 at first is read again, expired tokens renewed', async () => {
    const run = pipelineOn(slow, {
      groupId: slowGroup,
      targetGroupId: slowTarget,
      targetClusterName: 'scratch',
      clientId: slow.credentials.clientId,
      clientSecret: slow.credentials.clientSecret
    })
    expect(await run.execute()).toBe('succeeded')
    expect(slow.tokenStats().issued).toBeGreaterThan(1)
    const token = slow.issuedTokens()[0]
    expect(run.secrets).toContain(token)
    expect(run.record.job?.status).toBe('completed')
  })
})

describe('service account tokens', () => {
  const account = () => ({
    clientId: sim.credentials.clientId,
    clientSecret: sim.credentials.clientSecret,
    publicKey: '',
    privateKey: '',
    targetGroupId,
    targetClusterName: 'scratch',
    dryRun: 'true'
  })

  it('a token endpoint that is busy at first: asked again', async () => {
    sim.faults.add({
      path: '/api/oauth/token',
      times: 2,
      action: { type: 'status', status: 503 }
    })
    const tokenCalls = () => sim.requests.filter(r => r.path === '/api/oauth/token')
    const before = tokenCalls().length
    const run = pipeline(account())
    expect(await run.execute()).toBe('dryRun')
    expect(
      tokenCalls()
        .slice(before)
        .map(r => r.status)
    ).toEqual([503, 503, 200])
  })

  it('a wrong secret: refused at once, with what to check', async () => {
    const run = pipeline({ ...account(), clientSecret: 'mdb_sa_sk_wrong' })
    const error = await run.execute().then(
      () => undefined,
      (e: unknown) => e as Error
    )
    expect(error?.message).toMatch(
      /^Could not get a service account token from POST \/api\/oauth\/token: the token endpoint answered 401 invalid_client \(check clientId and clientSecret/
    )
  })

  it('a token endpoint down for five tries: the token fetch fails, and the read is tried again', async () => {
    sim.faults.add({ path: '/api/oauth/token', times: 5, action: { type: 'status', status: 500 } })
    const before = sim.requests.length
    const run = pipeline(account())
    expect(await run.execute()).toBe('dryRun')
    const token = sim.requests.slice(before).filter(r => r.path === '/api/oauth/token')
    expect(token.map(r => r.status)).toEqual([500, 500, 500, 500, 500, 200])
    expect(run.log.lines.some(l => l.text.includes('POST /api/oauth/token → 500'))).toBe(true)
  })

  it('a token expired early: renewed on the 401 and the call made again', async () => {
    const run = pipeline({
      ...account(),
      dryRun: 'false',
      waitForCompletion: 'false',
      targetClusterName: 'scratch-4'
    })
    sim.faults.add({ path: /\/clusters$/, action: { type: 'expireToken' } })
    const issued = sim.tokenStats().issued
    expect(await run.execute()).toBe('created')
    expect(sim.tokenStats().issued).toBeGreaterThanOrEqual(issued + 1)
  })
})
