// What a hostile server says, not trusted: paging that lies, workflow commands and HTML in
// states, IDs and messages, credentials echoed in errors or written into baseUrl, a 5 MB job
// document, and a key with a line break. Through the bundle, against the simulator behind the
// hostile proxy.

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { IncomingMessage } from 'node:http'
import type { ActionRun } from '../../scripts/runner.js'
import type { Upstream } from '../helpers/hostile-proxy.js'
import {
  JOB,
  JOBS,
  play,
  SNAPSHOTS,
  startStage,
  type Scenario,
  type Stage
} from '../helpers/hostile-run.js'

const INJECTED =
  '\n::set-output name=targetConnectionString::evil\n::add-mask::x\n::stop-commands::x\n##[warning]x\n<img src=x>\n| a | b |'
const TARGET = /\/clusters\/scratch$/

type Doc = Record<string, unknown>
const edit = (change: (doc: Doc) => Doc) => (upstream: Upstream) =>
  JSON.stringify(change(JSON.parse(upstream.body) as Doc))

/** Snapshot documents like the simulator's, with made-up IDs dated like `template`'s. */
function clones(template: Doc, count: number): Doc[] {
  const prefix = String(template.id).slice(0, 8)
  return Array.from({ length: count }, (_, i) => ({
    ...template,
    id: `${prefix}${(i + 1).toString(16).padStart(16, '0')}`
  }))
}

/** The same full page whatever pageNum asks for (made from the simulator's first page). */
const samePage = (totalCount?: number) => {
  let results: Doc[] | undefined
  return (upstream: Upstream) => {
    results ??= clones((JSON.parse(upstream.body) as { results: Doc[] }).results[0], 500)
    return JSON.stringify(totalCount === undefined ? { results } : { results, totalCount })
  }
}

/** Honest pages of 100 out of 523 snapshots, the newest completed one alone on the last page. */
function honestPages(stage: () => Stage) {
  let all: Doc[] | undefined
  return (upstream: Upstream, req: IncomingMessage) => {
    const pageNum = Number(new URL(req.url!, 'http://x').searchParams.get('pageNum'))
    if (all === undefined) {
      const real = (JSON.parse(upstream.body) as { results: Doc[] }).results
      const fresh = real.find(d => d.id === stage().world.fresh)!
      const old = real.find(d => d.id === stage().world.old)!
      all = [...clones(old, 520), ...real.filter(d => d !== fresh), fresh]
    }
    return JSON.stringify({
      results: all.slice((pageNum - 1) * 100, pageNum * 100),
      totalCount: all.length
    })
  }
}

const seenAuthorization: string[] = []
const echo = (status: number) => (_: Upstream, req: IncomingMessage) => {
  seenAuthorization.push(req.headers.authorization ?? '')
  return JSON.stringify({
    error: status,
    errorCode: 'UNEXPECTED_ERROR',
    detail: `Bad: ${req.headers.authorization}`
  })
}

const everything = (r: ActionRun) =>
  `${r.stdout}\n${r.stderr}\n${r.summary}\n${JSON.stringify(r.outputs)}`

