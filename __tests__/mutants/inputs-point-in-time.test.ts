// Tests written to kill the mutants that survived in src/inputs/point-in-time.ts (CONTRIBUTING.md,
// Mutation testing): each form, its range and its exact message.

import { describe, expect, it } from '@jest/globals'
import type { RawInputs } from '../../src/inputs/contract.js'
import { FieldReader } from '../../src/inputs/fields.js'
import {
  MIN_EPOCH_SECONDS,
  parsePointInTime,
  pointInTimeForms
} from '../../src/inputs/point-in-time.js'

function parse(raw: RawInputs) {
  const problems: [string, string][] = []
  const fields = new FieldReader(raw, (input, message) => problems.push([input, message]))
  return { value: parsePointInTime(fields), problems }
}

const forms = (raw: RawInputs) => pointInTimeForms(new FieldReader(raw, () => undefined))

const RANGE = 'is out of range: expected a moment from 2008-01-01T00:00:00Z to 2038-01-19'
const NOT_A_MOMENT = 'is not a moment: expected RFC 3339 (2026-11-20T03:00:00Z) or epoch seconds'
const INT32_MAX = 2147483647

describe('pointInTimeForms', () => {
  it('lists the forms given, in order, the oplog pair as one', () => {
    expect(forms({})).toStrictEqual([])
    expect(
      forms({ pointInTime: '1', pointInTimeUTCSeconds: '2', oplogTs: '3', oplogInc: '4' })
    ).toStrictEqual(['pointInTime', 'pointInTimeUTCSeconds', 'oplogTs/oplogInc'])
    expect(forms({ pointInTimeUTCSeconds: '2' })).toStrictEqual(['pointInTimeUTCSeconds'])
    expect(forms({ oplogTs: '3' })).toStrictEqual(['oplogTs/oplogInc'])
    expect(forms({ oplogInc: '4' })).toStrictEqual(['oplogTs/oplogInc'])
    expect(forms({ pointInTime: ' ' })).toStrictEqual([])
  })
})

