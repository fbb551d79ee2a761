// Durations as users write them (compound, with days) and as the log and summary show them.

import { describe, expect, it } from '@jest/globals'
import { formatDuration, parseDuration } from '../src/durations.js'

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['45s', 45_000],
    ['90m', 5_400_000],
    ['2h', 7_200_000],
    ['7d', 604_800_000],
    ['1h30m', 5_400_000],
    ['1d 2h', 93_600_000],
    ['1.5h', 5_400_000],
    ['2m30s500ms', 150_500]
  ])('%s is %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  it.each(['', '90', 'h', '1w', '1h 30', 'm30', '-5m', '1h30x', '5 minutes'])(
    '%j is not a duration',
    text => {
      expect(parseDuration(text)).toBeUndefined()
    }
  )
})

describe('formatDuration', () => {
  it.each([
    [850, '850ms'],
    [42_000, '42s'],
    [232_000, '3m 52s'],
    [3_600_000, '1h'],
    [7_500_000, '2h 5m'],
    // Ages read in days: 74h 2m is 3d 2h.
    [266_520_000, '3d 2h'],
    [86_400_000, '1d']
  ])('%i ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })
})
