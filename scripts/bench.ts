// `npm run bench`: the performance figures of issue #5, side by side with their baselines, in
// one run. `npm run bench -- --write` also writes them to BENCHMARKS.md.
//
// (a) the polling schedule against constant 4 s (Atlas CLI) and 30 s (CloudFormation, scripts)
//     polling, computed from the schedule functions;
// (b) real runs of the bundled action against the simulator: detection delay, HTTP requests
//     per API call, digest challenges;
// (c) cold start (process start → first HTTP request) against `node -e 0`, peak RSS, bundle size;
// (d) downloadPath: a 1 GiB archive, the action against curl -o, and its peak RSS
//     (scripts/bench-download.ts). `npm run bench -- --download-only [--write]` runs only (d)
//     and replaces only that section of BENCHMARKS.md.
// (e) preflight: start → create call at 100 ms per call against release 1.0.0
//     (scripts/bench-preflight.ts); `npm run bench -- --preflight-only` runs only (e).

import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startSimulator } from '../simulator/index.js'
import { ELAPSED_SHARE, MIN_PAUSE_MS, nextPause } from '../src/wait/schedule.js'
import { BUNDLE, runAction, runtimes, type Runtime } from './runner.js'
import { downloadBench, withDownloadSection } from './bench-download.js'
import { preflightBench } from './bench-preflight.js'

const POLL_INTERVAL_MS = 30_000
const RUNS = Number(process.env.BENCH_RUNS ?? 7)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const s = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`
const mark = (ok: boolean) => (ok ? '✅' : '❌')
const lines: string[] = []
const out = (line = '') => {
  lines.push(line)
  console.log(line)
}
let allTargetsHold = true
const check = (ok: boolean) => {
  allTargetsHold &&= ok
  return mark(ok)
}

/** Check times of a schedule: calls made until a job finishing at `finishMs` is seen, and the
 *  worst detection delay for a job finishing anywhere in the check interval around it. */
function scheduleFigures(next: (elapsedMs: number) => number, finishMs: number) {
  let t = 0
  let calls = 1
  let previous = 0
  while (t < finishMs) {
    previous = t
    t += next(t)
    calls += 1
  }
  return { calls, worstDelayMs: t - previous }
}

if (process.argv.includes('--preflight-only')) {
  await preflightBench(runtimes().at(-1)!, out, check)
  process.exit(allTargetsHold ? 0 : 1)
}

if (process.argv.includes('--download-only')) {
  await downloadBench(runtimes().at(-1)!, out, check)
  if (process.argv.includes('--write')) {
    writeFileSync(
      'BENCHMARKS.md',
      withDownloadSection(readFileSync('BENCHMARKS.md', 'utf8'), lines)
    )
    console.log('\nWrote section (d) of BENCHMARKS.md')
  }
  process.exit(allTargetsHold ? 0 : 1)
}

// (a) ------------------------------------------------------------------------------------------
const DURATIONS: [string, number][] = [
  ['30 s', 30_000],
  ['90 s', 90_000],
  ['4 min', 240_000],
  ['10 min', 600_000],
  ['30 min', 1_800_000],
  ['2 h', 7_200_000],
  ['6 h', 21_600_000]
]
out('## (a) Polling schedule: status calls and worst-case detection delay')
out()
out(
  `Ours: ${MIN_PAUSE_MS / 1000} s pauses for the first 20 s, then ${ELAPSED_SHARE * 100} % of the elapsed time, capped at pollInterval (default 30 s).`
)
out()
out(
  '| restore | ours: calls | ours: worst delay | 4 s: calls | 4 s: delay | 30 s: calls | 30 s: delay | delay ≤ max(2 s, 10 %) and ≤ 30 s | calls ≤ ⅓ (≥10 min) / ⅕ (≥1 h) of 4 s |'
)
out('|---|---|---|---|---|---|---|---|---|')
for (const [name, d] of DURATIONS) {
  const ours = scheduleFigures(e => nextPause(e, POLL_INTERVAL_MS), d)
  const c4 = scheduleFigures(() => 4_000, d)
  const c30 = scheduleFigures(() => 30_000, d)
  const delayOk = ours.worstDelayMs <= Math.min(POLL_INTERVAL_MS, Math.max(2_000, 0.1 * d))
  const share = d >= 3_600_000 ? 1 / 5 : d >= 600_000 ? 1 / 3 : undefined
  const callsOk = share === undefined || ours.calls <= c4.calls * share
  out(
    `| ${name} | ${ours.calls} | ${s(ours.worstDelayMs)} | ${c4.calls} | ${s(c4.worstDelayMs)} | ${c30.calls} | ${s(c30.worstDelayMs)} | ${check(delayOk)} | ${share === undefined ? '—' : `${check(callsOk)} ${(ours.calls / c4.calls).toFixed(2)}`} |`
  )
}

// (b) ------------------------------------------------------------------------------------------
const runtime: Runtime = runtimes().at(-1)!
out()
out(`## (b) The bundled action against the simulator (${runtime.name} ${runtime.version})`)
out()