describe('parsePointInTime', () => {
  it('gives undefined, reporting nothing, when no form is set', () => {
    expect(parse({})).toStrictEqual({ value: undefined, problems: [] })
  })

  it('reads pointInTime as epoch seconds, both ends of the range included', () => {
    expect(MIN_EPOCH_SECONDS).toBe(1199145600)
    expect(parse({ pointInTime: '1199145600' })).toStrictEqual({
      value: { pointInTimeUTCSeconds: 1199145600 },
      problems: []
    })
    expect(parse({ pointInTime: String(INT32_MAX) })).toStrictEqual({
      value: { pointInTimeUTCSeconds: INT32_MAX },
      problems: []
    })
  })

  it.each(['1199145599', String(INT32_MAX + 1)])('refuses epoch seconds %s, out of range', s => {
    expect(parse({ pointInTime: s })).toStrictEqual({
      value: undefined,
      problems: [['pointInTime', `"${s}" ${RANGE}`]]
    })
  })

  it.each([
    ['2026-11-20T03:00:00Z', 1795143600],
    ['2026-11-20t03:00:00z', 1795143600],
    ['2026-11-20 03:00:00Z', 1795143600],
    ['2026-11-20T03:00:00.999Z', 1795143600],
    ['2026-11-20T04:30:00+01:30', 1795143600],
    ['2026-11-20T01:00:00-02:00', 1795143600],
    ['2024-02-29T00:00:00Z', 1709164800],
    ['2008-01-01T00:00:00Z', 1199145600]
  ])('reads the RFC 3339 moment %s', (text, seconds) => {
    expect(parse({ pointInTime: text })).toStrictEqual({
      value: { pointInTimeUTCSeconds: seconds },
      problems: []
    })
  })

  it.each([
    'last night',
    '2026-11-20',
    '2026-11-20T03:00:00',
    '2026-11-20T03:00Z',
    '2026-11-20T03:00:00+0100',
    'x2026-11-20T03:00:00Z',
    '2026-11-20T03:00:00Zx',
    '02026-11-20T03:00:00Z',
    '2026-1-20T03:00:00Z',
    '2026-11-2T03:00:00Z',
    '2026-11-20T3:00:00Z',
    '2026-11-20T03:0:00Z',
    '2026-11-20T03:00:0Z',
    '2026-11-20T03:00:00.Z',
    '2026-11-20T03:00:00+1:00',
    '2026-11-20T03:00:00+01:0',
    '2026-11-20X03:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-02-30T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '-1763607600',
    '1763607600.5'
  ])('refuses %j, which is not a moment', text => {
    expect(parse({ pointInTime: text })).toStrictEqual({
      value: undefined,
      problems: [['pointInTime', `${JSON.stringify(text)} ${NOT_A_MOMENT}`]]
    })
  })

  it('rounds a moment down to the second before checking its range', () => {
    expect(parse({ pointInTime: '2007-12-31T23:59:59.999Z' })).toStrictEqual({
      value: undefined,
      problems: [['pointInTime', `"2007-12-31T23:59:59.999Z" ${RANGE}`]]
    })
    expect(parse({ pointInTime: '2038-01-19T03:14:07.5Z' }).value).toStrictEqual({
      pointInTimeUTCSeconds: INT32_MAX
    })
    expect(parse({ pointInTime: '2038-01-19T03:14:08Z' }).problems).toStrictEqual([
      ['pointInTime', `"2038-01-19T03:14:08Z" ${RANGE}`]
    ])
  })

  it('lets pointInTime win over the other forms (the caller reports the mix)', () => {
    expect(
      parse({ pointInTime: '1795143600', pointInTimeUTCSeconds: 'x', oplogTs: 'y' })
    ).toStrictEqual({ value: { pointInTimeUTCSeconds: 1795143600 }, problems: [] })
  })

  it('reads pointInTimeUTCSeconds, both ends of the range included', () => {
    expect(parse({ pointInTimeUTCSeconds: '1199145600' })).toStrictEqual({
      value: { pointInTimeUTCSeconds: 1199145600 },
      problems: []
    })
    expect(parse({ pointInTimeUTCSeconds: String(INT32_MAX) }).value).toStrictEqual({
      pointInTimeUTCSeconds: INT32_MAX
    })
  })

  it.each(['12.5', '-1', '1e9', 'x1795143600', '1795143600x'])(
    'refuses pointInTimeUTCSeconds %j, not a whole number',
    s => {
      expect(parse({ pointInTimeUTCSeconds: s })).toStrictEqual({
        value: undefined,
        problems: [
          [
            'pointInTimeUTCSeconds',
            `${JSON.stringify(s)} is not epoch seconds: expected a whole number`
          ]
        ]
      })
    }
  )

  it.each(['1199145599', String(INT32_MAX + 1)])(
    'refuses pointInTimeUTCSeconds %s, out of range',
    s => {
      expect(parse({ pointInTimeUTCSeconds: s })).toStrictEqual({
        value: undefined,
        problems: [['pointInTimeUTCSeconds', `"${s}" ${RANGE}`]]
      })
    }
  )

  it('reads the oplog pair, both ends of each range included', () => {
    expect(parse({ oplogTs: '1199145600', oplogInc: '1' })).toStrictEqual({
      value: { oplogTs: 1199145600, oplogInc: 1 },
      problems: []
    })
    expect(parse({ oplogTs: String(INT32_MAX), oplogInc: String(INT32_MAX) })).toStrictEqual({
      value: { oplogTs: INT32_MAX, oplogInc: INT32_MAX },
      problems: []
    })
  })

  it('refuses half an oplog pair, naming the missing half', () => {
    expect(parse({ oplogTs: '1795143600' })).toStrictEqual({
      value: undefined,
      problems: [['oplogInc', 'oplogTs and oplogInc go together: set both or neither']]
    })
    expect(parse({ oplogInc: '3' })).toStrictEqual({
      value: undefined,
      problems: [['oplogTs', 'oplogTs and oplogInc go together: set both or neither']]
    })
  })

  it.each(['x', '12.5', '1795143600s', 's1795143600'])(
    'refuses oplogTs %j, not a whole number',
    ts => {
      expect(parse({ oplogTs: ts, oplogInc: '1' })).toStrictEqual({
        value: undefined,
        problems: [
          ['oplogTs', `${JSON.stringify(ts)} is not epoch seconds: expected a whole number`]
        ]
      })
    }
  )

  it.each(['1199145599', String(INT32_MAX + 1)])('refuses oplogTs %s, out of range', ts => {
    expect(parse({ oplogTs: ts, oplogInc: '1' })).toStrictEqual({
      value: undefined,
      problems: [['oplogTs', `"${ts}" ${RANGE}`]]
    })
  })

  it.each(['0', String(INT32_MAX + 1), '1.5', 'x', '2x', 'x2'])('refuses oplogInc %j', inc => {
    expect(parse({ oplogTs: '1795143600', oplogInc: inc })).toStrictEqual({
      value: undefined,
      problems: [
        ['oplogInc', `${JSON.stringify(inc)} is not valid: expected a whole number of at least 1`]
      ]
    })
  })

  it('reports both halves of a bad oplog pair', () => {
    expect(parse({ oplogTs: '5', oplogInc: '0' })).toStrictEqual({
      value: undefined,
      problems: [
        ['oplogTs', `"5" ${RANGE}`],
        ['oplogInc', '"0" is not valid: expected a whole number of at least 1']
      ]
    })
    expect(parse({ oplogTs: 'x', oplogInc: 'y' }).problems.map(p => p[0])).toStrictEqual([
      'oplogTs',
      'oplogInc'
    ])
  })
})
