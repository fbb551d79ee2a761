// The pure parts of downloadPath: archive names, which URLs may be fetched, resume decisions,
// the free-space decision, link messages and when progress lines are due.

import { describe, expect, it } from '@jest/globals'
import {
  expiredProblem,
  formatBytes,
  linkRejected,
  planArchives,
  progressDue,
  progressText,
  spaceProblem
} from '../src/download/plan.js'
import { decide } from '../src/download/resume.js'
import { formatDuration } from '../src/durations.js'
import type { InputError } from '../src/inputs/problems.js'
import { parseInputs } from '../src/inputs/settings.js'

const SNAP = '6b0f1337cb32e6f8a61cac10'
const url = (token: string) =>
  `https://restore-6b0f2f57875acd1e85d855d9.w5i9zo.mongodb.net:27017/${token}/restore-${SNAP}.tar.gz`
const job = (urls: string[], document: unknown = {}) => ({
  id: '6b0f2f57875acd1e85d855d9',
  deliveryUrls: urls,
  document
})

describe('planArchives', () => {
  it('names one archive after the URL, several after their shard', () => {
    expect(planArchives(job([url('t1')])).map(a => [a.fileName, a.label])).toEqual([
      [`restore-${SNAP}.tar.gz`, 'the archive']
    ])
    const urls = [url('a'), url('b'), url('c')]
    const components = urls.map((u, i) => ({ downloadUrl: u, replicaSetName: `prod-shard-${i}` }))
    expect(planArchives(job(urls, { components })).map(a => a.fileName)).toEqual([
      `restore-${SNAP}-prod-shard-0.tar.gz`,
      `restore-${SNAP}-prod-shard-1.tar.gz`,
      `restore-${SNAP}-prod-shard-2.tar.gz`
    ])
    expect(planArchives(job(urls)).map(a => [a.stem, a.label, a.urlIndex])).toEqual([
      [`restore-${SNAP}-shard-0`, 'archive 1 of 3', 0],
      [`restore-${SNAP}-shard-1`, 'archive 2 of 3', 1],
      [`restore-${SNAP}-shard-2`, 'archive 3 of 3', 2]
    ])
  })

  it('never takes a file name that could leave the folder', () => {
    const odd = [
      'https://h.example/x/..%2F..%2Fetc%2Fpasswd.tar.gz',
      'https://h.example/x/.hidden.tar.gz',
      'https://h.example/x/token'
    ]
    for (const u of odd)
      expect(planArchives(job([u]))[0].fileName).toBe('restore-6b0f2f57875acd1e85d855d9.tar.gz')
  })

  it('refuses plain http except on loopback, and never quotes the URL', () => {
    expect(() => planArchives(job(['http://restore.example/t/a.tar.gz']))).toThrow(
      'The download URL of the archive is not https'
    )
    try {
      planArchives(job(['http://restore.example/secret-token/a.tar.gz']))
    } catch (error) {
      expect(String(error)).not.toContain('secret-token')
      expect(String(error)).not.toContain('restore.example')
    }
    expect(planArchives(job(['http://127.0.0.1:9/t/a.tar.gz']))[0].fileName).toBe('a.tar.gz')
  })
})

describe('resume decisions', () => {
  it('a 200 starts the file over, whatever is on disk', () => {
    expect(decide({ status: 200, contentLength: '100' }, 0, undefined)).toEqual({
      action: 'write',
      offset: 0,
      total: 100
    })
    expect(decide({ status: 200, contentLength: '100' }, 40, 100)).toEqual({
      action: 'write',
      offset: 0,
      total: 100
    })
  })

  it('a 206 is used only when it starts where the file ends and names the announced size', () => {
    const ok = { status: 206, contentLength: '60', contentRange: 'bytes 40-99/100' }
    expect(decide(ok, 40, 100)).toEqual({ action: 'write', offset: 40, total: 100 })
    expect(
      decide({ ...ok, contentRange: 'bytes 0-99/100', contentLength: '100' }, 40, 100)
    ).toMatchObject({ action: 'restart' })
    expect(decide({ ...ok, contentRange: undefined }, 40, 100)).toMatchObject({
      action: 'restart'
    })
    expect(decide({ ...ok, contentRange: 'bytes 40-99/200' }, 40, 100)).toMatchObject({
      action: 'fail',
      kind: 'mismatch'
    })
  })

  it('a 416 naming the announced size means complete; another size is a lie', () => {
    expect(decide({ status: 416, contentRange: 'bytes */100' }, 100, 100)).toEqual({
      action: 'complete'
    })
    expect(decide({ status: 416, contentRange: 'bytes */90' }, 90, 100)).toMatchObject({
      action: 'fail',
      kind: 'mismatch'
    })
  })

  it('a new Content-Length on a later 200 is a lie; 5xx and 429 are retried; 410/403/404 end it', () => {
    expect(decide({ status: 200, contentLength: '90' }, 50, 100)).toMatchObject({
      action: 'fail',
      kind: 'mismatch'
    })
    for (const status of [500, 503, 429, 408])
      expect(decide({ status }, 0, undefined).action).toBe('retry')
    for (const status of [410, 403, 404])
      expect(decide({ status }, 0, undefined)).toMatchObject({ action: 'fail', kind: 'gone' })
    expect(decide({ status: 401 }, 0, undefined)).toMatchObject({ action: 'fail', kind: 'refused' })
  })
})

