// Readers for single inputs: each returns the typed value or reports a problem and returns a
/* eslint-disable no-control-regex -- input checks look for control characters on purpose */
// fallback, so parsing goes on and every problem is found in one pass.

import { parseDuration } from '../durations.js'
import { OBJECT_ID } from '../atlas/names.js'
import { INPUT_DEFAULTS, type InputName, type RawInputs } from './contract.js'
import { showValue, type Report } from './problems.js'

/** Control characters (CR, LF, NUL, …) have no place in any input; a key with a CR is a typo. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/
/** Inputs where a newline separates entries (YAML block scalars). */
const MULTILINE: readonly InputName[] = ['databases', 'collections', 'privateKey', 'clientSecret']

export class FieldReader {
  constructor(
    private readonly raw: RawInputs,
    readonly problem: Report
  ) {}

  /** The trimmed value, '' when not set. */
  value(name: InputName): string {
    return (this.raw[name] ?? '').trim()
  }

  /** Reports control characters in every input (secrets without echoing them). */
  checkControlCharacters(secret: (name: InputName) => boolean): void {
    for (const name of Object.keys(INPUT_DEFAULTS) as InputName[]) {
      const v = this.value(name)
      const bad = MULTILINE.includes(name) ? CONTROL.test(v) : /[\u0000-\u001f\u007f]/.test(v)
      if (!bad) continue
      this.problem(
        name,
        secret(name)
          ? 'contains a control character (a line break or similar): check how the secret was pasted'
          : `${showValue(v)} contains a control character (a line break or similar)`
      )
    }
  }

  objectId(name: InputName, what: string): string | undefined {
    const v = this.value(name)
    if (v === '') return undefined
    if (!OBJECT_ID.test(v)) {
      this.problem(
        name,
        `${showValue(v)} is not ${what}: expected 24 lowercase hexadecimal characters`
      )
      return undefined
    }
    return v
  }

  boolean(name: InputName): boolean {
    const fallback = INPUT_DEFAULTS[name] === 'true'
    const v = this.value(name)
    if (v === '') return fallback
    // The YAML 1.2 core schema, as core.getBooleanInput accepts it.
    if (['true', 'True', 'TRUE'].includes(v)) return true
    if (['false', 'False', 'FALSE'].includes(v)) return false
    this.problem(name, `${showValue(v)} is not a boolean: expected true or false`)
    return fallback
  }

  /** Milliseconds; the action.yml default applies when the input is empty. */
  duration(name: InputName): number | undefined {
    const v = this.value(name) || INPUT_DEFAULTS[name]
    if (v === undefined) return undefined
    const ms = parseDuration(v)
    if (ms === undefined || ms <= 0) {
      this.problem(
        name,
        `${showValue(v)} is not a duration: expected a positive number with a unit, ms, s, m, h or d, alone or combined (e.g. 45s, 90m, 1h30m, 7d)`
      )
      return undefined
    }
    return ms
  }

  oneOf<T extends string>(name: InputName, allowed: readonly T[]): T {
    const fallback = INPUT_DEFAULTS[name] as T
    const v = this.value(name)
    if (v === '') return fallback
    if (!(allowed as readonly string[]).includes(v)) {
      this.problem(name, `${showValue(v)} is not valid: expected one of ${allowed.join(', ')}`)
      return fallback
    }
    return v as T
  }

  /** Entries separated by commas or newlines, blanks dropped. */
  list(name: InputName): string[] {
    return this.value(name)
      .split(/[,\r\n]+/)
      .map(entry => entry.trim())
      .filter(entry => entry !== '')
  }
}
