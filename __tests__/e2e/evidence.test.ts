// The evidence file (reportPath, DESIGN.md "Evidence") through the bundle: written at the end of
// every run, however it ends, always with every key, never with a secret or a download URL.
// Node 24 only (action.yml's runtime).

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Ajv } from 'ajv'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction, runtimes, type ActionRun, type RunOptions } from '../../scripts/runner.js'
import { startWorld, type World } from '../helpers/world.js'

const runtime = runtimes().at(-1)!
const FAST = { pollInterval: '250ms', timeout: '30s' }
const RFC3339 = '^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$'
const HEX24 = '^[a-f0-9]{24}$'

const nullable = (schema: Record<string, unknown>) => ({ anyOf: [schema, { type: 'null' }] })
const str = { type: 'string' }
const date = { type: 'string', pattern: RFC3339 }
const seconds = { type: 'integer', minimum: 0 }
const ref = {
  type: 'object',
  additionalProperties: false,
  required: ['groupId', 'clusterName'],
  properties: { groupId: { type: 'string', pattern: HEX24 }, clusterName: str }
}
const properties = {
  schemaVersion: { const: 1 },
  result: { enum: ['succeeded', 'failed', 'timedOut', 'aborted', 'dryRun', 'created'] },
  failure: nullable(str),
  source: nullable(ref),
  target: nullable(ref),
  clusterKind: nullable({ enum: ['dedicated', 'flex', 'shared', 'serverless'] }),
  deliveryType: nullable({ enum: ['automated', 'download', 'pointInTime'] }),
  snapshot: nullable({
    type: 'object',
    additionalProperties: false,
    required: ['id', 'createdAt', 'type', 'ageSeconds'],
    properties: {
      id: str,
      createdAt: nullable(date),
      type: nullable({ enum: ['onDemand', 'scheduled', 'fallback'] }),
      ageSeconds: nullable(seconds)
    }
  }),
  requestedPointInTime: nullable(date),
  restoreJobId: nullable({ type: 'string', pattern: HEX24 }),
  status: nullable({
    enum: ['pending', 'inProgress', 'completed', 'failed', 'cancelled', 'expired']
  }),
  jobCreatedAt: nullable(date),
  finishedAt: nullable(date),
  targetReadyAt: nullable(date),
  durationSeconds: nullable(seconds),
  timeToReadySeconds: nullable(seconds),
  maxRestoreDurationSeconds: nullable(seconds),
  withinObjective: nullable({ type: 'boolean' }),
  apiCalls: seconds,
  run: {
    type: 'object',
    additionalProperties: false,
    required: ['repository', 'workflow', 'runId', 'runAttempt', 'sha', 'serverUrl'],
    properties: Object.fromEntries(
      ['repository', 'workflow', 'runId', 'runAttempt', 'sha', 'serverUrl'].map(k => [
        k,
        nullable(str)
      ])
    )
  },
  actionVersion: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+' },
  startedAt: date,
  endedAt: date
}
const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: Object.keys(properties),
  properties
}
const validate = new Ajv({ allErrors: true, strict: true }).compile(SCHEMA)

type Evidence = Record<string, unknown> & {
  run: Record<string, string | null>
  snapshot: Record<string, unknown> | null
}

const GITHUB = {
  GITHUB_REPOSITORY: 'acme/orders',
  GITHUB_WORKFLOW: 'Nightly restore drill',
  GITHUB_RUN_ID: '9876543210',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_SERVER_URL: 'https://github.com'
}

let world: World
let dir: string
let count = 0
beforeAll(async () => {
  world = await startWorld()
  world.sim.addDeployment({
    groupId: world.targetGroupId,
    name: 'scratch-paused',
    kind: 'dedicated',
    paused: true
  })
  dir = mkdtempSync(join(tmpdir(), 'evidence-'))
})
afterAll(async () => {
  await world.close()
  rmSync(dir, { recursive: true, force: true })
})

interface Evidenced {
  r: ActionRun
  text: string
  evidence: Evidence
}

