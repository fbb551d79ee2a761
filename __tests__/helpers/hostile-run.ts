// The hostile e2e suites' scenario runner: the bundle (Node 24) against the simulator behind the
// hostile proxy, with the assertions every scenario shares — exit code, final status, jobs the
// simulator created, outputs and summary written, an ::error:: on failure, a bounded duration,
// no unsettled top-level await, and no workflow command the action did not mean to print.

import { expect } from '@jest/globals'
import type { ChildProcess } from 'node:child_process'
import type { Fault, SimulatorOptions } from '../../simulator/index.js'
import { runAction, runtimes, type ActionRun, type RunOptions } from '../../scripts/runner.js'
import { startHostileProxy, type HostileProxy, type ProxyRule } from './hostile-proxy.js'
import { startWorld, type World } from './world.js'

export const runtime = runtimes().at(-1)!
export const JOB = /\/clusters\/prod\/backup\/restoreJobs\/[a-f0-9]{24}$/
export const JOBS = /\/clusters\/prod\/backup\/restoreJobs$/
export const SNAPSHOTS = /\/clusters\/prod\/backup\/snapshots$/

export interface Stage {
  world: World
  proxy: HostileProxy
  close(): Promise<void>
}

export async function startStage(options: SimulatorOptions = {}): Promise<Stage> {
  const world = await startWorld({ restoreDurationMs: 2500, ...options })
  const proxy = await startHostileProxy(world.sim.url)
  return {
    world,
    proxy,
    close: async () => {
      await proxy.close()
      await world.close()
    }
  }
}

export interface Scenario {
  name: string
  rules?: ProxyRule[]
  faults?: Fault[]
  inputs?: Record<string, string> | ((stage: Stage) => Record<string, string>)
  options?: (stage: Stage) => Partial<RunOptions>
  /** How long the restore job runs in Atlas (default 2.5 s). */
  jobMs?: number
  expected: { code: 'zero' | 'nonzero'; status: string; jobsCreated: number }
  /** The run must end within this (default: timeout + 15 s). */
  maxMs?: number
  check?: (run: ActionRun, stage: Stage) => void
  /** An input error: the run ends before anything is known, so no output is set. */
  noOutputs?: boolean
}

const ACTION_COMMANDS = /^(::group::|::endgroup::$|::debug::|::error::|::warning::|::add-mask::)/

export async function play(stage: Stage, s: Scenario): Promise<ActionRun> {
  const { world, proxy } = stage
  world.sim.faults.clear()
  world.sim.resetLog()
  proxy.clear()
  for (const fault of s.faults ?? []) world.sim.faults.add(fault)
  for (const rule of s.rules ?? []) proxy.add(rule)
  world.sim.scriptNextJob({ outcome: 'completed', durationMs: s.jobMs ?? 2500 })
  const jobsBefore = world.sim.jobs().length
  const inputs = {
    groupId: world.groupId,
    clusterName: 'prod',
    deliveryType: 'download',
    pollInterval: '250ms',
    timeout: '30s',
    ...world.apiKey,
    baseUrl: proxy.url,
    ...(typeof s.inputs === 'function' ? s.inputs(stage) : s.inputs)
  }
  const r = await runAction({ runtime, inputs, killAfterMs: 200_000, ...s.options?.(stage) })
  const created = world.sim.jobs().length - jobsBefore
  const seen = {
    code: r.code === 0 ? 'zero' : 'nonzero',
    status: r.outputs.status ?? '',
    jobsCreated: created
  }
  // The run's errors go with a mismatch: they say why.
  if (JSON.stringify(seen) !== JSON.stringify({ ...seen, ...s.expected }))
    throw new Error(
      `${JSON.stringify(seen)} ≠ ${JSON.stringify(s.expected)}: ${r.errors.join(' / ')}`
    )
  expect(r.code).not.toBe(13)
  expect(r.signal).toBeNull()
  expect(r.stderr).not.toMatch(/unsettled top-level await|TimeoutOverflowWarning/i)
  // Outputs and the summary are written whatever happened.
  if (!s.noOutputs) expect(Object.keys(r.outputs).length).toBeGreaterThan(0)
  expect(r.summary).not.toBe('')
  if (s.expected.code === 'nonzero') expect(r.errors.length).toBeGreaterThan(0)
  if (s.expected.jobsCreated === 1 && s.expected.status !== '')
    expect(r.outputs.restoreJobId).toBe(world.sim.jobs().at(-1)!.id)
  const timeoutMs = parseDuration(inputs.timeout)
  expect(r.durationMs).toBeLessThan(s.maxMs ?? timeoutMs + 15_000)
  for (const line of r.stdout.split('\n'))
    if (/^(::|##\[)/.test(line)) expect(line).toMatch(ACTION_COMMANDS)
  expect(proxy.pending()).toBe(0)
  s.check?.(r, stage)
  return r
}

function parseDuration(text: string): number {
  const m = /^(\d+)(ms|s|m|h)$/.exec(text)!
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms']
}

/** Sends `first` once stdout shows `marker` (plus `afterMs`), then `then` signals later. */
export function signalWhen(
  marker: RegExp,
  afterMs: number,
  then: { signal: NodeJS.Signals; afterMs: number }[] = []
): Pick<RunOptions, 'onSpawn' | 'onStdout'> {
  let child: ChildProcess | undefined
  let sent = false
  let seen = ''
  const timers: NodeJS.Timeout[] = []
  return {
    onSpawn: c => {
      child = c
      c.on('exit', () => timers.forEach(clearTimeout))
    },
    onStdout: chunk => {
      seen += chunk
      if (sent || !marker.test(seen)) return
      sent = true
      timers.push(setTimeout(() => child?.kill('SIGINT'), afterMs))
      for (const next of then)
        timers.push(setTimeout(() => child?.kill(next.signal), afterMs + next.afterMs))
    }
  }
}

/** The posts (creates) the simulator itself received. */
export const creates = (world: World) =>
  world.sim.requests.filter(q => q.method === 'POST' && JOBS.test(q.path) && q.status !== 401)
    .length
