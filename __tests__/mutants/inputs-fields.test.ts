// Tests written to kill the mutants that survived in src/inputs/fields.ts (CONTRIBUTING.md,
// Mutation testing): each single-input reader, its fallback and its exact message.

import { describe, expect, it } from '@jest/globals'
import type { InputName, RawInputs } from '../../src/inputs/contract.js'
import { FieldReader } from '../../src/inputs/fields.js'

function reader(raw: RawInputs): { fields: FieldReader; problems: [string, string][] } {
  const problems: [string, string][] = []
  const fields = new FieldReader(raw, (input, message) => problems.push([input, message]))
  return { fields, problems }
}

const CONTROL_MESSAGE = 'contains a control character (a line break or similar)'
const SECRET_MESSAGE =
  'contains a control character (a line break or similar): check how the secret was pasted'
const DURATION_HINT =
  'is not a duration: expected a positive number with a unit, ms, s, m, h or d, alone or combined (e.g. 45s, 90m, 1h30m, 7d)'

describe('FieldReader.value', () => {
  it('trims the value and gives an empty string for an unset input', () => {
    const { fields } = reader({ clusterName: '  c1 \n' })
    expect(fields.value('clusterName')).toBe('c1')
    expect(fields.value('groupId')).toBe('')
  })

  it('passes its report on as problem', () => {
    const { fields, problems } = reader({})
    fields.problem('x', 'y')
    expect(problems).toStrictEqual([['x', 'y']])
  })
})

describe('FieldReader.checkControlCharacters', () => {
  const check = (raw: RawInputs, secret: (name: InputName) => boolean = () => false) => {
    const { fields, problems } = reader(raw)
    fields.checkControlCharacters(secret)
    return problems
  }

  it('reports nothing for clean inputs', () => {
    expect(check({ clusterName: 'c1', databases: 'a\nb', timeout: '2h' })).toStrictEqual([])
  })

  it.each([
    '\u0000',
    '\u0001',
    '\u0008',
    '\t',
    '\n',
    '\u000b',
    '\u000c',
    '\r',
    '\u000e',
    '\u001f',
    '\u007f'
  ])('refuses %j inside a single-line input, showing the value', c => {
    expect(check({ clusterName: `a${c}b` })).toStrictEqual([
      ['clusterName', `${JSON.stringify(`a${c}b`)} ${CONTROL_MESSAGE}`]
    ])
  })

  it.each(['\t', '\n', '\r'])('allows %j inside a multi-line input', c => {
    expect(
      check({
        databases: `a${c}b`,
        collections: `a.b${c}c.d`,
        privateKey: `k${c}k`,
        clientSecret: `s${c}s`
      })
    ).toStrictEqual([])
  })

  it.each(['\u0000', '\u0008', '\u000b', '\u000c', '\u000e', '\u001f', '\u007f'])(
    'refuses %j inside a multi-line input',
    c => {
      expect(check({ databases: `a${c}b`, collections: `a.b${c}c` })).toStrictEqual([
        ['databases', `${JSON.stringify(`a${c}b`)} ${CONTROL_MESSAGE}`],
        ['collections', `${JSON.stringify(`a.b${c}c`)} ${CONTROL_MESSAGE}`]
      ])
    }
  )

  it('never shows a secret input, naming each input with a control character in order', () => {
    const secret = (name: InputName) => name === 'privateKey'
    expect(
      check({ groupId: 'g\u0000', privateKey: 'p\u0000ss', baseUrl: 'https://x\u0001' }, secret)
    ).toStrictEqual([
      ['groupId', `"g\\u0000" ${CONTROL_MESSAGE}`],
      ['privateKey', SECRET_MESSAGE],
      ['baseUrl', `"https://x\\u0001" ${CONTROL_MESSAGE}`]
    ])
  })
})

describe('FieldReader.objectId', () => {
  it('gives undefined, reporting nothing, for an unset input', () => {
    const { fields, problems } = reader({ groupId: '  ' })
    expect(fields.objectId('groupId', 'a project ID')).toBeUndefined()
    expect(problems).toStrictEqual([])
  })

  it('returns a valid ID', () => {
    const { fields, problems } = reader({ groupId: ' 6a793f6b2c88faeba59bae37 ' })
    expect(fields.objectId('groupId', 'a project ID')).toBe('6a793f6b2c88faeba59bae37')
    expect(problems).toStrictEqual([])
  })

  it('refuses anything else, saying what was expected', () => {
    const { fields, problems } = reader({ restoreJobId: 'job-1' })
    expect(fields.objectId('restoreJobId', 'a restore job ID')).toBeUndefined()
    expect(problems).toStrictEqual([
      [
        'restoreJobId',
        '"job-1" is not a restore job ID: expected 24 lowercase hexadecimal characters'
      ]
    ])
  })
})