describe('free space', () => {
  it('fails when the announced sizes exceed what is free, and says how much', () => {
    expect(spaceProblem([100, 200], 300, '/data')).toBeUndefined()
    expect(spaceProblem([100, 200], 299, '/data')).toBe(
      'Not enough free space under downloadPath "/data": the 2 archives need 300 B, 299 B is free. Nothing was downloaded; free some space or choose another downloadPath.'
    )
    expect(spaceProblem([2 ** 40, undefined], 2 ** 30, 'd')).toContain(
      'the archives that announced a size need 1.00 TiB, 1.00 GiB is free'
    )
  })
})

describe('links and progress', () => {
  it('names expired and used links with their lifetimes', () => {
    expect(expiredProblem(new Date(1000), 2000)).toContain(
      'dedicated links work once and expire within an hour (flex within four hours)'
    )
    expect(expiredProblem(new Date(3000), 2000)).toBeUndefined()
    expect(linkRejected('archive 2 of 3', 410, false)).toBe(
      'Downloading archive 2 of 3: the server answered 410 Gone: the link has expired or was already used: dedicated links work once and expire within an hour (flex within four hours); run again to get a new one.'
    )
    expect(linkRejected('the archive', 403, false)).toContain('IP access list')
  })

  it('a progress line at each further 10 % or after 30 s', () => {
    expect(progressDue({ fraction: 0.05, at: 0 }, 0.09, 1000)).toBe(false)
    expect(progressDue({ fraction: 0.05, at: 0 }, 0.1, 1000)).toBe(true)
    expect(progressDue({ fraction: 0.05, at: 0 }, 0.06, 30_000)).toBe(true)
    expect(progressDue({ fraction: 0, at: 0 }, undefined, 29_999)).toBe(false)
    expect(progressText(512 * 2 ** 20, 2 ** 30, 4000, formatDuration)).toBe(
      '512 MiB of 1.00 GiB (50 %), 128 MiB/s, about 4s left'
    )
    expect(formatBytes(1536)).toBe('1.50 KiB')
  })
})

describe('downloadPath and extract inputs', () => {
  const base = {
    groupId: '5f0f1337cb32e6f8a61cac10',
    clusterName: 'prod',
    publicKey: 'k',
    privateKey: 'p'
  }
  const problems = (raw: Record<string, string>) => {
    try {
      parseInputs(raw, {})
      return []
    } catch (error) {
      return (error as InputError).problems.map(p => `${p.input}: ${p.message}`)
    }
  }

  it('are read for a download', () => {
    const s = parseInputs(
      { ...base, deliveryType: 'download', downloadPath: 'd', extract: 'true' },
      {}
    )
    expect([s.downloadPath, s.extract]).toEqual(['d', true])
    expect(parseInputs({ ...base, deliveryType: 'download' }, {}).extract).toBe(false)
  })

  it('need a download that is waited for, and extract needs downloadPath', () => {
    expect(problems({ ...base, targetClusterName: 't', downloadPath: 'd' })).toEqual([
      'downloadPath: is only used with deliveryType download, not automated: the archives a download job delivers'
    ])
    expect(
      problems({ ...base, deliveryType: 'download', downloadPath: 'd', waitForCompletion: 'false' })
    ).toEqual([
      'downloadPath: needs waitForCompletion: true: the archives are downloaded once the URLs are ready'
    ])
    expect(problems({ ...base, deliveryType: 'download', extract: 'true' })).toEqual([
      'extract: needs downloadPath: the folder the archives are downloaded to'
    ])
    expect(
      problems({ ...base, restoreJobId: '6b0f2f57875acd1e85d855d9', downloadPath: 'd' })
    ).toEqual([])
  })
})
