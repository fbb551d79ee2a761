// Tests written to kill the mutants that survived in src/inputs/namespaces.ts (CONTRIBUTING.md,
// Mutation testing): MongoDB's naming rules, the list limits and the suffixes.

import { describe, expect, it } from '@jest/globals'
import {
  checkNamespaces,
  collectionNameProblem,
  databaseNameProblem,
  MAX_NAMESPACES
} from '../../src/inputs/namespaces.js'

const FORBIDDEN_DB = 'contains a character MongoDB forbids in database names (/\\. "$*<>:|? or NUL)'

function check(
  databases: string[],
  collections: string[],
  suffixes: { databaseSuffix?: string; collectionSuffix?: string } = {}
): [string, string][] {
  const problems: [string, string][] = []
  checkNamespaces({ databases, collections }, suffixes, (input, message) =>
    problems.push([input, message])
  )
  return problems
}

describe('databaseNameProblem', () => {
  it('accepts a plain name and one of exactly 63 bytes', () => {
    expect(databaseNameProblem('sales_2026-a')).toBeUndefined()
    expect(databaseNameProblem('d'.repeat(63))).toBeUndefined()
  })

  it('refuses an empty name', () => {
    expect(databaseNameProblem('')).toBe('is empty')
  })

  it.each(['/', '\\', '.', ' ', '"', '$', '*', '<', '>', ':', '|', '?', '\u0000'])(
    'refuses %j anywhere in the name',
    c => {
      expect(databaseNameProblem(`a${c}b`)).toBe(FORBIDDEN_DB)
    }
  )

  it('refuses a name of 64 bytes, counting UTF-8 bytes, not characters', () => {
    expect(databaseNameProblem('d'.repeat(64))).toBe('is longer than 63 bytes')
    expect(databaseNameProblem('é'.repeat(32))).toBe('is longer than 63 bytes')
    expect(databaseNameProblem('é'.repeat(31) + 'x')).toBeUndefined()
  })
})

describe('collectionNameProblem', () => {
  it('accepts ordinary names, dots included, and names merely containing "system."', () => {
    expect(collectionNameProblem('orders.archive')).toBeUndefined()
    expect(collectionNameProblem('my.system.x')).toBeUndefined()
    expect(collectionNameProblem('system')).toBeUndefined()
  })

  it('refuses an empty name', () => {
    expect(collectionNameProblem('')).toBe('has an empty collection name')
  })

  it.each(['a$b', '$x', 'a\u0000b'])('refuses %j, which holds $ or NUL', name => {
    expect(collectionNameProblem(name)).toBe(
      'contains $ or NUL, which MongoDB forbids in collection names'
    )
  })

  it('refuses a system collection', () => {
    expect(collectionNameProblem('system.users')).toBe(
      'names a system collection, which cannot be restored'
    )
  })
})

describe('checkNamespaces', () => {
  it('reports nothing for valid lists and suffixes', () => {
    expect(
      check(['sales', 'hr'], ['crm.people', 'crm.deals.2026'], {
        databaseSuffix: '_restored',
        collectionSuffix: '_copy'
      })
    ).toStrictEqual([])
  })

  it('allows 100 entries in a list and refuses 101', () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => `db${i}`)
    expect(MAX_NAMESPACES).toBe(100)
    expect(check(names(100), [])).toStrictEqual([])
    expect(check(names(101), [])).toStrictEqual([
      ['databases', 'lists 101 entries: Atlas restores at most 100 per job']
    ])
    expect(
      check(
        [],
        names(101).map(n => `${n}.c`)
      )
    ).toStrictEqual([['collections', 'lists 101 entries: Atlas restores at most 100 per job']])
  })

  it('reports an entry listed twice, once per repeat, in either list', () => {
    expect(check(['a', 'b', 'a', 'a'], ['x.y', 'x.y'])).toStrictEqual([
      ['databases', '"a" is listed twice'],
      ['databases', '"a" is listed twice'],
      ['collections', '"x.y" is listed twice']
    ])
  })

  it('names a bad database entry with its reason', () => {
    expect(check(['a.b', 'ok'], [])).toStrictEqual([['databases', `"a.b" ${FORBIDDEN_DB}`]])
  })

  it('checks a database name with the suffix it will be restored under', () => {
    expect(check(['d'.repeat(60)], [], { databaseSuffix: '_xyz' })).toStrictEqual([
      ['databases', `"${'d'.repeat(60)}" is longer than 63 bytes`]
    ])
    expect(check(['d'.repeat(59)], [], { databaseSuffix: '_xyz' })).toStrictEqual([])
  })

  it('refuses a collection entry without a dot', () => {
    expect(check([], ['people', 'crm.ok'])).toStrictEqual([
      ['collections', '"people" is not a namespace: expected database.collection']
    ])
  })

  it('refuses an empty database or collection part', () => {
    expect(check([], ['.people', 'crm.'])).toStrictEqual([
      ['collections', '".people" has an empty database name'],
      ['collections', '"crm." has an empty collection name']
    ])
  })

  it('splits at the first dot: the database part is checked with the suffix', () => {
    expect(check([], ['c$rm.people', 'crm.a$b', 'crm.system.js'])).toStrictEqual([
      ['collections', `"c$rm.people" ${FORBIDDEN_DB}`],
      ['collections', '"crm.a$b" contains $ or NUL, which MongoDB forbids in collection names'],
      ['collections', '"crm.system.js" names a system collection, which cannot be restored']
    ])
    expect(check([], ['crm.people'], { databaseSuffix: ' x' })).toContainEqual([
      'collections',
      `"crm.people" ${FORBIDDEN_DB}`
    ])
  })

  it('refuses a namespace longer than 255 bytes once the suffixes are added', () => {
    // db (10) + '.' + collection (244) = 255 bytes: allowed; one more suffix byte is too long.
    const ns = `${'d'.repeat(10)}.${'c'.repeat(244)}`
    expect(check([], [ns])).toStrictEqual([])
    expect(check([], [ns], { collectionSuffix: 'x' })).toStrictEqual([
      [
        'collections',
        `${JSON.stringify(ns).slice(0, 62)}..." is longer than 255 bytes once restored`
      ]
    ])
    expect(check([], [ns], { databaseSuffix: 'x' })).toHaveLength(1)
    const wide = `${'d'.repeat(10)}.${'é'.repeat(122)}`
    expect(check([], [wide])).toStrictEqual([])
    expect(check([], [`${wide}x`])).toHaveLength(1)
  })

  it('refuses a database suffix with a forbidden character', () => {
    expect(check([], [], { databaseSuffix: '.bak' })).toStrictEqual([
      ['databaseSuffix', '".bak" contains a character MongoDB forbids in database names']
    ])
    expect(check([], [], { databaseSuffix: '_bak' })).toStrictEqual([])
  })

  it.each(['$x', 'a\u0000'])('refuses a collection suffix %j with $ or NUL', suffix => {
    expect(check([], [], { collectionSuffix: suffix })).toStrictEqual([
      ['collectionSuffix', `${JSON.stringify(suffix)} contains $ or NUL`]
    ])
  })
})