describe('FieldReader.boolean', () => {
  it('gives the action.yml default for an unset input', () => {
    const { fields, problems } = reader({})
    expect(fields.boolean('maskDeliveryUrls')).toBe(true)
    expect(fields.boolean('waitForCompletion')).toBe(true)
    expect(fields.boolean('dryRun')).toBe(false)
    expect(problems).toStrictEqual([])
  })

  it.each(['true', 'True', 'TRUE'])('reads %s as true', v => {
    const { fields, problems } = reader({ dryRun: v })
    expect(fields.boolean('dryRun')).toBe(true)
    expect(problems).toStrictEqual([])
  })

  it.each(['false', 'False', 'FALSE'])('reads %s as false', v => {
    const { fields, problems } = reader({ maskDeliveryUrls: v })
    expect(fields.boolean('maskDeliveryUrls')).toBe(false)
    expect(problems).toStrictEqual([])
  })

  it('refuses other spellings, falling back to the default', () => {
    const { fields, problems } = reader({ maskDeliveryUrls: 'no', dryRun: 'yes' })
    expect(fields.boolean('maskDeliveryUrls')).toBe(true)
    expect(fields.boolean('dryRun')).toBe(false)
    expect(problems).toStrictEqual([
      ['maskDeliveryUrls', '"no" is not a boolean: expected true or false'],
      ['dryRun', '"yes" is not a boolean: expected true or false']
    ])
  })
})

describe('FieldReader.duration', () => {
  it('applies the action.yml default when the input is empty', () => {
    const { fields, problems } = reader({ timeout: ' ' })
    expect(fields.duration('timeout')).toBe(2 * 3_600_000)
    expect(fields.duration('pollInterval')).toBe(30_000)
    expect(problems).toStrictEqual([])
  })

  it('gives undefined for an empty input without a default', () => {
    const { fields, problems } = reader({})
    expect(fields.duration('maxSnapshotAge')).toBeUndefined()
    expect(problems).toStrictEqual([])
  })

  it('reads the smallest positive duration', () => {
    const { fields, problems } = reader({ maxRestoreDuration: '1ms' })
    expect(fields.duration('maxRestoreDuration')).toBe(1)
    expect(problems).toStrictEqual([])
  })

  it.each(['0ms', '0s', 'soon', '7200'])('refuses %s', v => {
    const { fields, problems } = reader({ timeout: v })
    expect(fields.duration('timeout')).toBeUndefined()
    expect(problems).toStrictEqual([['timeout', `${JSON.stringify(v)} ${DURATION_HINT}`]])
  })
})

describe('FieldReader.oneOf', () => {
  const allowed = ['CREATE_NEW', 'OVERWRITE_EXISTING'] as const

  it('gives the default for an unset input', () => {
    const { fields, problems } = reader({})
    expect(fields.oneOf('writeStrategy', allowed)).toBe('CREATE_NEW')
    expect(problems).toStrictEqual([])
  })

  it('returns an allowed value', () => {
    const { fields, problems } = reader({ writeStrategy: ' OVERWRITE_EXISTING ' })
    expect(fields.oneOf('writeStrategy', allowed)).toBe('OVERWRITE_EXISTING')
    expect(problems).toStrictEqual([])
  })

  it('refuses any other value, listing the allowed ones, and falls back to the default', () => {
    const { fields, problems } = reader({ writeStrategy: 'overwrite' })
    expect(fields.oneOf('writeStrategy', allowed)).toBe('CREATE_NEW')
    expect(problems).toStrictEqual([
      ['writeStrategy', '"overwrite" is not valid: expected one of CREATE_NEW, OVERWRITE_EXISTING']
    ])
  })
})

describe('FieldReader.list', () => {
  it('splits on commas and line breaks, trimming entries and dropping blanks', () => {
    const { fields } = reader({ databases: ' a , b\r\nc\n\n,, d\re ,' })
    expect(fields.list('databases')).toStrictEqual(['a', 'b', 'c', 'd', 'e'])
  })

  it('keeps spaces inside an entry and gives no entries for an unset input', () => {
    const { fields } = reader({ collections: 'my db.coll x' })
    expect(fields.list('collections')).toStrictEqual(['my db.coll x'])
    expect(fields.list('databases')).toStrictEqual([])
  })
})
