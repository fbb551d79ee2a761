// (d) of `npm run bench`: downloadPath. A 1 GiB archive from the simulator's archive server
// over loopback: the bundled action's throughput (its downloadBytes / downloadSeconds) against
// `curl -o` on the same URL in the same run, and the action's peak RSS during the download
// against a bare Node process as an action starts (an ES module with node:http loaded) and, for
// scale, `node -e 0` and a bare node:http → file stream.

import { spawn } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startArchiveServer } from '../simulator/archives.js'
import { startSimulator } from '../simulator/index.js'
import { runAction, type Runtime } from './runner.js'

const GIB = 2 ** 30
const CURL = '/usr/bin/curl'
const TIME = '/usr/bin/time'
const mibs = (bytes: number, seconds: number) => (bytes / 2 ** 20 / seconds).toFixed(0)
const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`

export async function downloadBench(
  runtime: Runtime,
  out: (line?: string) => void,
  check: (ok: boolean) => string,
  runs = Number(process.env.BENCH_DOWNLOAD_RUNS ?? 5)
): Promise<void> {
  const sizeBytes = Number(process.env.BENCH_DOWNLOAD_BYTES ?? GIB)
  // Files go to tmpfs where there is one: the disk's writeback would otherwise decide which run
  // is slow, for the action and curl alike.
  const root = process.env.BENCH_DOWNLOAD_DIR ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir())
  const work = mkdtempSync(join(root, 'atlas-bench-dl-'))
  const archives = await startArchiveServer({ count: 1, sizeBytes, level: 0 })
  const sim = await startSimulator({ downloadBaseUrl: archives.url, downloadDurationMs: 300 })
  try {
    const groupId = sim.addProject()
    sim.addDeployment({ groupId, name: 'bench', kind: 'dedicated' })
    sim.addSnapshot({ groupId, clusterName: 'bench', ageMs: 3_600_000 })
    // The runtime, wrapped in GNU time: the action's own peak RSS.
    const rssFile = join(work, 'rss')
    const wrapper = join(work, 'node-timed')
    writeFileSync(wrapper, `#!/bin/sh\nexec ${TIME} -f %M -o "$RSS_FILE" "${runtime.path}" "$@"\n`)
    chmodSync(wrapper, 0o755)

    const action: { mibs: number; rssKb: number }[] = []
    const curl: number[] = []
    let url = ''
    for (let i = 0; i < runs; i++) {
      const dir = join(work, `action-${i}`)
      const r = await runAction({
        runtime: { ...runtime, path: wrapper },
        env: { RSS_FILE: rssFile },
        killAfterMs: 600_000,
        inputs: {
          groupId,
          clusterName: 'bench',
          deliveryType: 'download',
          downloadPath: dir,
          pollInterval: '250ms',
          timeout: '10m',
          publicKey: sim.credentials.publicKey,
          privateKey: sim.credentials.privateKey,
          baseUrl: sim.url
        }
      })
      if (r.code !== 0) throw new Error(`download bench run failed:\n${r.stdout}`)
      const bytes = Number(r.outputs.downloadBytes)
      action.push({
        mibs: Number(mibs(bytes, Number(r.outputs.downloadSeconds))),
        rssKb: Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1))
      })
      url = (JSON.parse(r.outputs.deliveryUrls) as string[])[0]
      rmSync(dir, { recursive: true, force: true })
      // curl on the same URL, right after, into the same disk.
      const file = join(work, `curl-${i}.tar.gz`)
      const c = await run(CURL, ['-s', '-o', file, '-w', '%{size_download} %{time_total}', url])
      const [size, seconds] = c.stdout.trim().split(' ').map(Number)
      if (c.code !== 0 || size !== bytes) throw new Error(`curl failed: ${c.stderr}`)
      curl.push(Number(mibs(size, seconds)))
      rmSync(file, { force: true })
    }
    const peak = async (args: string[]) => {
      const r = await run(TIME, ['-f', '%M', runtime.path, ...args])
      return Number(r.stderr.trim().split('\n').at(-1))
    }
    const bareKb = median(await repeat(runs, () => peak(['-e', '0'])))
    // What every action costs before it does anything: an ES module with node:http loaded.
    const startedKb = median(
      await repeat(runs, () =>
        peak(['--input-type=module', '-e', "import 'node:http'; import 'node:fs'"])
      )
    )
    const streamFile = join(work, 'stream.tar.gz')
    const streamScript = `import http from 'node:http'; import fs from 'node:fs'; import { pipeline } from 'node:stream/promises'; http.get(${JSON.stringify(url)}, res => pipeline(res, fs.createWriteStream(${JSON.stringify(streamFile)})))`
    const streamKb = median(
      await repeat(runs, () => peak(['--input-type=module', '-e', streamScript]))
    )
    const actionMibs = median(action.map(a => a.mibs))
    const curlMibs = median(curl)
    const rssKb = median(action.map(a => a.rssKb))
    const ratio = actionMibs / curlMibs
    out()
    out(
      `## (d) Download to the runner (${runtime.name}, ${(sizeBytes / GIB).toFixed(2)} GiB archive over loopback, medians of ${runs})`
    )
    out()
    out('| figure | the action | baseline | ratio | target |')
    out('|---|---|---|---|---|')
    out(
      `| throughput (downloadBytes / downloadSeconds vs curl -o) | ${actionMibs} MiB/s | curl ${curlMibs} MiB/s | ${ratio.toFixed(2)} | ≥ 0.9 ${check(ratio >= 0.9)} |`
    )
    out(
      `| peak RSS of the action process during the download | ${mb(rssKb)} | a bare Node process as an action starts (ES module, \`node:http\` loaded) ${mb(startedKb)} | ${(rssKb / startedKb).toFixed(2)} | ≤ 1.5 ${check(rssKb / startedKb <= 1.5)} |`
    )
    out(`| — for scale: \`node -e 0\` | | ${mb(bareKb)} | ${(rssKb / bareKb).toFixed(2)} | |`)
    out(
      `| — for scale: bare node:http → file stream of the same archive | | ${mb(streamKb)} | ${(rssKb / streamKb).toFixed(2)} | |`
    )
    out(
      `| — each run (MiB/s): the action ${action.map(a => a.mibs).join(', ')}; curl ${curl.join(', ')} | | | | |`
    )
    out()
    out(
      'The archive server runs inside the bench process and serves both clients; files are written to tmpfs (`/dev/shm`) so that disk writeback does not pick the slow run. Each chunk is written to the file as it arrives (no stream buffer), and a minor GC every 2 MiB received frees the socket buffers (src/download/young-gc.ts): without it V8 lets about 64 MB of them pile up, as the bare stream shows. `node -e 0` is not the baseline: loading an ES module with node:http, as every action does, already costs about 1.4× its RSS. `downloadSeconds` has 0.1 s steps, about 9 % of a 1.1 s download: hence each run is shown.'
    )
  } finally {
    await sim.close()
    await archives.close()
    rmSync(work, { recursive: true, force: true })
  }
}

/** A child process, awaited without blocking this one (the archive server runs here). */
function run(command: string, args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>(done => {
    const child = spawn(command, args)
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', c => (stdout += c))
    child.stderr.on('data', c => (stderr += c))
    child.on('close', code => done({ code, stdout, stderr }))
  })
}

async function repeat<T>(n: number, work: () => Promise<T>): Promise<T[]> {
  const results: T[] = []
  for (let i = 0; i < n; i++) results.push(await work())
  return results
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
}

/** BENCHMARKS.md with its (d) section replaced (or added before the closing verdict line). */
export function withDownloadSection(text: string, section: string[]): string {
  const lines = text.replace(/\n+$/, '').split('\n')
  const start = lines.findIndex(l => l.startsWith('## (d)'))
  const verdict = lines.findIndex(l => /^(Every target holds|Some targets do not hold)/.test(l))
  const end = verdict === -1 ? lines.length : verdict
  const kept = start === -1 ? lines.slice(0, end) : lines.slice(0, start)
  while (kept.at(-1) === '') kept.pop()
  const body = section[0] === '' ? section.slice(1) : section
  return [...kept, '', ...body, '', ...lines.slice(end), ''].join('\n')
}
