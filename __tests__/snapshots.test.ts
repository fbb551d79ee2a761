import { describe, expect, it } from '@jest/globals'
import type { Snapshot } from '../src/kinds/adapter.js'
import { pickLatest, staleSnapshotProblem } from '../src/plan/snapshots.js'
import { rfc3339 } from '../src/time.js'

const at = (iso: string) => new Date(iso)

describe('pickLatest', () => {
  it('takes the newest completed snapshot whatever the list order', () => {
    const snapshots: Snapshot[] = [
      { id: 'a', completed: true, createdAt: at('2026-11-20T03:00:00Z') },
      { id: 'c', completed: true, createdAt: at('2026-11-22T03:00:00Z') },
      { id: 'b', completed: true, createdAt: at('2026-11-21T03:00:00Z') }
    ]
    expect(pickLatest(snapshots)?.id).toBe('c')
    expect(pickLatest([...snapshots].reverse())?.id).toBe('c')
  })

  it('skips snapshots that are not completed, even newer ones, and those without a date', () => {
    const snapshots: Snapshot[] = [
      { id: 'running', completed: false },
      { id: 'failed', completed: false, createdAt: at('2026-11-23T03:00:00Z') },
      { id: 'undated', completed: true },
      { id: 'old', completed: true, createdAt: at('2026-11-01T03:00:00Z') }
    ]
    expect(pickLatest(snapshots)?.id).toBe('old')
  })

  it('returns undefined when nothing is completed', () => {
    expect(pickLatest([])).toBeUndefined()
    expect(pickLatest([{ id: 'q', completed: false }])).toBeUndefined()
  })
})

describe('staleSnapshotProblem', () => {
  const now = at('2026-11-24T03:00:00Z').getTime()
  const snapshot = {
    id: '6a79468a2c88faeba59de489',
    completed: true,
    createdAt: at('2026-11-15T03:00:00Z')
  }

  it('accepts any age without a limit, and a fresh snapshot within it', () => {
    expect(staleSnapshotProblem(snapshot, undefined, now)).toBeUndefined()
    expect(staleSnapshotProblem(snapshot, 10 * 24 * 3600_000, now)).toBeUndefined()
  })

  it('names the snapshot, its time and the limit when too old', () => {
    const problem = staleSnapshotProblem(snapshot, 26 * 3600_000, now)
    expect(problem).toContain('6a79468a2c88faeba59de489')
    expect(problem).toContain('2026-11-15T03:00:00Z')
    expect(problem).toContain('9d ago')
    expect(problem).toContain('maxSnapshotAge 1d 2h')
  })

  it('formats dates as Atlas does', () => {
    expect(rfc3339(at('2026-08-10T03:35:05.000Z'))).toBe('2026-08-10T03:35:05Z')
  })
})
