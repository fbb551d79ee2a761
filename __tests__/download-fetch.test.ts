// downloadArchives in-process against the archive server over real HTTP: the free space
// checked before any byte (an injected statfs), a stalled transfer, the deadline, the cancel.

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { downloadArchives, type DownloadOptions } from '../src/download/index.js'
import { startArchiveServer, type ArchiveServer } from '../simulator/archives.js'
import { systemClock } from '../src/wait/clock.js'
import { gcPacer, youngGc } from '../src/download/young-gc.js'

let server: ArchiveServer
beforeAll(async () => {
  server = await startArchiveServer({ count: 2, sizeBytes: 300_000 })
})
afterAll(() => server.close())

const lines: string[] = []
const log = {
  info: (m: string) => lines.push(m),
  warning: (m: string) => lines.push(m),
  debug: () => {}
}
function options(over: Partial<DownloadOptions> = {}): DownloadOptions {
  return {
    job: {
      id: '6b0f2f57875acd1e85d855d9',
      deliveryUrls: [`${server.url}/h/t1/restore-a.tar.gz`, `${server.url}/h/t2/restore-a.tar.gz`],
      document: {}
    },
    dir: join(mkdtempSync(join(tmpdir(), 'dl-')), 'out'),
    extract: false,
    deadline: Date.now() + 20_000,
    signal: new AbortController().signal,
    now: systemClock.now,
    sleep: systemClock.sleep,
    log,
    userAgent: 'test',
    ...over
  }
}

describe('downloadArchives', () => {
  it('downloads every archive, each of its announced size', async () => {
    const o = options()
    const r = await downloadArchives(o)
    expect(r.files.map(f => [f.urlIndex, f.bytes])).toEqual([
      [0, server.archives[0].bytes],
      [1, server.archives[1].bytes]
    ])
    expect(readdirSync(o.dir).sort()).toEqual([
      'restore-a-shard-0.tar.gz',
      'restore-a-shard-1.tar.gz'
    ])
  })

  it('too little free space fails before any byte is written', async () => {
    const o = options({ freeBytes: () => Promise.resolve(100_000) })
    await expect(downloadArchives(o)).rejects.toMatchObject({
      kind: 'space',
      message: expect.stringContaining('the 2 archives need')
    })
    expect(readdirSync(o.dir)).toEqual([])
  })

  it('a stalled transfer is abandoned and asked again', async () => {
    server.faults.add({ kind: 'drip', chunkBytes: 10_000, everyMs: 1_000, times: 1 })
    const o = options({
      job: {
        id: '6b0f2f57875acd1e85d855d9',
        deliveryUrls: [`${server.url}/h/s/x.tar.gz`],
        document: {}
      },
      stallMs: 300
    })
    const r = await downloadArchives(o)
    expect(r.bytes).toBe(server.archiveFor('/h/s/x.tar.gz').bytes)
    expect(lines.join('\n')).toContain(
      'The archive: no data for 300ms: the transfer stalled; trying again'
    )
    expect(existsSync(join(o.dir, 'x.tar.gz.part'))).toBe(false)
    server.faults.clear()
  }, 40_000)

  it('stops at the deadline and when the run is cancelled', async () => {
    server.faults.add({ kind: 'drip', chunkBytes: 1000, everyMs: 100, times: 4 })
    await expect(downloadArchives(options({ deadline: Date.now() + 500 }))).rejects.toMatchObject({
      kind: 'timeout'
    })
    server.faults.clear()
    server.faults.add({ kind: 'drip', chunkBytes: 1000, everyMs: 100, times: 4 })
    const abort = new AbortController()
    setTimeout(() => abort.abort(), 300)
    await expect(downloadArchives(options({ signal: abort.signal }))).rejects.toMatchObject({
      kind: 'aborted'
    })
    server.faults.clear()
  })

  it('a file that cannot be written ends the download at once, as a disk problem', async () => {
    const o = options()
    mkdirSync(join(o.dir, 'restore-a-shard-1.tar.gz.part'), { recursive: true })
    const before = server.requests.length
    await expect(downloadArchives(o)).rejects.toMatchObject({
      kind: 'failed',
      message: expect.stringMatching(/could not write the file \(EISDIR\)/)
    })
    // No retry of the network for a local problem: one request per archive.
    expect(server.requests.length - before).toBe(2)
  })
})

describe('gcPacer', () => {
  it('runs a minor GC once per everyBytes received, counting across chunks', () => {
    const calls: unknown[] = []
    const pace = gcPacer(1000, o => void calls.push(o))
    pace(400)
    pace(599)
    expect(calls).toEqual([])
    pace(1)
    expect(calls).toEqual([{ type: 'minor' }])
    pace(999)
    expect(calls).toHaveLength(1)
    pace(2500)
    expect(calls).toHaveLength(2)
  })

  it("reaches V8's gc on this Node, and does nothing where it cannot", () => {
    expect(typeof youngGc()).toBe('function')
    const pace = gcPacer(1, null)
    expect(() => pace(10)).not.toThrow()
  })
})
