// Bench section (e): what preflight costs. On a link with 100 ms per call, the time from the
// action's start to its create call, against the release before preflight (1.0.0, taken from
// git) in the same run: the preflight reads go out beside the snapshot list, so the growth must
// stay within 30 %.

import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSimulator } from '../simulator/index.js'
import { runAction, type Runtime } from './runner.js'

/** The last commit of release 1.0.0, before preflight existed. */
const BASELINE_COMMIT = '928b95177ef4ff9b94fdefb14432c45fc7248b71'
const LATENCY_MS = 100
const RUNS = Number(process.env.BENCH_RUNS ?? 5)

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

export async function preflightBench(
  runtime: Runtime,
  out: (line?: string) => void,
  check: (ok: boolean) => string
): Promise<void> {
  out(
    `## (e) Preflight: start to create call at ${LATENCY_MS} ms per call (${runtime.name}, medians of ${RUNS})`
  )
  out()
  const baseline = spawnSync('git', ['show', `${BASELINE_COMMIT}:dist/index.js`], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024
  })
  if (baseline.status !== 0) {
    out(
      `Release 1.0.0's bundle is not in this clone's history (commit ${BASELINE_COMMIT}): not measured.`
    )
    out()
    return
  }
  const dir = mkdtempSync(join(tmpdir(), 'atlas-restore-baseline-'))
  const baselineBundle = join(dir, 'index.js')
  writeFileSync(baselineBundle, baseline.stdout)
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n')

  const sim = await startSimulator({ restoreDurationMs: 60_000 })
  try {
    const groupId = sim.addProject()
    sim.addDeployment({ groupId, name: 'prod', kind: 'dedicated' })
    // A fresh target each run: a restore leaves its target busy for a while.
    for (let i = 0; i < 2 * RUNS; i++)
      sim.addDeployment({ groupId, name: `scratch-${i}`, kind: 'dedicated' })
    sim.addSnapshot({ groupId, clusterName: 'prod', ageMs: 3_600_000 })
    // Every answer, the Digest challenge included, takes 100 ms more: a far-away Atlas.
    sim.faults.add({ action: { type: 'delay', ms: LATENCY_MS }, times: Number.POSITIVE_INFINITY })
    const inputs = {
      groupId,
      clusterName: 'prod',
      waitForCompletion: 'false',
      publicKey: sim.credentials.publicKey,
      privateKey: sim.credentials.privateKey,
      baseUrl: sim.url
    }
    let target = 0
    const toCreate = async (bundle?: string) => {
      sim.resetLog()
      const started = Date.now()
      const run = await runAction({
        runtime,
        inputs: { ...inputs, targetClusterName: `scratch-${target++}` },
        ...(bundle && { bundle })
      })
      const post = sim.requests.find(r => r.method === 'POST' && r.path.endsWith('/restoreJobs'))
      if (run.code !== 0 || post === undefined)
        throw new Error(`bench run failed: ${run.errors.join('; ')}`)
      return { ms: post.at - started, calls: sim.requests.filter(r => r.at <= post.at).length }
    }
    const now: { ms: number; calls: number }[] = []
    const before: { ms: number; calls: number }[] = []
    for (let i = 0; i < RUNS; i++) {
      before.push(await toCreate(baselineBundle))
      now.push(await toCreate())
    }
    const ratio = median(now.map(r => r.ms)) / median(before.map(r => r.ms))
    out('| figure | this build | 1.0.0 (no preflight) | ratio | target |')
    out('|---|---|---|---|---|')
    out(
      `| start → create call | ${median(now.map(r => r.ms)).toFixed(0)} ms | ${median(before.map(r => r.ms)).toFixed(0)} ms | ${ratio.toFixed(2)} | ≤ 1.3 ${check(ratio <= 1.3)} |`
    )
    out(
      `| HTTP requests before the create | ${median(now.map(r => r.calls))} | ${median(before.map(r => r.calls))} | | |`
    )
    out()
  } finally {
    await sim.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
