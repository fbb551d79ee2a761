// The pure pieces of the end of a run: the last log line, the objective, and what a watched job
// makes moot.

import { describe, expect, it } from '@jest/globals'
import type { RestoreJob } from '../src/kinds/adapter.js'
import { parseInputs } from '../src/inputs/settings.js'
import { objectiveProblem } from '../src/plan/objective.js'
import { ignoredWhenWatching } from '../src/plan/watch.js'
import { newRecord, type RunRecord } from '../src/report/record.js'
import { resultLine } from '../src/report/summary.js'

const job = (o: Partial<RestoreJob> = {}): RestoreJob => ({
  id: '6a794733c0eb9e7a17740663',
  status: 'completed',
  deliveryUrls: [],
  privateDeliveryUrls: [],
  document: {},
  ...o
})
const at = (iso: string) => new Date(iso)
const record = (o: Partial<RunRecord>): RunRecord => ({
  ...newRecord(at('2026-11-24T03:00:00Z')),
  ...o
})

describe('resultLine', () => {
  it('states the restore time and when the target was ready', () => {
    const line = resultLine(
      record({
        result: 'succeeded',
        deliveryType: 'automated',
        target: { groupId: 'g', clusterName: 'scratch' },
        jobCreatedAt: at('2026-11-24T03:00:00Z'),
        job: job({ finishedAt: at('2026-11-24T03:03:52Z') }),
        readyAt: at('2026-11-24T03:04:10Z')
      })
    )
    expect(line).toBe(
      'Result: restore completed in 3m 52s (restore job 6a794733c0eb9e7a17740663), scratch ready after 4m 10s.'
    )
  })

  it('gives the first line of a failure', () => {
    expect(
      resultLine(record({ result: 'failed', failure: 'Preflight found a reason:\n- x' }))
    ).toBe('Result: failed: Preflight found a reason:')
    expect(
      resultLine(
        record({ result: 'timedOut', failure: 'too slow', job: job({ status: 'inProgress' }) })
      )
    ).toBe('Result: timed out (restore job 6a794733c0eb9e7a17740663): too slow')
  })
})

describe('objectiveProblem', () => {
  it('fails only a restore slower than the objective', () => {
    expect(objectiveProblem(60_000, undefined)).toBeUndefined()
    expect(objectiveProblem(60_000, 60_000)).toBeUndefined()
    expect(objectiveProblem(60_001, 60_000)).toMatch(
      /took 1m from job creation.*maxRestoreDuration 1m/
    )
  })
})

describe('ignoredWhenWatching', () => {
  const base = {
    groupId: '6a793f6b2c88faeba59bae37',
    clusterName: 'prod',
    restoreJobId: '6a794733c0eb9e7a17740663',
    publicKey: 'k',
    privateKey: 's'
  }
  const onto = job({ deliveryType: 'automated', target: { groupId: 'g', clusterName: 'scratch' } })

  it('names creation inputs the job overrides, and only those', () => {
    expect(ignoredWhenWatching(parseInputs(base, {}), onto)).toEqual([])
    expect(
      ignoredWhenWatching(parseInputs({ ...base, targetClusterName: 'scratch' }, {}), onto)
    ).toEqual([])
    expect(
      ignoredWhenWatching(
        parseInputs(
          {
            ...base,
            targetClusterName: 'other',
            snapshotId: '6a79468a2c88faeba59de489',
            deliveryType: 'download'
          },
          {}
        ),
        onto
      )
    ).toEqual(['deliveryType', 'snapshotId', 'targetClusterName'])
  })
})