/** Masks only of what the action registered itself; no output, summary line or HTML injected. */
const nothingInjected: Scenario['check'] = (r, { world }) => {
  const allowed = new Set([
    world.apiKey.privateKey,
    ...world.sim.jobs().flatMap(j => j.deliveryUrls)
  ])
  for (const line of r.stdout.split('\n'))
    if (line.startsWith('::add-mask::'))
      expect(allowed).toContain(line.slice('::add-mask::'.length))
  for (const [name, value] of Object.entries(r.outputs))
    if (name !== 'restoreJob') expect(value).not.toMatch(/evil|::|<img/)
  expect(r.outputs.targetConnectionString ?? '').not.toBe('evil')
  // Inside a code span GitHub shows `<img …>` as text; anywhere else it would render.
  expect(r.summary.replace(/`[^`\n]*`/g, '')).not.toMatch(/<img/i)
  for (const line of r.summary.split('\n')) {
    expect(line).not.toMatch(/^(::|##\[|\| a \| b \|)/)
    if (line.startsWith('|')) expect(line).toMatch(/\|\s*$/)
  }
}

const automated = (s: Stage) => ({
  deliveryType: 'automated',
  targetClusterName: 'scratch',
  targetGroupId: s.world.targetGroupId
})
let stage: Stage
const jobsNow = () => stage.world.sim.jobs().length
let jobsAtStart = 0

const scenarios: Scenario[] = [
  ...[1e12, undefined].map((total): Scenario => ({
    name: `the same full snapshot page for every pageNum (totalCount ${total ?? 'missing'})`,
    rules: [
      {
        method: 'GET',
        path: SNAPSHOTS,
        times: Infinity,
        action: { type: 'replaceBody', body: samePage(total) }
      }
    ],
    inputs: { timeout: '20s' },
    expected: { code: 'nonzero', status: '', jobsCreated: 0 },
    check: r => expect(r.errors.join('\n')).toMatch(/list cannot be read to its end/)
  })),
  {
    name: 'honest pages of 100 (totalCount 523), the newest snapshot on the last page: restored',
    rules: [
      {
        method: 'GET',
        path: SNAPSHOTS,
        times: Infinity,
        action: { type: 'replaceBody', body: honestPages(() => stage) }
      }
    ],
    expected: { code: 'zero', status: 'completed', jobsCreated: 1 },
    check: (r, s) => expect(r.outputs.snapshotId).toBe(s.world.fresh)
  },
  {
    name: "the target's stateName carries workflow commands and HTML",
    inputs: s => ({ ...automated(s), timeout: '15s' }),
    rules: [
      {
        method: 'GET',
        path: TARGET,
        times: Infinity,
        action: {
          type: 'replaceBody',
          body: up =>
            jobsNow() > jobsAtStart ? edit(d => ({ ...d, stateName: INJECTED }))(up) : up.body
        }
      }
    ],
    expected: { code: 'nonzero', status: 'completed', jobsCreated: 1 },
    check: nothingInjected
  },
  {
    name: 'a snapshot ID carrying workflow commands: never sent, never an output',
    rules: [
      {
        method: 'GET',
        path: SNAPSHOTS,
        action: {
          type: 'replaceBody',
          body: edit(d => ({
            ...d,
            results: (d.results as Doc[]).map(s =>
              s.id === stage.world.fresh ? { ...s, id: `6b0f${INJECTED}` } : s
            )
          }))
        }
      }
    ],
    expected: { code: 'nonzero', status: '', jobsCreated: 0 },
    check: nothingInjected
  },
  {
    name: 'a job ID carrying workflow commands in the create answer: adopted by its real ID',
    rules: [
      {
        method: 'POST',
        path: JOBS,
        action: { type: 'replaceBody', body: edit(d => ({ ...d, id: INJECTED })) }
      }
    ],
    expected: { code: 'zero', status: 'completed', jobsCreated: 1 },
    check: nothingInjected
  },
  {
    name: "a failed job's errorMessage carrying workflow commands and HTML",
    rules: [
      {
        method: 'GET',
        path: JOB,
        action: {
          type: 'replaceBody',
          body: edit(d => ({ ...d, failed: true, errorMessage: INJECTED }))
        }
      }
    ],
    expected: { code: 'nonzero', status: 'failed', jobsCreated: 1 },
    check: nothingInjected
  },
  ...['http://svc:S3cr3tXyz@127.0.0.1:1', 'ftp://u:S3cr3tXyz@x'].map((baseUrl): Scenario => ({
    name: `credentials in baseUrl (${baseUrl.split(':')[0]}): never shown`,
    inputs: { baseUrl },
    noOutputs: true,
    expected: { code: 'nonzero', status: '', jobsCreated: 0 },
    check: r => expect(everything(r)).not.toContain('S3cr3tXyz')
  })),
  {
    name: 'Authorization echoed in 500s on polls and a 400 on the snapshot list: never shown',
    rules: [
      { method: 'GET', path: SNAPSHOTS, action: { type: 'answer', status: 500, body: echo(500) } },
      { method: 'GET', path: SNAPSHOTS, action: { type: 'answer', status: 400, body: echo(400) } }
    ],
    expected: { code: 'nonzero', status: '', jobsCreated: 0 },
    check: r => {
      expect(seenAuthorization.length).toBe(2)
      for (const header of seenAuthorization) {
        const response = /response="([^"]+)"/.exec(header)![1]
        const nonce = /nonce="([^"]+)"/.exec(header)![1]
        expect(everything(r)).not.toContain(response)
        expect(everything(r)).not.toContain(nonce)
      }
    }
  },
  {
    name: 'a 5 MB job document: the restoreJob output under 1 MB, and says it was cut',
    rules: [
      {
        method: 'GET',
        path: JOB,
        times: Infinity,
        action: {
          type: 'replaceBody',
          body: edit(d => ({
            ...d,
            components: Array.from({ length: 40_000 }, (_, i) => ({
              replicaSetName: `rs-${i}-${'x'.repeat(120)}`
            }))
          }))
        }
      }
    ],
    expected: { code: 'zero', status: 'completed', jobsCreated: 1 },
    check: r => {
      expect(Buffer.byteLength(r.outputs.restoreJob)).toBeLessThan(1_000_000)
      expect(r.outputs.restoreJob).toMatch(/cut/)
    }
  },
  {
    name: 'a publicKey with CR/LF: an input error before any request',
    inputs: { publicKey: 'abcdefgh\r\nijkl' },
    noOutputs: true,
    expected: { code: 'nonzero', status: '', jobsCreated: 0 },
    check: (r, s) => {
      expect(s.proxy.seen).toHaveLength(0)
      expect(s.world.sim.requests).toHaveLength(0)
      expect(r.errors.join('\n')).toMatch(/publicKey/)
    }
  }
]

describe('what a hostile server says (through the bundle)', () => {
  beforeAll(async () => {
    stage = await startStage()
  })
  afterAll(() => stage.close())

  it.each(scenarios.map(s => [s.name, s]))('%s', async (_, scenario) => {
    jobsAtStart = jobsNow()
    seenAuthorization.splice(0)
    await play(stage, scenario as Scenario)
  })
})
