import { describe, expect, it } from '@jest/globals'
import type { RestoreJob } from '../src/kinds/adapter.js'
import { buildOutputs, OUTPUT_NAMES } from '../src/report/outputs.js'
import { newRecord, type RunRecord } from '../src/report/record.js'
import { renderSummary } from '../src/report/summary.js'

const source = { groupId: '6a793f6b2c88faeba59bae37', clusterName: 'prod' }
const target = { groupId: '6a794320c0eb9e7a17728a63', clusterName: 'scratch' }
const URL_1 =
  'https://restore-6a7948342c88faeba59eb866.ljxf1b.example.net:27017/aB12up63eFh16ZmBiQ9cUO5Q/restore-1.tar.gz'

function job(overrides: Partial<RestoreJob>): RestoreJob {
  return {
    id: '6a794733c0eb9e7a17740663',
    status: 'inProgress',
    deliveryUrls: [],
    privateDeliveryUrls: [],
    document: { id: 'x' },
    ...overrides
  }
}

function record(overrides: Partial<RunRecord>): RunRecord {
  return {
    ...newRecord(new Date('2026-11-24T03:00:00Z')),
    source,
    clusterKind: 'dedicated',
    uiPaths: { source: '/v2/6a793f6b2c88faeba59bae37#/clusters/detail/prod' },
    ...overrides
  }
}

describe('buildOutputs', () => {
  it('sets every output of a completed automated restore', () => {
    const out = buildOutputs(
      record({
        deliveryType: 'automated',
        target,
        snapshot: { id: '6a79468a2c88faeba59de489', createdAt: new Date('2026-11-24T01:00:00Z') },
        jobCreatedAt: new Date('2026-11-24T03:00:05Z'),
        job: job({ status: 'completed', finishedAt: new Date('2026-11-24T03:03:57Z'), target }),
        targetState: {
          stateName: 'IDLE',
          connectionString: 'mongodb+srv://scratch.abc.mongodb.net',
          ready: true
        },
        result: 'succeeded'
      })
    )
    expect(out).toEqual({
      restoreJobId: '6a794733c0eb9e7a17740663',
      status: 'completed',
      clusterKind: 'dedicated',
      deliveryType: 'automated',
      snapshotId: '6a79468a2c88faeba59de489',
      snapshotCreatedAt: '2026-11-24T01:00:00Z',
      snapshotAgeSeconds: '7200',
      targetGroupId: target.groupId,
      targetClusterName: 'scratch',
      finishedAt: '2026-11-24T03:03:57Z',
      durationSeconds: '232',
      targetConnectionString: 'mongodb+srv://scratch.abc.mongodb.net',
      restoreJob: '{"id":"x"}'
    })
    for (const name of Object.keys(out)) expect(OUTPUT_NAMES).toContain(name)
  })

  it('gives a download its URLs and expiry, and times it from what the run saw', () => {
    const out = buildOutputs(
      record({
        deliveryType: 'download',
        jobCreatedAt: new Date('2026-11-24T03:00:00Z'),
        completedSeenAt: new Date('2026-11-24T03:04:20Z'),
        job: job({
          status: 'completed',
          deliveryUrls: [URL_1, `${URL_1}2`],
          expiresAt: new Date('2026-11-24T04:04:16Z')
        })
      })
    )
    expect(out.deliveryUrl).toBe(URL_1)
    expect(JSON.parse(out.deliveryUrls!)).toEqual([URL_1, `${URL_1}2`])
    expect(out.expiresAt).toBe('2026-11-24T04:04:16Z')
    expect(out.finishedAt).toBe('2026-11-24T03:04:20Z')
    expect(out.durationSeconds).toBe('260')
    expect(out.targetClusterName).toBeUndefined()
  })

  it('leaves unknown outputs unset: no duration without a creation time, no connection string before IDLE', () => {
    const out = buildOutputs(
      record({
        deliveryType: 'automated',
        target,
        job: job({ status: 'completed', finishedAt: new Date('2026-11-24T03:03:57Z') }),
        targetState: { stateName: 'UPDATING', connectionString: 'mongodb+srv://x', ready: false }
      })
    )
    expect(out.durationSeconds).toBeUndefined()
    expect(out.targetConnectionString).toBeUndefined()
    expect(out.finishedAt).toBe('2026-11-24T03:03:57Z')
  })

  it('sets what is known of a run that failed before any job existed', () => {
    expect(buildOutputs(record({ deliveryType: 'automated', result: 'failed' }))).toEqual({
      clusterKind: 'dedicated',
      deliveryType: 'automated'
    })
  })
})

