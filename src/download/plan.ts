// What to download and where, decided before any byte moves. Pure: file names from a job's
// URLs, which URLs may be fetched, the free-space decision, the expired-link message and when
// a progress line is due. Nothing here ever puts a URL in a message: archives are "archive 2
// of 3".

import { posix } from 'node:path'
import type { RestoreJob } from '../kinds/adapter.js'

/** One archive to fetch: which URL (by index: never printed), and the file it becomes. */
export interface ArchiveTarget {
  urlIndex: number
  url: URL
  /** `restore-<snapshotId>.tar.gz`, with the shard's name when there are several. */
  fileName: string
  /** The file name without `.tar.gz`: the folder an extraction goes to. */
  stem: string
  /** "archive 2 of 3" */
  label: string
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,150}$/
const ARCHIVE_SUFFIX = /\.(tar\.gz|tgz)$/i

export class DownloadPlanError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DownloadPlanError'
  }
}

/** "archive 2 of 3" (or "the archive" when there is one). */
export const archiveLabel = (index: number, total: number): string =>
  total === 1 ? 'the archive' : `archive ${index + 1} of ${total}`

/** Replica set names per URL from a sharded job's `components` (`{downloadUrl, replicaSetName}`). */
function componentNames(document: unknown): Map<string, string> {
  const names = new Map<string, string>()
  const components = (document as { components?: unknown } | null)?.components
  if (!Array.isArray(components)) return names
  for (const c of components as { downloadUrl?: unknown; replicaSetName?: unknown }[]) {
    if (typeof c?.downloadUrl === 'string' && typeof c.replicaSetName === 'string')
      names.set(c.downloadUrl, c.replicaSetName)
  }
  return names
}

/**
 * The archives of a ready download job. The file name is the URL's last path segment when it
 * is a plain `….tar.gz` name (Atlas: `restore-<snapshotId>.tar.gz`), else `restore-<jobId>`;
 * several archives get their shard's replica set name (or `shard-<i>`) appended.
 */
export function planArchives(job: Pick<RestoreJob, 'id' | 'deliveryUrls' | 'document'>) {
  const urls = job.deliveryUrls
  const names = componentNames(job.document)
  const used = new Set<string>()
  return urls.map((href, i): ArchiveTarget => {
    const label = archiveLabel(i, urls.length)
    const url = parseArchiveUrl(href, label)
    const last = decodeSegment(url.pathname.split('/').at(-1) ?? '')
    let stem =
      SAFE_NAME.test(last) && ARCHIVE_SUFFIX.test(last) ? last.replace(ARCHIVE_SUFFIX, '') : ''
    if (stem === '' || stem.startsWith('.')) stem = `restore-${job.id}`
    if (urls.length > 1) {
      const shard = names.get(href)
      stem = `${stem}-${shard !== undefined && SAFE_NAME.test(shard) ? shard : `shard-${i}`}`
    }
    while (used.has(stem)) stem = `${stem}-${i}`
    used.add(stem)
    return { urlIndex: i, url, fileName: `${stem}.tar.gz`, stem, label }
  })
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return ''
  }
}

/** https only; plain http only for loopback hosts (as baseUrl). The URL is never quoted. */
export function parseArchiveUrl(href: string, label: string): URL {
  let url: URL
  try {
    url = new URL(href)
  } catch {
    throw new DownloadPlanError(`The download URL of ${label} is not a URL.`)
  }
  const loopHttp = url.protocol === 'http:' && LOOPBACK.test(url.hostname)
  if (url.protocol !== 'https:' && !loopHttp)
    throw new DownloadPlanError(
      `The download URL of ${label} is not https (plain http is used only for loopback hosts): not downloaded.`
    )
  return url
}

/** A link past its expiresAt: say so before trying it. */
export function expiredProblem(expiresAt: Date | undefined, now: number): string | undefined {
  if (expiresAt === undefined || expiresAt.getTime() > now) return undefined
  return `The download links expired at ${expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z')}: ${LINK_LIFETIME}`
}

export const LINK_LIFETIME =
  'dedicated links work once and expire within an hour (flex within four hours); run again to get a new one.'

/** The message for 410 (always), and 403/404 (on a link that worked or was used before). */
export function linkRejected(label: string, status: number, usedBefore: boolean): string {
  const said = `${status}${status === 410 ? ' Gone' : status === 403 ? ' Forbidden' : ' Not Found'}`
  if (status === 410 || usedBefore)
    return `Downloading ${label}: the server answered ${said}: the link has expired or was already used: ${LINK_LIFETIME}`
  return `Downloading ${label}: the server answered ${said}: the link has expired or was already used (${LINK_LIFETIME.replace(/\.$/, '')}), or this runner's IP address is not on the project's IP access list.`
}

/** Bytes in a short human form: `512 B`, `1.5 KiB`, `23.4 MiB`, `1.02 GiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  if (unit === 0) return `${bytes} B`
  return `${value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)} ${units[unit]}`
}

/** A rate in bytes per second, e.g. `85.3 MiB/s`. */
export const formatRate = (bytes: number, ms: number): string =>
  `${formatBytes(ms > 0 ? Math.round((bytes * 1000) / ms) : 0)}/s`

/** Free space under downloadPath against what the archives announced; a message when short. */
export function spaceProblem(
  announced: (number | undefined)[],
  free: number,
  downloadPath: string,
  reserveBytes = 0
): string | undefined {
  const known = announced.filter((n): n is number => n !== undefined)
  const needed = known.reduce((a, b) => a + b, 0) + reserveBytes
  if (needed <= free) return undefined
  const what =
    known.length === announced.length
      ? `the ${announced.length === 1 ? 'archive needs' : `${announced.length} archives need`}`
      : `the archives that announced a size need`
  return `Not enough free space under downloadPath ${JSON.stringify(downloadPath)}: ${what} ${formatBytes(needed)}, ${formatBytes(free)} is free. Nothing was downloaded; free some space or choose another downloadPath.`
}

/** The folder an archive is unpacked into: beside it, named after it. */
export const extractFolder = (dir: string, target: ArchiveTarget): string =>
  posix.join(dir, target.stem)

export const PROGRESS_STEP = 0.1
export const PROGRESS_EVERY_MS = 30_000

/** A progress line is due at each further 10 % or after 30 s without one. */
export function progressDue(
  last: { fraction: number; at: number },
  fraction: number | undefined,
  now: number
): boolean {
  if (now - last.at >= PROGRESS_EVERY_MS) return true
  if (fraction === undefined) return false
  return Math.floor(fraction / PROGRESS_STEP) > Math.floor(last.fraction / PROGRESS_STEP)
}

/** "1.2 GiB of 3.0 GiB (40 %), 85 MiB/s, about 21s left" */
export function progressText(
  done: number,
  total: number | undefined,
  elapsedMs: number,
  format: (ms: number) => string
): string {
  const rate = formatRate(done, elapsedMs)
  if (total === undefined || total === 0) return `${formatBytes(done)}, ${rate}`
  const percent = Math.floor((done / total) * 100)
  const perMs = elapsedMs > 0 ? done / elapsedMs : 0
  const left = perMs > 0 && done < total ? `, about ${format((total - done) / perMs)} left` : ''
  return `${formatBytes(done)} of ${formatBytes(total)} (${percent} %), ${rate}${left}`
}
