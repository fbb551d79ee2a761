// list() against honest and lying pagers: read to the end at the server's own page size, refuse
// (with a bad-answer error) a list that repeats itself or never ends, and stop at the deadline.

import { describe, expect, it } from '@jest/globals'
import { AtlasBadAnswerError, AtlasDeadlineError } from '../src/atlas/errors.js'
import { operations, type ApiCall } from '../src/atlas/operations.js'
import { json, pagesOf, samePage, useHostile, type Hostile } from './helpers/hostile.js'

const listCall: ApiCall = {
  operation: operations.listClusterSnapshots,
  params: { groupId: '6a793f6b2c88faeba59bae37', clusterName: 'c1' }
}

const hostile = useHostile()
const { server } = hostile
const client = hostile.client

const script = (behaviour: Hostile['script'][number], n: number) =>
  Array.from({ length: n }, () => behaviour)
const pageNums = () => server.seen.map(s => new URL(s.url, server.url).searchParams.get('pageNum'))

describe('list', () => {
  it('reads an honest server to the end at its own page size (100 of the 500 asked)', async () => {
    server.script = script(pagesOf(100, 10_002), 200)
    const items = (await client().list(listCall)) as { id: string }[]
    expect(items).toHaveLength(10_002)
    expect(new Set(items.map(i => i.id)).size).toBe(10_002)
    expect(server.seen).toHaveLength(101)
    expect(new URL(server.seen[0].url, server.url).searchParams.get('itemsPerPage')).toBe('500')
  })

  it('ends at an empty page', async () => {
    server.script = [pagesOf(500, 600, 5_000), pagesOf(500, 600, 5_000), pagesOf(500, 600, 5_000)]
    expect(await client().list(listCall)).toHaveLength(600)
    expect(pageNums()).toEqual(['1', '2', '3'])
  })

  it('without totalCount, ends at a page shorter than asked', async () => {
    server.script = [json(200, { results: [{ id: 'a' }] })]
    expect(await client().list(listCall)).toEqual([{ id: 'a' }])
    expect(server.seen).toHaveLength(1)
  })

  it.each([
    ['totalCount 1e12', 1e12],
    ['no totalCount', undefined]
  ])('refuses the same full page for every pageNum (%s)', async (_, total) => {
    server.script = script(samePage(total), 10)
    const error = await client()
      .list(listCall)
      .catch(e => e)
    expect(error).toBeInstanceOf(AtlasBadAnswerError)
    expect((error as Error).message).toContain('page 2 repeats page 1')
    expect(server.seen).toHaveLength(2)
  })

  it('refuses more pages than totalCount and the page size returned allow', async () => {
    // A first page of 100, then pages of one new item each, under a totalCount of 1000.
    server.script = [
      pagesOf(100, 100, 1_000),
      ...Array.from({ length: 30 }, (_, i) =>
        json(200, { results: [{ id: `extra-${i}` }], totalCount: 1_000 })
      )
    ]
    const error = await client()
      .list(listCall)
      .catch(e => e)
    expect(error).toBeInstanceOf(AtlasBadAnswerError)
    expect(server.seen).toHaveLength(11)
  })

  it('stops at the item cap rather than growing without bound', async () => {
    server.script = script(pagesOf(500, 1e9), 20)
    const error = await client({ maxListItems: 2_000 })
      .list(listCall)
      .catch(e => e)
    expect(error).toBeInstanceOf(AtlasBadAnswerError)
    expect((error as Error).message).toContain('more than 2000 items')
    expect(server.seen).toHaveLength(5)
  })

  it('stops at the deadline', async () => {
    const slowPage: Hostile['script'][number] = (req, res, body) =>
      setTimeout(() => pagesOf(10, 1e6)(req, res, body), 150)
    server.script = script(slowPage, 40)
    const started = Date.now()
    const error = await client({ deadline: Date.now() + 600 })
      .list(listCall)
      .catch(e => e)
    expect(error).toBeInstanceOf(AtlasDeadlineError)
    expect(server.seen.length).toBeLessThan(10)
    expect(Date.now() - started).toBeLessThan(3_000)
  })

  it('retries a page whose shape is wrong', async () => {
    server.script = [json(200, { results: 'nope', totalCount: 1 }), pagesOf(500, 1)]
    expect(await client().list(listCall)).toHaveLength(1)
    expect(server.seen).toHaveLength(2)
  })
})