describe('renderSummary', () => {
  it('shows the restore time, the snapshot age and target readiness, and no secret', () => {
    const md = renderSummary(
      record({
        deliveryType: 'download',
        snapshot: { id: '6a79468a2c88faeba59de489', createdAt: new Date('2026-11-23T03:00:00Z') },
        jobCreatedAt: new Date('2026-11-24T03:00:00Z'),
        completedSeenAt: new Date('2026-11-24T03:04:20Z'),
        job: job({ status: 'completed', deliveryUrls: [URL_1] }),
        result: 'succeeded'
      })
    )
    expect(md).toContain('Download ready')
    expect(md).toContain('4m 20s')
    expect(md).toContain('1d before this run')
    expect(md).toContain('/v2/6a793f6b2c88faeba59bae37#/clusters/detail/prod')
    expect(md).not.toContain(URL_1)
    expect(md).not.toContain('aB12up63eFh16ZmBiQ9cUO5Q')
  })

  it('leads with the failure', () => {
    const md = renderSummary(
      record({ result: 'timedOut', failure: 'Restore job x did not finish within timeout 2h.' })
    )
    expect(md.split('\n')[0]).toContain('timed out')
    expect(md).toContain('> Restore job x did not finish')
  })
})

describe('renderSummary as text', () => {
  /** Lines that are a table row with no cell holding anything. */
  const emptyRows = (md: string) => md.split('\n').filter(l => /^\|(\s*\|)+$/.test(l))
  /** Every table's header row (the line before a |---| line). */
  const headers = (md: string) => {
    const lines = md.split('\n')
    return lines.filter((_, i) => /^\|(-+\|)+$/.test(lines[i + 1] ?? ''))
  }

  it('lists every input problem, headed "Inputs invalid", with no table', () => {
    const md = renderSummary({
      ...newRecord(new Date('2026-11-24T03:00:00Z')),
      result: 'failed',
      failure: '2 inputs are invalid: …',
      problems: [
        { input: 'groupId', message: '"nope" is not a project ID: expected 24 hex' },
        { input: 'timeout', message: '"soon" is not a duration <b>' }
      ]
    })
    expect(md).toBe(
      [
        '### ❌ Inputs invalid: nothing was sent',
        '',
        '- `groupId`: &#34;nope&#34; is not a project ID: expected 24 hex',
        '- `timeout`: &#34;soon&#34; is not a duration &#60;b&#62;',
        ''
      ].join('\n')
    )
    expect(emptyRows(md)).toEqual([])
  })

  it('heads a failed dry run "Dry run failed", also when preflight refused', () => {
    const md = renderSummary(
      record({
        dryRun: true,
        deliveryType: 'automated',
        target,
        result: 'failed',
        failure:
          'Preflight found a reason not to restore, so nothing was created:\n- target paused: x',
        preflightFailures: [{ rule: 'target paused', message: 'x' }]
      })
    )
    expect(md.split('\n')[0]).toBe('### ❌ Dry run failed')
    expect(md).toContain('> - target paused: x')
  })

  it('heads a download success "Download ready"', () => {
    const md = renderSummary(
      record({
        deliveryType: 'download',
        job: job({ status: 'completed', deliveryUrls: [URL_1] }),
        result: 'succeeded'
      })
    )
    expect(md.split('\n')[0]).toBe('### ✅ Download ready')
    expect(md).toContain('| Download | 1 URL in the `deliveryUrls` output (secret) |')
  })

  it.each<[string, Partial<RunRecord>]>([
    ['invalid inputs', { result: 'failed', problems: [{ input: 'groupId', message: 'x' }] }],
    [
      'a bare failure',
      {
        source: undefined,
        clusterKind: undefined,
        uiPaths: undefined,
        result: 'failed',
        failure: 'boom'
      }
    ],
    [
      'a dry run',
      { result: 'dryRun', plannedCall: { method: 'POST', path: '/x', mediaType: 'm' } }
    ],
    [
      'collection namespaces without a target name',
      {
        result: 'succeeded',
        jobLabel: 'collection restore job',
        namespaces: [{ sourceNamespace: 'a.b', status: 'NOT_FOUND' }]
      }
    ]
  ])('has no empty table header or row: %s', (_, overrides) => {
    const md = renderSummary(record(overrides))
    expect(emptyRows(md)).toEqual([])
    for (const header of headers(md)) {
      const cells = header.split('|').slice(1, -1)
      expect(cells.every(c => c.trim() !== '')).toBe(true)
    }
  })

  it('escapes a server-provided stateName holding HTML and a newline', () => {
    const md = renderSummary(
      record({
        deliveryType: 'automated',
        target,
        job: job({ status: 'completed', target, errorMessage: 'bad <script>x</script>\n| row' }),
        targetState: { stateName: 'UPDATING<img src=x>\nIDLE', ready: false },
        namespaces: [{ sourceNamespace: 'a.b', targetNamespace: 'a.b', status: '<img src=y>\nX' }],
        result: 'failed'
      })
    )
    expect(md).toContain('| Target ready | no (UPDATING&#60;img src=x&#62; IDLE) |')
    expect(md).toContain('| Atlas said | bad &#60;script&#62;x&#60;/script&#62; &#124; row |')
    expect(md).toContain('| `a.b` | `a.b` | &#60;img src=y&#62; X |')
    expect(md).not.toMatch(/<img|<script/)
    expect(
      md
        .split('\n')
        .filter(l => l.startsWith('| '))
        .every(l => l.endsWith(' |'))
    ).toBe(true)
  })
})
