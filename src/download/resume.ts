// What to do with an archive server's answer, given what is on disk already. Pure. A 206 is
// used only when its Content-Range starts where the file ends and names the size first
// announced; a 200 starts the file over; a 416 that names the announced size means the file is
// complete; anything that contradicts the first announced size is a lying server, not a retry.

export type Decision =
  /** Write the body from `offset` (0 = truncate); `total` is the whole archive's size. */
  | { action: 'write'; offset: number; total?: number }
  /** The file already holds the whole archive. */
  | { action: 'complete' }
  /** Ask again (the same Range), after a pause. */
  | { action: 'retry'; reason: string }
  /** Ask again from byte 0 (no Range). */
  | { action: 'restart'; reason: string }
  | { action: 'fail'; kind: 'gone' | 'mismatch' | 'refused'; status?: number; message: string }

export interface Answer {
  status: number
  contentLength?: string
  contentRange?: string
}

const RANGE = /^bytes (\d+)-(\d+)\/(\d+|\*)$/
const UNSATISFIED = /^bytes \*\/(\d+)$/

export function parseLength(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,16}$/.test(value.trim())) return undefined
  return Number(value.trim())
}

/**
 * `have`: bytes already on disk; `announced`: the size first announced (Content-Length of the
 * first full answer, or the total of the first Content-Range), if any.
 */
export function decide(answer: Answer, have: number, announced: number | undefined): Decision {
  const { status } = answer
  const length = parseLength(answer.contentLength)
  const changed = (size: number) => ({
    action: 'fail' as const,
    kind: 'mismatch' as const,
    message: `the server first announced ${announced} bytes, now ${size}: the archive changed or the server misreports its size`
  })

  if (status === 200) {
    if (announced !== undefined && length !== undefined && length !== announced)
      return changed(length)
    return { action: 'write', offset: 0, total: length ?? announced }
  }
  if (status === 206) {
    const range = RANGE.exec(answer.contentRange?.trim() ?? '')
    if (range === null)
      return { action: 'restart', reason: 'a partial answer without a valid Content-Range' }
    const [start, end] = [Number(range[1]), Number(range[2])]
    const total = range[3] === '*' ? undefined : Number(range[3])
    if (total !== undefined && announced !== undefined && total !== announced) return changed(total)
    if (start !== have)
      return { action: 'restart', reason: `the server resumed at byte ${start}, not ${have}` }
    if (length !== undefined && length !== end - start + 1)
      return { action: 'restart', reason: 'a Content-Range that disagrees with Content-Length' }
    if (total !== undefined && end !== total - 1)
      return { action: 'restart', reason: 'a partial answer that stops before the end' }
    return { action: 'write', offset: have, total: total ?? announced }
  }
  if (status === 416) {
    const range = UNSATISFIED.exec(answer.contentRange?.trim() ?? '')
    const total = range === null ? undefined : Number(range[1])
    if (total !== undefined && announced !== undefined && total !== announced) return changed(total)
    if (total !== undefined && total === have) return { action: 'complete' }
    return { action: 'restart', reason: 'the server refused the range' }
  }
  if (status === 410 || status === 403 || status === 404)
    return { action: 'fail', kind: 'gone', status, message: `${status}` }
  if (status === 408 || status === 429 || status >= 500)
    return { action: 'retry', reason: `the server answered ${status}` }
  return {
    action: 'fail',
    kind: 'refused',
    status,
    message: `the server answered ${status}`
  }
}

/** How long to wait before attempt `n` (1-based; the first retry is n = 1). */
export const backoffMs = (n: number): number => Math.min(15_000, 1000 * 2 ** (n - 1))

/** Attempts in a row that added no byte before the archive is given up. */
export const MAX_IDLE_ATTEMPTS = 5