/** One run of the bundled action: a download that Atlas finishes after `jobMs`. */
async function measuredRun(jobMs: number) {
  const sim = await startSimulator({ downloadDurationMs: jobMs })
  try {
    const groupId = sim.addProject()
    sim.addDeployment({ groupId, name: 'bench', kind: 'dedicated' })
    sim.addSnapshot({ groupId, clusterName: 'bench', ageMs: 3_600_000 })
    const r = await runAction({
      runtime,
      inputs: {
        groupId,
        clusterName: 'bench',
        deliveryType: 'download',
        publicKey: sim.credentials.publicKey,
        privateKey: sim.credentials.privateKey,
        baseUrl: sim.url
      }
    })
    const exitedAt = Date.now()
    if (r.code !== 0) throw new Error(`bench run failed:\n${r.stdout}`)
    const job = sim.jobs().find(j => j.id === r.outputs.restoreJobId)!
    const api = sim.requests.filter(q => q.path.startsWith('/api/atlas'))
    const calls = api.filter(q => q.status !== 401).length
    return {
      delayMs: exitedAt - job.finishedAt!.getTime(),
      requests: api.length,
      calls,
      challenges: sim.stats.digestChallenges
    }
  } finally {
    await sim.close()
  }
}

const short = []
for (let i = 0; i < RUNS; i++) short.push(await measuredRun(3_000))
// The median flex restore in the recordings took 88 s: a whole run of that length.
const typical = await measuredRun(88_000)
const delay = median(short.map(r => r.delayMs))
const typicalRatio = typical.requests / typical.calls
out('| figure | measured | target |')
out('|---|---|---|')
out(
  `| detection delay, 3 s download (Atlas finished → process exit), median of ${RUNS} | ${s(delay)} | ≤ 2 s ${check(delay <= 2_000)} |`
)
out(
  `| detection delay, 88 s download (the recordings' median flex restore) | ${s(typical.delayMs)} | ≤ 8.8 s ${check(typical.delayMs <= 8_800)} |`
)
out(
  `| HTTP requests per API call, whole 88 s run (digest) | ${typicalRatio.toFixed(3)} (${typical.requests} requests, ${typical.calls} calls) | ≤ 1.05 ${check(typicalRatio <= 1.05)} |`
)
out(
  `| HTTP requests per API call, 3 s run | ${median(short.map(r => r.requests / r.calls)).toFixed(3)} (${median(short.map(r => r.calls))} calls) | — the one challenge a run costs, spread over few calls |`
)
out(
  `| digest challenges per run | ${median(short.map(r => r.challenges))} | 1: the nonce is reused, curl --digest pays one per call |`
)

// (c) ------------------------------------------------------------------------------------------
out()
out(`## (c) Start-up, memory and size (${runtime.name}, medians of ${RUNS})`)
out()

/** Milliseconds from spawn to the first HTTP request a script sends. */
async function coldStart(script: string): Promise<number> {
  let started = 0
  const first = new Promise<number>(resolve => {
    const server = createServer((_, res) => {
      resolve(performance.now() - started)
      res.writeHead(503).end()
      server.close()
    })
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      started = performance.now()
      const child = spawn(runtime.path, [script], {
        env: {
          PATH: process.env.PATH,
          INPUT_GROUPID: '6a793f6b2c88faeba59bae37',
          INPUT_CLUSTERNAME: 'c',
          INPUT_DELIVERYTYPE: 'download',
          INPUT_PUBLICKEY: 'k',
          INPUT_PRIVATEKEY: 'p',
          INPUT_BASEURL: `http://127.0.0.1:${port}`
        },
        stdio: 'ignore'
      })
      setTimeout(() => child.kill(), 5_000)
    })
  })
  return first
}

