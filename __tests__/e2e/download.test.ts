// downloadPath through the bundle (Node 24, as action.yml runs it) against the simulator and
// its archive server over real HTTP: every kind with downloads, extraction, resumes, restarts,
// a slow drip, used links, a lying Content-Length, too little space; never the URL in a log.

import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction, runtimes, visibleLog, type ActionRun } from '../../scripts/runner.js'
import { startArchiveServer, type ArchiveServer } from '../../simulator/archives.js'
import { startWorld, type World } from '../helpers/world.js'

const runtime = runtimes().at(-1)!
let world: World
let archives: ArchiveServer
beforeAll(async () => {
  archives = await startArchiveServer({ sizeBytes: 400_000 })
  world = await startWorld({ downloadBaseUrl: archives.url, downloadDurationMs: 300 })
  world.sim.addDeployment({
    groupId: world.groupId,
    name: 'sharded',
    kind: 'dedicated',
    clusterType: 'SHARDED',
    shards: 3
  })
  world.sim.addSnapshot({ groupId: world.groupId, clusterName: 'sharded', ageMs: 3_600_000 })
})
afterAll(async () => {
  await world.close()
  await archives.close()
})
afterEach(() => archives.faults.clear())

const newDir = () => join(mkdtempSync(join(tmpdir(), 'atlas-dl-')), 'data')
async function download(clusterName: string, inputs: Record<string, string> = {}) {
  const dir = newDir()
  const r = await runAction({
    runtime,
    inputs: {
      groupId: world.groupId,
      ...world.apiKey,
      pollInterval: '250ms',
      timeout: '30s',
      clusterName,
      deliveryType: 'download',
      downloadPath: dir,
      ...inputs
    }
  })
  return { r, dir, files: files(r) }
}
const files = (r: ActionRun) =>
  JSON.parse(r.outputs.downloadedFiles ?? '[]') as {
    path: string
    bytes: number
    urlIndex: number
    extractedTo?: string
  }[]

/** No download URL, nor its secret token path, anywhere a person could read it. */
function expectNoUrl(r: ActionRun) {
  const urls = JSON.parse(r.outputs.deliveryUrls ?? '[]') as string[]
  expect(urls.length).toBeGreaterThan(0)
  for (const url of urls) {
    const token = new URL(url).pathname.split('/')[2]
    for (const text of [visibleLog(r), r.summary, r.outputs.downloadedFiles ?? ''])
      expect(text).not.toContain(token)
  }
}

describe('downloadPath', () => {
  it('a sharded dedicated cluster: three archives, one per shard, each checked and named', async () => {
    const { r, dir, files: got } = await download('sharded')
    expect(r.errors).toEqual([])
    expect(got.map(f => f.urlIndex)).toEqual([0, 1, 2])
    for (const f of got) {
      expect(statSync(f.path).size).toBe(f.bytes)
      expect(f.path.startsWith(dir)).toBe(true)
    }
    expect(readdirSync(dir).sort()).toEqual([
      `restore-${r.outputs.snapshotId}-sharded-shard-0.tar.gz`,
      `restore-${r.outputs.snapshotId}-sharded-shard-1.tar.gz`,
      `restore-${r.outputs.snapshotId}-sharded-shard-2.tar.gz`
    ])
    expect(Number(r.outputs.downloadBytes)).toBe(got.reduce((a, f) => a + f.bytes, 0))
    expect(Number(r.outputs.downloadSeconds)).toBeGreaterThanOrEqual(0)
    expect(r.summary).toMatch(/\| Downloaded \| 3 files, 1\.\d+ MiB in \d+ms \(.*\/s\) into/)
    expect(r.stdout).toContain('Downloading 3 archives')
    expectNoUrl(r)
  })

  it('flex and shared-tier downloads, extracted into folders ready for mongod --dbpath', async () => {
    for (const name of ['prod-flex', 'prod-m2']) {
      const { r, files: got } = await download(name, { extract: 'true' })
      expect(r.errors).toEqual([])
      expect(got).toHaveLength(1)
      const to = got[0].extractedTo!
      expect(readdirSync(to)).toEqual(
        expect.arrayContaining(['WiredTiger', 'WiredTiger.wt', '_mdb_catalog.wt', 'journal'])
      )
      expect(r.summary).toContain('1 extracted')
      expectNoUrl(r)
    }
  })

  it('a cut transfer is resumed with Range; a server that ignores Range is started over', async () => {
    archives.faults.add({ kind: 'cut', afterBytes: 150_000 })
    const resumed = await download('prod')
    expect(resumed.r.errors).toEqual([])
    const asked = archives.requests.slice(-2)
    expect(asked.map(q => [q.status, q.range])).toEqual([
      [200, undefined],
      [206, expect.stringMatching(/^bytes=\d+-$/)]
    ])
    expect(resumed.r.stdout).toContain('the connection closed before the whole archive arrived')
    expect(statSync(resumed.files[0].path).size).toBe(resumed.files[0].bytes)

    archives.faults.add({ kind: 'cut', afterBytes: 150_000 })
    archives.faults.add({ kind: 'ignoreRange' })
    const restarted = await download('prod')
    expect(restarted.r.errors).toEqual([])
    expect(restarted.r.stdout).toContain('the server does not resume')
    expect(archives.requests.at(-1)!.status).toBe(200)
    expect(restarted.files[0].bytes).toBe(
      archives.archiveFor(new URL(JSON.parse(restarted.r.outputs.deliveryUrls)[0]).pathname).bytes
    )
  })

  it('a slow drip finishes within timeout, with progress lines', async () => {
    archives.faults.add({ kind: 'drip', chunkBytes: 40_000, everyMs: 100 })
    const { r } = await download('prod')
    expect(r.errors).toEqual([])
    expect(r.stdout).toMatch(/Downloading: .* \(\d+ %\), .*\/s, about .* left/)
  })

  it('a link used once answers 410: reported as expired or already used', async () => {
    const first = await download('prod')
    archives.oneTime = true
    try {
      const again = await download('prod', { restoreJobId: first.r.outputs.restoreJobId })
      expect(again.r.code).not.toBe(0)
      expect(again.r.errors[0]).toContain(
        'the server answered 410 Gone: the link has expired or was already used: dedicated links work once and expire within an hour (flex within four hours); run again to get a new one.'
      )
      expect(again.r.summary).toContain('❌ Download failed')
      expectNoUrl(again.r)
    } finally {
      archives.oneTime = false
    }
  })

  it('a lying Content-Length is caught, and nothing is kept', async () => {
    archives.faults.add({ kind: 'lie', extraBytes: 5000 })
    const { r, dir } = await download('prod')
    expect(r.code).not.toBe(0)
    expect(r.errors[0]).toMatch(/the server first announced \d+ bytes, now \d+/)
    expect(readdirSync(dir)).toEqual([])
    expectNoUrl(r)
  })

  it('an announced size beyond the free space fails before any byte is written', async () => {
    archives.faults.add({ kind: 'lie', extraBytes: 2 ** 50 })
    const { r, dir } = await download('prod')
    expect(r.code).not.toBe(0)
    expect(r.errors[0]).toContain('Not enough free space under downloadPath')
    expect(existsSync(dir) && readdirSync(dir)).toEqual([])
  })
})
