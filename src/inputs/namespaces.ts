// Collection-level restore inputs: database and `db.collection` lists checked against MongoDB's
/* eslint-disable no-control-regex -- input checks look for control characters on purpose */
// naming rules before any call, each problem naming the input and the offending entry.

import { showValue, type Report } from './problems.js'

export const MAX_NAMESPACES = 100
/** MongoDB: database names are shorter than 64 bytes; a namespace is at most 255 bytes. */
const MAX_DATABASE_BYTES = 63
const MAX_NAMESPACE_BYTES = 255
const DATABASE_FORBIDDEN = /[/\\. "$*<>:|?\u0000]/
const bytes = (s: string) => Buffer.byteLength(s, 'utf8')

/** Why a database name is invalid, or undefined. */
export function databaseNameProblem(name: string): string | undefined {
  if (name === '') return 'is empty'
  if (DATABASE_FORBIDDEN.test(name))
    return 'contains a character MongoDB forbids in database names (/\\. "$*<>:|? or NUL)'
  if (bytes(name) > MAX_DATABASE_BYTES) return `is longer than ${MAX_DATABASE_BYTES} bytes`
  return undefined
}

/** Why a collection name is invalid, or undefined. */
export function collectionNameProblem(name: string): string | undefined {
  if (name === '') return 'has an empty collection name'
  if (name.includes('$') || name.includes('\u0000'))
    return 'contains $ or NUL, which MongoDB forbids in collection names'
  if (name.startsWith('system.')) return 'names a system collection, which cannot be restored'
  return undefined
}

export interface NamespaceLists {
  databases: string[]
  collections: string[]
}

/** Checks both lists and the suffixes (which become part of the restored names). */
export function checkNamespaces(
  lists: NamespaceLists,
  suffixes: { databaseSuffix?: string; collectionSuffix?: string },
  problem: Report
): void {
  const dbSuffix = suffixes.databaseSuffix ?? ''
  const collSuffix = suffixes.collectionSuffix ?? ''
  for (const [input, entries] of Object.entries(lists) as [keyof NamespaceLists, string[]][]) {
    if (entries.length > MAX_NAMESPACES) {
      problem(
        input,
        `lists ${entries.length} entries: Atlas restores at most ${MAX_NAMESPACES} per job`
      )
    }
    const seen = new Set<string>()
    for (const entry of entries) {
      if (seen.has(entry)) problem(input, `${showValue(entry)} is listed twice`)
      seen.add(entry)
    }
  }
  for (const db of lists.databases) {
    const why = databaseNameProblem(db) ?? databaseNameProblem(db + dbSuffix)
    if (why) problem('databases', `${showValue(db)} ${why}`)
  }
  for (const ns of lists.collections) {
    const dot = ns.indexOf('.')
    if (dot < 0) {
      problem('collections', `${showValue(ns)} is not a namespace: expected database.collection`)
      continue
    }
    const db = ns.slice(0, dot)
    const coll = ns.slice(dot + 1)
    const why =
      (db === '' ? 'has an empty database name' : databaseNameProblem(db + dbSuffix)) ??
      collectionNameProblem(coll) ??
      (bytes(db + dbSuffix) + 1 + bytes(coll + collSuffix) > MAX_NAMESPACE_BYTES
        ? `is longer than ${MAX_NAMESPACE_BYTES} bytes once restored`
        : undefined)
    if (why) problem('collections', `${showValue(ns)} ${why}`)
  }
  if (dbSuffix !== '' && DATABASE_FORBIDDEN.test(dbSuffix)) {
    problem(
      'databaseSuffix',
      `${showValue(dbSuffix)} contains a character MongoDB forbids in database names`
    )
  }
  if (collSuffix.includes('$') || collSuffix.includes('\u0000')) {
    problem('collectionSuffix', `${showValue(collSuffix)} contains $ or NUL`)
  }
}