/** Runs the action with a fresh reportPath (in a folder that does not exist yet). */
async function run(
  inputs: Record<string, string>,
  options: Partial<RunOptions> = {}
): Promise<Evidenced> {
  world.sim.resetLog()
  const reportPath = join(dir, `run-${++count}`, 'evidence.json')
  const r = await runAction({
    runtime,
    inputs: {
      groupId: world.groupId,
      clusterName: 'prod',
      ...world.apiKey,
      ...FAST,
      reportPath,
      ...inputs
    },
    ...options
  })
  const text = readFileSync(reportPath, 'utf8')
  const evidence = JSON.parse(text) as Evidence
  expect(validate.errors ?? []).toEqual([])
  expect({ valid: validate(evidence), errors: validate.errors }).toEqual({
    valid: true,
    errors: null
  })
  // Never a secret, never a download URL.
  for (const secret of [world.apiKey.privateKey, world.serviceAccount.clientSecret])
    expect(text).not.toContain(secret)
  for (const token of world.sim.issuedTokens()) expect(text).not.toContain(token)
  if (r.outputs.deliveryUrls)
    for (const url of JSON.parse(r.outputs.deliveryUrls) as string[])
      expect(text).not.toContain(url)
  expect(text).not.toMatch(/https:\/\/restore-/)
  // The summary as rendered: a headline, and no empty table row anywhere.
  expect(r.summary).toMatch(/^### /)
  expect(r.summary.split('\n').filter(l => /^\|(\s*\|)+$/.test(l))).toEqual([])
  return { r, text, evidence }
}

describe('the evidence file', () => {
  it('a completed restore within its objective: every fact, the run block from GITHUB_*', async () => {
    const { r, evidence } = await run(
      {
        targetGroupId: world.targetGroupId,
        targetClusterName: 'scratch',
        maxRestoreDuration: '10m'
      },
      { env: GITHUB }
    )
    expect(r.code).toBe(0)
    expect(evidence).toMatchObject({
      schemaVersion: 1,
      result: 'succeeded',
      failure: null,
      source: { groupId: world.groupId, clusterName: 'prod' },
      target: { groupId: world.targetGroupId, clusterName: 'scratch' },
      clusterKind: 'dedicated',
      deliveryType: 'automated',
      snapshot: {
        id: world.fresh,
        createdAt: r.outputs.snapshotCreatedAt,
        type: 'scheduled',
        ageSeconds: Number(r.outputs.snapshotAgeSeconds)
      },
      requestedPointInTime: null,
      restoreJobId: r.outputs.restoreJobId,
      status: 'completed',
      finishedAt: r.outputs.finishedAt,
      durationSeconds: Number(r.outputs.durationSeconds),
      timeToReadySeconds: Number(r.outputs.timeToReadySeconds),
      maxRestoreDurationSeconds: 600,
      withinObjective: true,
      actionVersion: '1.0.0',
      run: {
        repository: 'acme/orders',
        workflow: 'Nightly restore drill',
        runId: '9876543210',
        runAttempt: '2',
        sha: '0123456789abcdef0123456789abcdef01234567',
        serverUrl: 'https://github.com'
      }
    })
    expect(r.outputs.withinObjective).toBe('true')
    // Created → target IDLE: the restore (1.2 s) and the target's UPDATING (1 s) after it.
    expect(evidence.timeToReadySeconds).toBeGreaterThanOrEqual(2)
    expect(evidence.timeToReadySeconds).toBeLessThan(15)
    expect(Date.parse(evidence.targetReadyAt as string)).toBeGreaterThanOrEqual(
      Date.parse(evidence.jobCreatedAt as string)
    )
    expect(Date.parse(evidence.endedAt as string)).toBeGreaterThanOrEqual(
      Date.parse(evidence.startedAt as string)
    )
    const sent = world.sim.requests.filter(q => q.path.startsWith('/api/atlas') && q.status !== 401)
    expect(evidence.apiCalls).toBeGreaterThanOrEqual(sent.length)
  })

  it('a completed restore that missed its objective fails afterwards, withinObjective false', async () => {
    const { r, evidence } = await run({
      targetGroupId: world.targetGroupId,
      targetClusterName: 'scratch',
      maxRestoreDuration: '1s'
    })
    expect(r.code).toBe(1)
    expect(r.outputs).toMatchObject({ status: 'completed', withinObjective: 'false' })
    expect(r.errors.join('\n')).toMatch(
      /^The restore worked, but took \d+s from job creation until the data was usable: longer than maxRestoreDuration 1s \(the recovery-time objective\)\.$/
    )
    expect(evidence).toMatchObject({
      result: 'failed',
      status: 'completed',
      maxRestoreDurationSeconds: 1,
      withinObjective: false,
      timeToReadySeconds: Number(r.outputs.timeToReadySeconds)
    })
    expect(evidence.failure).toBe(r.errors[0])
    expect(r.summary).toContain('1s: **missed**')
    // No GITHUB_* variables given: the run block says so with nulls.
    expect(evidence.run).toEqual({
      repository: null,
      workflow: null,
      runId: null,
      runAttempt: null,
      sha: null,
      serverUrl: null
    })
  })

  it('a download: no URL in the file, time to URL measured', async () => {
    const { r, evidence } = await run({
      deliveryType: 'download',
      publicKey: '',
      privateKey: '',
      ...world.serviceAccount
    })
    expect(r.errors).toEqual([])
    expect(r.code).toBe(0)
    expect(r.outputs.deliveryUrl).toMatch(/^https:\/\/restore-/)
    expect(evidence).toMatchObject({
      result: 'succeeded',
      deliveryType: 'download',
      target: null,
      status: 'completed',
      timeToReadySeconds: Number(r.outputs.timeToReadySeconds),
      withinObjective: null,
      maxRestoreDurationSeconds: null
    })
  })

  it('invalid inputs: written with 0 requests, the problems in failure', async () => {
    const { r, evidence } = await run({ groupId: 'not-a-project', timeout: 'soon' })
    expect(r.code).toBe(1)
    expect(world.sim.requests).toHaveLength(0)
    expect(evidence).toMatchObject({
      result: 'failed',
      apiCalls: 0,
      source: null,
      restoreJobId: null,
      status: null,
      clusterKind: null
    })
    expect(r.summary.split('\n').filter(l => l.startsWith('- `'))).toEqual([
      '- `groupId`: &#34;not-a-project&#34; is not a project ID: expected 24 lowercase hexadecimal characters',
      '- `targetClusterName`: is required for deliveryType automated: the cluster to restore onto',
      expect.stringMatching(/^- `timeout`: &#34;soon&#34; is not a duration/)
    ])
    expect(evidence.failure).toMatch(
      /^3 inputs are invalid:\n- groupId: "not-a-project" is not a project ID: expected 24 lowercase hexadecimal characters\n- targetClusterName: is required for deliveryType automated: the cluster to restore onto\n- timeout: "soon" is not a duration/
    )
  })

  it('a preflight refusal: written, nothing created', async () => {
    const { r, evidence } = await run({
      targetGroupId: world.targetGroupId,
      targetClusterName: 'scratch-paused'
    })
    expect(r.code).toBe(1)
    expect(world.posts()).toBe(0)
    expect(evidence).toMatchObject({
      result: 'failed',
      target: { groupId: world.targetGroupId, clusterName: 'scratch-paused' },
      snapshot: { id: world.fresh, type: 'scheduled' },
      restoreJobId: null,
      jobCreatedAt: null
    })
    expect(evidence.failure).toContain('- target paused: target scratch-paused is paused')
  })

  it('a timeout: timedOut, with the job as last seen', async () => {
    world.sim.scriptNextJob({ outcome: 'completed', durationMs: 60_000 })
    const { r, evidence } = await run({ deliveryType: 'download', timeout: '2s' })
    expect(r.code).toBe(1)
    expect(evidence).toMatchObject({
      result: 'timedOut',
      status: 'inProgress',
      restoreJobId: r.outputs.restoreJobId,
      finishedAt: null,
      timeToReadySeconds: null
    })
    expect(evidence.failure).toBe(
      `Restore job ${r.outputs.restoreJobId} did not finish within timeout 2s (last status: inProgress).`
    )
  })

  it('a cancelled run (SIGINT): aborted, written before exit', async () => {
    world.sim.scriptNextJob({ outcome: 'completed', durationMs: 60_000 })
    const { r, evidence } = await run(
      { deliveryType: 'download' },
      {
        onSpawn: (child: ChildProcess) => {
          const timer = setTimeout(() => child.kill('SIGINT'), 1500)
          child.on('exit', () => clearTimeout(timer))
        }
      }
    )
    expect(r.code).toBe(1)
    expect(evidence).toMatchObject({
      result: 'aborted',
      status: 'inProgress',
      restoreJobId: r.outputs.restoreJobId
    })
    expect(evidence.failure).toMatch(
      /^The workflow run was cancelled while restore job [a-f0-9]{24} was inProgress\./
    )
  })

  it('a dry run: dryRun, no job', async () => {
    const { r, evidence } = await run({ deliveryType: 'download', dryRun: 'true' })
    expect(r.code).toBe(0)
    expect(world.posts()).toBe(0)
    expect(evidence).toMatchObject({
      result: 'dryRun',
      failure: null,
      restoreJobId: null,
      status: null,
      snapshot: { id: world.fresh, type: 'scheduled' }
    })
  })

  it('watching an existing point-in-time job: the moment it restores to comes from the job', async () => {
    const seconds = Math.floor(Date.now() / 1000) - 900
    const moment = new Date(seconds * 1000).toISOString().replace('.000Z', 'Z')
    const started = await run({
      deliveryType: 'pointInTime',
      pointInTimeUTCSeconds: String(seconds),
      targetGroupId: world.targetGroupId,
      targetClusterName: 'scratch',
      waitForCompletion: 'false'
    })
    expect(started.evidence).toMatchObject({ result: 'created', requestedPointInTime: moment })
    const { r, evidence } = await run({ restoreJobId: started.r.outputs.restoreJobId })
    expect(r.errors).toEqual([])
    expect(world.posts()).toBe(0)
    expect(r.outputs).toMatchObject({ deliveryType: 'pointInTime', requestedPointInTime: moment })
    expect(evidence).toMatchObject({
      result: 'succeeded',
      deliveryType: 'pointInTime',
      requestedPointInTime: moment,
      restoreJobId: started.r.outputs.restoreJobId,
      target: { groupId: world.targetGroupId, clusterName: 'scratch' }
    })
  })

  it('waitForCompletion false: created, the job as created', async () => {
    const { r, evidence } = await run({ deliveryType: 'download', waitForCompletion: 'false' })
    expect(r.code).toBe(0)
    expect(evidence).toMatchObject({
      result: 'created',
      status: 'inProgress',
      restoreJobId: r.outputs.restoreJobId,
      finishedAt: null
    })
    expect(evidence.jobCreatedAt).toMatch(new RegExp(RFC3339))
  })
})
