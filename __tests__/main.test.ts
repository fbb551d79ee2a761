// src/main.ts in-process: run() with @actions/core replaced by __fixtures__/core.ts, against
// the simulator over real HTTP on 127.0.0.1 (a real Digest challenge, real OAuth tokens).
// What the e2e suite checks through the bundle, checked here where coverage and mutants see it.

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
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '../__fixtures__/core.js'
import { startSimulator, type Simulator } from '../simulator/index.js'

jest.unstable_mockModule('@actions/core', () => core)
const { run } = await import('../src/main.js')

const HOUR = 3_600_000
const FAST = { pollInterval: '100ms', timeout: '30s' }

let sim: Simulator
let groupId: string
let targetGroupId: string
let fresh: string
let dir: string
const savedEnv = { ...process.env }

beforeAll(async () => {
  sim = await startSimulator({
    restoreDurationMs: 300,
    downloadDurationMs: 200,
    targetUpdatingMs: 200,
    concurrencyRules: false
  })
  groupId = sim.addProject()
  targetGroupId = sim.addProject()
  sim.addDeployment({ groupId, name: 'prod', kind: 'dedicated', pitEnabled: true })
  sim.addDeployment({ groupId: targetGroupId, name: 'scratch', kind: 'dedicated' })
  // The target of the job left running (waitForCompletion false).
  sim.addDeployment({ groupId: targetGroupId, name: 'scratch-left', kind: 'dedicated' })
  sim.addSnapshot({ groupId, clusterName: 'prod', ageMs: 30 * HOUR })
  fresh = sim.addSnapshot({ groupId, clusterName: 'prod', ageMs: 2 * HOUR }).id
})
afterAll(() => sim.close())

beforeEach(() => {
  core.reset()
  dir = mkdtempSync(join(tmpdir(), 'main-test-'))
  const summaryFile = join(dir, 'summary.md')
  writeFileSync(summaryFile, '')
  for (const key of Object.keys(process.env))
    if (key.startsWith('MONGODB_ATLAS_') || key.startsWith('GITHUB_')) delete process.env[key]
  process.env.GITHUB_STEP_SUMMARY = summaryFile
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key]
  Object.assign(process.env, savedEnv)
})

const given = (inputs: Record<string, string>) => Object.assign(core.inputs, inputs)
const apiKey = () => ({
  baseUrl: sim.url,
  publicKey: sim.credentials.publicKey,
  privateKey: sim.credentials.privateKey
})
const serviceAccount = () => ({
  baseUrl: sim.url,
  clientId: sim.credentials.clientId,
  clientSecret: sim.credentials.clientSecret
})
const evidence = () => JSON.parse(readFileSync(join(dir, 'evidence', 'run.json'), 'utf8'))

/** Index of the first call that logged a line containing `text`; -1 if none did. */
const firstLineWith = (text: string) =>
  core.calls.findIndex(
    c => c.kind !== 'setSecret' && c.kind !== 'setOutput' && c.text.includes(text)
  )
/** Index of the first call that logged anything. */
const firstLine = () => core.calls.findIndex(c => c.kind !== 'setSecret' && c.kind !== 'setOutput')
const maskedAt = (secret: string) =>
  core.calls.findIndex(c => c.kind === 'setSecret' && c.text === secret)