async function bareNode(): Promise<number> {
  const started = performance.now()
  await new Promise(done => spawn(runtime.path, ['-e', '0'], { stdio: 'ignore' }).on('close', done))
  return performance.now() - started
}

// The toolkit probe is bundled the way the action is, so the comparison is like for like.
const probeDir = 'build/probe'
const built = spawnSync(
  process.execPath,
  [
    'node_modules/@vercel/ncc/dist/ncc/cli.js',
    'build',
    'scripts/probes/toolkit.mjs',
    '-o',
    probeDir,
    '--minify',
    '-q'
  ],
  { encoding: 'utf8' }
)
if (built.status !== 0) throw new Error(`could not bundle the toolkit probe: ${built.stderr}`)

const times = {
  bare: [] as number[],
  http: [] as number[],
  toolkit: [] as number[],
  action: [] as number[]
}
for (let i = 0; i < RUNS; i++) {
  times.bare.push(await bareNode())
  times.http.push(await coldStart('scripts/probes/http.mjs'))
  times.toolkit.push(await coldStart(`${probeDir}/index.mjs`))
  times.action.push(await coldStart(BUNDLE))
}
const bare = median(times.bare)
const cold = median(times.action)

/** Peak RSS in KB of a command, from GNU time. */
function peakRss(args: string[], env: NodeJS.ProcessEnv): number | undefined {
  if (!existsSync('/usr/bin/time')) return undefined
  const r = spawnSync('/usr/bin/time', ['-f', '%M', runtime.path, ...args], {
    env,
    encoding: 'utf8'
  })
  const kb = Number(r.stderr.trim().split('\n').at(-1))
  return Number.isFinite(kb) ? kb : undefined
}
const rssEnv = {
  PATH: process.env.PATH,
  INPUT_GROUPID: 'bad',
  INPUT_CLUSTERNAME: 'c'
}
const actionRss = median(Array.from({ length: RUNS }, () => peakRss([BUNDLE], rssEnv) ?? 0))
const bareRss = median(Array.from({ length: RUNS }, () => peakRss(['-e', '0'], rssEnv) ?? 0))
const bundleKb = statSync(BUNDLE).size / 1024

out('| figure | measured | bare `node -e 0` | ratio | target |')
out('|---|---|---|---|---|')
out(
  `| cold start: the action (spawn → first HTTP request) | ${cold.toFixed(0)} ms | ${bare.toFixed(0)} ms | ${(cold / bare).toFixed(2)} | ≤ 1.5 ${check(cold / bare <= 1.5)} |`
)
out(
  `| — for scale: @actions/core + @actions/http-client alone, bundled, one request | ${median(times.toolkit).toFixed(0)} ms | | ${(median(times.toolkit) / bare).toFixed(2)} | |`
)
out(
  `| — for scale: node:http alone, one request | ${median(times.http).toFixed(0)} ms | | ${(median(times.http) / bare).toFixed(2)} | |`
)
if (actionRss > 0 && bareRss > 0) {
  out(
    `| peak RSS | ${(actionRss / 1024).toFixed(1)} MB | ${(bareRss / 1024).toFixed(1)} MB | ${(actionRss / bareRss).toFixed(2)} | ≤ 1.5 ${check(actionRss / bareRss <= 1.5)} |`
  )
} else {
  out('| peak RSS | GNU time not found: not measured | | | |')
}
out(`| bundle dist/index.js | ${bundleKb.toFixed(0)} KB | | | ≤ 600 KB ${check(bundleKb <= 600)} |`)

// (d) ------------------------------------------------------------------------------------------
await downloadBench(runtime, out, check)
out()
// (e) ------------------------------------------------------------------------------------------
await preflightBench(runtime, out, check)
out()
out(allTargetsHold ? 'Every target holds.' : 'Some targets do not hold (❌ above).')

if (process.argv.includes('--write')) {
  const header = [
    '# Benchmarks',
    '',
    `Produced by \`npm run bench -- --write\` on ${new Date().toISOString().slice(0, 10)} (${process.platform}/${process.arch}, ${runtime.name} ${runtime.version}). Re-run it to refresh; the figures come from this machine and this commit.`,
    ''
  ]
  writeFileSync('BENCHMARKS.md', [...header, ...lines, ''].join('\n'))
  console.log('\nWrote BENCHMARKS.md')
}
process.exitCode = allTargetsHold ? 0 : 1
