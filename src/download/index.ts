// `downloadPath`: every archive of a ready download job, fetched at once (Atlas's links are
// short-lived and, for dedicated clusters, work once), into the folder. The first answers are
// opened together and held unread until the free space has been compared with their sizes, so
// too little space fails before any byte is written. One progress line at most every 10 % or
// 30 s. With `extract`, each archive is then unpacked beside it.

import { mkdir, statfs } from 'node:fs/promises'
import { resolve } from 'node:path'
import { Agents } from '../atlas/transport.js'
import { formatDuration } from '../durations.js'
import type { RestoreJob } from '../kinds/adapter.js'
import type { Log } from '../log.js'
import { ArchiveDownload, DownloadError } from './archive.js'
import { extractArchive } from './extract.js'
import {
  expiredProblem,
  extractFolder,
  formatBytes,
  formatRate,
  planArchives,
  progressDue,
  progressText,
  spaceProblem
} from './plan.js'

export { DownloadError } from './archive.js'

export interface DownloadedFile {
  path: string
  bytes: number
  urlIndex: number
  extractedTo?: string
}

export interface DownloadOptions {
  job: Pick<RestoreJob, 'id' | 'deliveryUrls' | 'document' | 'expiresAt'>
  dir: string
  extract: boolean
  deadline: number
  signal: AbortSignal
  now: () => number
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  log: Log
  userAgent: string
  /** Each finished file, as soon as it is there (the record shows partial work on failure). */
  onFile?: (file: DownloadedFile) => void
  /** Free bytes under a path (default: fs.statfs, bavail × bsize). */
  freeBytes?: (path: string) => Promise<number>
  /** Longest wait for the next byte (default 60 s). */
  stallMs?: number
  agents?: Agents
}

export interface DownloadResult {
  files: DownloadedFile[]
  bytes: number
  ms: number
}

const STALL_MS = 60_000

export async function freeBytesOf(path: string): Promise<number> {
  const s = await statfs(path)
  return Number(s.bavail) * Number(s.bsize)
}

export async function downloadArchives(options: DownloadOptions): Promise<DownloadResult> {
  const { log, now } = options
  const expired = expiredProblem(options.job.expiresAt, now())
  if (expired !== undefined) throw new DownloadError('gone', expired)
  const targets = planArchives(options.job)
  if (targets.length === 0) throw new DownloadError('failed', 'The job has no download URL.')
  const dir = resolve(options.dir)
  await mkdir(dir, { recursive: true })
  const freeBytes = options.freeBytes ?? freeBytesOf
  const agents = options.agents ?? new Agents()
  // One failing archive stops the others.
  const stop = new AbortController()
  const onAbort = () => stop.abort()
  options.signal.addEventListener('abort', onAbort, { once: true })
  const startedAt = now()
  let done = 0
  let last = { fraction: 0, at: startedAt }
  const deps = {
    agents,
    signal: stop.signal,
    deadline: options.deadline,
    now,
    stallMs: options.stallMs ?? STALL_MS,
    userAgent: options.userAgent,
    log,
    sleep: options.sleep
  }
  const archives = targets.map(t => new ArchiveDownload(t, dir, deps, n => progress(n)))
  const total = () => {
    const sizes = archives.map(a => a.announced)
    return sizes.every(s => s !== undefined) ? sizes.reduce((a, b) => a + b, 0) : undefined
  }
  const progress = (n: number) => {
    done += n
    const all = total()
    const fraction = all === undefined || all === 0 ? undefined : done / all
    const at = now()
    if (!progressDue(last, fraction, at)) return
    last = { fraction: fraction ?? last.fraction, at }
    log.info(`Downloading: ${progressText(done, all, at - startedAt, formatDuration)}`)
  }

  const files: DownloadedFile[] = []
  try {
    await all(
      archives.map(a => a.start()),
      stop
    )
    const problem = spaceProblem(
      archives.map(a => a.announced),
      await freeBytes(dir),
      options.dir
    )
    if (problem !== undefined) throw new DownloadError('space', problem)
    const all0 = total()
    log.info(
      `Downloading ${targets.length === 1 ? 'the archive' : `${targets.length} archives`}${all0 === undefined ? '' : ` (${formatBytes(all0)})`} into ${dir}.`
    )
    const sizes = await all(
      archives.map(async a => {
        const bytes = await a.finish()
        const file = { path: a.path, bytes, urlIndex: a.target.urlIndex }
        files.push(file)
        options.onFile?.(file)
        log.info(`Downloaded ${a.target.label}: ${a.target.fileName}, ${formatBytes(bytes)}.`)
        return bytes
      }),
      stop
    )
    const ms = now() - startedAt
    const bytes = sizes.reduce((a, b) => a + b, 0)
    log.info(
      `Downloaded ${formatBytes(bytes)} in ${formatDuration(ms)} (${formatRate(bytes, ms)}).`
    )
    files.sort((a, b) => a.urlIndex - b.urlIndex)
    if (options.extract) {
      for (const file of files) {
        const target = targets[file.urlIndex]
        const folder = extractFolder(dir, target)
        file.extractedTo = await extractArchive(file.path, folder, target.label, () =>
          freeBytes(dir)
        )
        options.onFile?.(file)
        log.info(`Extracted ${target.label} into ${file.extractedTo}.`)
      }
    }
    return { files, bytes, ms }
  } catch (error) {
    stop.abort()
    await Promise.all(archives.map(a => a.abandon()))
    throw error
  } finally {
    options.signal.removeEventListener('abort', onAbort)
    if (options.agents === undefined) agents.dispose()
  }
}

/** Promise.all that stops the rest at the first failure, lets all settle, throws the cause. */
async function all<T>(work: Promise<T>[], stop: AbortController): Promise<T[]> {
  const settled = await Promise.allSettled(
    work.map(p =>
      p.catch((error: unknown) => {
        stop.abort()
        throw error
      })
    )
  )
  const failures = settled
    .filter((s): s is PromiseRejectedResult => s.status === 'rejected')
    .map(s => s.reason as unknown)
  if (failures.length === 0) return settled.map(s => (s as PromiseFulfilledResult<T>).value)
  // An archive stopped because another failed says "cancelled": report the cause instead.
  throw failures.find(f => !(f instanceof DownloadError && f.kind === 'aborted')) ?? failures[0]
}