describe('run() in-process', () => {
  it('restores onto a target with an API key: outputs, summary, evidence, secrets masked first', async () => {
    given({
      groupId,
      clusterName: 'prod',
      targetGroupId,
      targetClusterName: 'scratch',
      reportPath: join(dir, 'evidence', 'run.json'),
      ...FAST,
      ...apiKey()
    })
    const challenges = sim.stats.digestChallenges
    await run()

    expect(core.setFailed).not.toHaveBeenCalled()
    expect(core.outputs).toMatchObject({
      status: 'completed',
      clusterKind: 'dedicated',
      deliveryType: 'automated',
      snapshotId: fresh,
      targetGroupId,
      targetClusterName: 'scratch'
    })
    expect(core.outputs.restoreJobId).toMatch(/^[a-f0-9]{24}$/)
    expect(core.outputs.targetConnectionString).toMatch(/^mongodb\+srv:\/\/scratch\./)
    expect(Number(core.outputs.durationSeconds)).toBeGreaterThanOrEqual(0)
    expect(JSON.parse(core.outputs.restoreJob)).toMatchObject({ id: core.outputs.restoreJobId })
    // A real Digest exchange happened.
    expect(sim.stats.digestChallenges).toBeGreaterThan(challenges)

    // The job summary, through core.summary, once.
    expect(core.summary.write).toHaveBeenCalledTimes(1)
    expect(core.summaryWrites[0]).toContain('Restore completed')
    expect(core.summaryWrites[0]).toContain('Target ready')
    // The groups of the pipeline, in order.
    expect(core.group.mock.calls.map(c => c[0])).toEqual([
      'Cluster kind',
      'Snapshot and preflight',
      'Create the restore job',
      'Wait for the restore job',
      'Wait for the target'
    ])
    // The result line is the last line.
    expect(core.calls.at(-1)).toMatchObject({ kind: 'info' })

    // The private key: masked before the first line, and never in one.
    const key = sim.credentials.privateKey
    expect(maskedAt(key)).toBeGreaterThanOrEqual(0)
    expect(maskedAt(key)).toBeLessThan(firstLine())
    expect(firstLineWith(key)).toBe(-1)

    const report = evidence()
    expect(report).toMatchObject({
      schemaVersion: 1,
      result: 'succeeded',
      failure: null,
      source: { groupId, clusterName: 'prod' },
      target: { groupId: targetGroupId, clusterName: 'scratch' },
      clusterKind: 'dedicated',
      deliveryType: 'automated'
    })
    expect(JSON.stringify(report)).not.toContain(key)
  })

  it('with a service account: the token is masked, used, and revoked at the end', async () => {
    given({
      groupId,
      clusterName: 'prod',
      targetGroupId,
      targetClusterName: 'scratch-left',
      waitForCompletion: 'false',
      ...FAST,
      ...serviceAccount()
    })
    const before = sim.tokenStats()
    await run()

    expect(core.setFailed).not.toHaveBeenCalled()
    expect(core.outputs.status).not.toMatch(/^(completed|failed|cancelled|expired|)$/)
    expect(core.outputs.restoreJobId).toMatch(/^[a-f0-9]{24}$/)
    const after = sim.tokenStats()
    expect(after.issued).toBe(before.issued + 1)
    expect(after.revoked).toBe(before.revoked + 1)
    expect(after.live).toBe(before.live)
    const token = sim.issuedTokens().at(-1)!
    expect(core.setSecret).toHaveBeenCalledWith(token)
    expect(firstLineWith(token)).toBe(-1)
    const secret = sim.credentials.clientSecret
    expect(maskedAt(secret)).toBeLessThan(firstLine())
    expect(firstLineWith(secret)).toBe(-1)
    expect(core.logged().join('\n')).toContain('waitForCompletion is false')
  })

  it('a download: the URL is a secret before any line could show it', async () => {
    given({ groupId, clusterName: 'prod', deliveryType: 'download', ...FAST, ...apiKey() })
    await run()

    expect(core.setFailed).not.toHaveBeenCalled()
    expect(core.outputs.status).toBe('completed')
    const url = core.outputs.deliveryUrl
    expect(url).toMatch(/^https:\/\//)
    expect(maskedAt(url)).toBeGreaterThanOrEqual(0)
    const shown = firstLineWith(url)
    if (shown >= 0) expect(maskedAt(url)).toBeLessThan(shown)
  })

  it('invalid inputs: setFailed names every problem, nothing is sent, the evidence is written', async () => {
    given({
      groupId: 'not-a-project',
      clusterName: 'my cluster',
      deliveryType: 'copy',
      timeout: 'soon',
      baseUrl: sim.url,
      publicKey: 'abcdefgh',
      privateKey: 'line-one-secret\nline-two-secret',
      reportPath: join(dir, 'evidence', 'run.json')
    })
    const requests = sim.requests.length
    await run()

    expect(core.setFailed).toHaveBeenCalledTimes(1)
    const message = String(core.setFailed.mock.calls[0][0])
    expect(message).toMatch(/^5 inputs are invalid:/)
    for (const input of ['groupId', 'clusterName', 'deliveryType', 'targetClusterName', 'timeout'])
      expect(message).toContain(`- ${input}: `)
    expect(sim.requests.length).toBe(requests)
    // A multi-line secret: the whole and each line masked before anything is logged.
    for (const secret of ['line-one-secret\nline-two-secret', 'line-one-secret', 'line-two-secret'])
      expect(maskedAt(secret)).toBeLessThan(firstLine())
    expect(core.logged().join('\n')).not.toContain('line-two-secret')

    const report = evidence()
    expect(report.result).toBe('failed')
    expect(report.failure).toMatch(/^5 inputs are invalid:/)
    expect(report).toMatchObject({ apiCalls: 0, source: null, restoreJobId: null })
    // Only known outputs are set: none here.
    expect(core.outputs).toEqual({})
    expect(core.summaryWrites[0]).toContain('invalid')
  })

  it('masks credentials from the environment fallbacks too', async () => {
    process.env.MONGODB_ATLAS_PRIVATE_API_KEY = ' env-private-key \n'
    process.env.MONGODB_ATLAS_CLIENT_SECRET = 'env-client-secret'
    given({ groupId: 'bad', clusterName: 'prod' })
    await run()
    expect(maskedAt('env-private-key')).toBeGreaterThanOrEqual(0)
    expect(maskedAt('env-private-key')).toBeLessThan(firstLine())
    expect(maskedAt('env-client-secret')).toBeLessThan(firstLine())
    expect(core.setFailed).toHaveBeenCalledTimes(1)
  })

  it('an Atlas refusal fails the run with what Atlas said, and the summary still comes', async () => {
    given({ groupId, clusterName: 'nope', targetClusterName: 'scratch', ...FAST, ...apiKey() })
    await run()
    expect(core.setFailed).toHaveBeenCalledTimes(1)
    expect(String(core.setFailed.mock.calls[0][0])).toContain('nope')
    expect(core.summary.write).toHaveBeenCalledTimes(1)
    expect(core.outputs.restoreJobId ?? '').toBe('')
  })

  it('a summary that cannot be written is a warning, not a failure', async () => {
    core.summary.write.mockImplementationOnce(async () => {
      throw new Error('disk full')
    })
    given({
      groupId,
      clusterName: 'prod',
      dryRun: 'true',
      targetGroupId,
      targetClusterName: 'scratch',
      ...FAST,
      ...apiKey()
    })
    await run()
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(core.warning).toHaveBeenCalledWith('Could not write the job summary: disk full')
  })

  it('an evidence file that cannot be written is a warning', async () => {
    writeFileSync(join(dir, 'file'), '')
    given({
      groupId,
      clusterName: 'prod',
      dryRun: 'true',
      targetGroupId,
      targetClusterName: 'scratch',
      reportPath: join(dir, 'file', 'run.json'),
      ...FAST,
      ...apiKey()
    })
    await run()
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(core.warning.mock.calls.map(c => String(c[0])).join('\n')).toMatch(
      /^Could not write the evidence file reportPath: /m
    )
  })

  it('a cancelled run (SIGTERM, then again): stops, says so, and leaves with what is known', async () => {
    sim.scriptNextJob({ outcome: 'completed', durationMs: 60_000 })
    given({
      groupId,
      clusterName: 'prod',
      targetGroupId,
      targetClusterName: 'scratch',
      reportPath: join(dir, 'evidence', 'run.json'),
      ...FAST,
      ...apiKey()
    })
    const exits: unknown[] = []
    const exit = jest.spyOn(process, 'exit').mockImplementation(code => {
      exits.push(code)
      return undefined as never
    })
    const before = process.listeners('SIGTERM')
    const plain = core.group.getMockImplementation()!
    core.group.mockImplementation(async (name, fn) => {
      if (name === 'Wait for the restore job') {
        const [onSignal] = process.listeners('SIGTERM').filter(l => !before.includes(l))
        setTimeout(() => {
          onSignal('SIGTERM')
          onSignal('SIGTERM')
        }, 50)
      }
      return plain(name, fn)
    })
    try {
      await run()
    } finally {
      core.group.mockImplementation(plain)
      exit.mockRestore()
    }
    expect(core.warning).toHaveBeenCalledWith('Received SIGTERM: stopping.')
    // The second signal: outputs, evidence and the summary written at once, then exit(1).
    expect(exits).toEqual([1])
    expect(readFileSync(process.env.GITHUB_STEP_SUMMARY!, 'utf8')).not.toBe('')
    expect(core.setFailed).toHaveBeenCalledTimes(1)
    expect(evidence().result).toBe('aborted')
    expect(evidence().failure).toMatch(/cancelled|SIGTERM/)
    expect(core.outputs.restoreJobId).toMatch(/^[a-f0-9]{24}$/)
    // The handlers are gone once run() returns.
    expect(process.listeners('SIGTERM')).toEqual(before)
    expect(process.listeners('SIGINT').length).toBeLessThanOrEqual(before.length + 1)
  })
})
