// Reading a paged list to its end without trusting the server to say where the end is. The list
// ends at `totalCount`, at an empty page, or (without totalCount) at a page shorter than asked.
// It is cut short, with an AtlasBadAnswerError, at a page already seen (a server that ignores
// pageNum), at more pages than totalCount and the page size actually returned allow, or past
// a hard cap on items: a truncated list could make the caller pick an older snapshot, so a list
// that had to stop early is an error, never a shorter answer. The deadline ends it too.

import { createHash } from 'node:crypto'
import { AtlasBadAnswerError, AtlasDeadlineError } from './errors.js'
import type { HttpMethod } from './operations.js'

export interface Page {
  results: unknown[]
  totalCount?: number
}

export interface PagingLimits {
  /** itemsPerPage asked for (the spec allows up to 500; a server may return fewer). */
  pageSize: number
  /** Items kept at most: memory stays bounded whatever the server says. */
  maxItems: number
  now: () => number
  deadline: number
}

export const DEFAULT_PAGE_SIZE = 500
export const DEFAULT_MAX_LIST_ITEMS = 50_000

/** The page-shape check handed to send(): results an array, totalCount a count when present. */
export function pageProblem(body: unknown): string | undefined {
  const page = body as { results?: unknown; totalCount?: unknown }
  if (!Array.isArray(page.results)) return 'a page without a results array'
  const total = page.totalCount
  if (
    total !== undefined &&
    (typeof total !== 'number' || !Number.isSafeInteger(total) || total < 0)
  )
    return 'a page whose totalCount is not a count'
  return undefined
}

export async function readPages(
  fetchPage: (pageNum: number, itemsPerPage: number) => Promise<Page>,
  method: HttpMethod,
  path: string,
  limits: PagingLimits
): Promise<unknown[]> {
  const items: unknown[] = []
  const seen = new Map<string, number>()
  let largest = 0
  const bad = (why: string) =>
    new AtlasBadAnswerError(method, path, `the list cannot be read to its end: ${why}`)
  for (let pageNum = 1; ; pageNum++) {
    if (limits.now() >= limits.deadline) {
      throw new AtlasDeadlineError(method, path, false)
    }
    const { results, totalCount: total } = await fetchPage(pageNum, limits.pageSize)
    if (results.length === 0) return items
    const print = createHash('sha256').update(JSON.stringify(results)).digest('base64')
    const earlier = seen.get(print)
    if (earlier !== undefined) {
      throw bad(
        `page ${pageNum} repeats page ${earlier} (totalCount ${total ?? 'missing'}, ${items.length} items read)`
      )
    }
    seen.set(print, pageNum)
    if (items.length + results.length > limits.maxItems) {
      throw bad(`it has more than ${limits.maxItems} items (totalCount ${total ?? 'missing'})`)
    }
    items.push(...results)
    largest = Math.max(largest, results.length)
    if (total === undefined) {
      if (results.length < limits.pageSize) return items
      continue
    }
    if (items.length >= total) return items
    // One page more than totalCount needs at the page size the server actually uses, for items
    // added while the list was read; past that the server is not telling the truth.
    const bound = Math.ceil(total / largest) + 1
    if (pageNum >= bound) {
      throw bad(
        `${pageNum} pages of up to ${largest} items gave ${items.length} of totalCount ${total}`
      )
    }
  }
}
