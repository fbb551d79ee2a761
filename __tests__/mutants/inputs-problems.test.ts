// Tests written to kill the mutants that survived in src/inputs/problems.ts (CONTRIBUTING.md,
// Mutation testing): the InputError message and how values are shown.

import { describe, expect, it } from '@jest/globals'
import { InputError, showValue } from '../../src/inputs/problems.js'

describe('InputError', () => {
  it('says "An input is invalid" for one problem, naming it', () => {
    const error = new InputError([{ input: 'groupId', message: 'is required' }])
    expect(error.message).toBe('An input is invalid:\n- groupId: is required')
    expect(error.name).toBe('InputError')
    expect(error).toBeInstanceOf(Error)
    expect(error.problems).toStrictEqual([{ input: 'groupId', message: 'is required' }])
  })

  it('counts several problems and lists each on its own line', () => {
    const error = new InputError([
      { input: 'groupId', message: 'is required' },
      { input: 'timeout', message: '"soon" is not a duration' }
    ])
    expect(error.message).toBe(
      '2 inputs are invalid:\n- groupId: is required\n- timeout: "soon" is not a duration'
    )
  })
})

describe('showValue', () => {
  it('quotes and escapes a value, control characters too', () => {
    expect(showValue('a"b\nc')).toBe('"a\\"b\\nc"')
    expect(showValue('')).toBe('""')
  })

  it('keeps a value of 64 characters whole', () => {
    const value = 'x'.repeat(64)
    expect(showValue(value)).toBe(`"${value}"`)
  })

  it('cuts a value of 65 characters to 61 and an ellipsis', () => {
    const value = 'abc'.repeat(21) + 'yz'
    expect(showValue(value)).toBe(`"${value.slice(0, 61)}..."`)
    expect(showValue(value).length).toBe(66)
  })
})
