// The three point-in-time forms (RFC 3339 or epoch seconds, the API's seconds, the oplog pair)
// → the API's fields. At most one form is given; which one is checked by the caller.

import type { PointInTime } from '../kinds/adapter.js'
import type { InputName } from './contract.js'
import type { FieldReader } from './fields.js'
import { showValue } from './problems.js'

/** The spec's minimum for pointInTimeUTCSeconds and oplogTs: 2008-01-01T00:00:00Z. */
export const MIN_EPOCH_SECONDS = 1199145600
const INT32_MAX = 2147483647
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/

/** The forms given, by input name (oplogTs and oplogInc count as one). */
export function pointInTimeForms(fields: FieldReader): string[] {
  return [
    fields.value('pointInTime') !== '' && 'pointInTime',
    fields.value('pointInTimeUTCSeconds') !== '' && 'pointInTimeUTCSeconds',
    (fields.value('oplogTs') !== '' || fields.value('oplogInc') !== '') && 'oplogTs/oplogInc'
  ].filter((f): f is string => f !== false)
}

export function parsePointInTime(fields: FieldReader): PointInTime | undefined {
  const value = (name: InputName) => fields.value(name)
  const problem = fields.problem
  const checkSeconds = (input: string, shown: string, seconds: number): number | undefined => {
    if (!Number.isInteger(seconds) || seconds < MIN_EPOCH_SECONDS || seconds > INT32_MAX) {
      problem(
        input,
        `${shown} is out of range: expected a moment from 2008-01-01T00:00:00Z to 2038-01-19`
      )
      return undefined
    }
    return seconds
  }

  const text = value('pointInTime')
  if (text !== '') {
    let seconds: number | undefined
    if (/^\d+$/.test(text)) {
      seconds = Number(text)
    } else {
      const m = RFC3339.exec(text)
      const ms = m ? Date.parse(text.replace(' ', 'T')) : NaN
      // Date.parse rolls 2026-02-30 over to March; a real date keeps its day.
      const sameDay = m && new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).getUTCDate() === +m[3]
      if (!m || Number.isNaN(ms) || !sameDay) {
        problem(
          'pointInTime',
          `${showValue(text)} is not a moment: expected RFC 3339 (2026-11-20T03:00:00Z) or epoch seconds`
        )
        return undefined
      }
      seconds = Math.floor(ms / 1000)
    }
    const checked = checkSeconds('pointInTime', showValue(text), seconds)
    return checked === undefined ? undefined : { pointInTimeUTCSeconds: checked }
  }

  const utc = value('pointInTimeUTCSeconds')
  if (utc !== '') {
    if (!/^\d+$/.test(utc)) {
      problem(
        'pointInTimeUTCSeconds',
        `${showValue(utc)} is not epoch seconds: expected a whole number`
      )
      return undefined
    }
    const checked = checkSeconds('pointInTimeUTCSeconds', showValue(utc), Number(utc))
    return checked === undefined ? undefined : { pointInTimeUTCSeconds: checked }
  }

  const ts = value('oplogTs')
  const inc = value('oplogInc')
  if (ts === '' && inc === '') return undefined
  if (ts === '' || inc === '') {
    problem(
      ts === '' ? 'oplogTs' : 'oplogInc',
      'oplogTs and oplogInc go together: set both or neither'
    )
    return undefined
  }
  let ok = true
  if (!/^\d+$/.test(ts)) {
    problem('oplogTs', `${showValue(ts)} is not epoch seconds: expected a whole number`)
    ok = false
  } else if (checkSeconds('oplogTs', showValue(ts), Number(ts)) === undefined) {
    ok = false
  }
  if (!/^\d+$/.test(inc) || Number(inc) < 1 || Number(inc) > INT32_MAX) {
    problem('oplogInc', `${showValue(inc)} is not valid: expected a whole number of at least 1`)
    ok = false
  }
  return ok ? { oplogTs: Number(ts), oplogInc: Number(inc) } : undefined
}
