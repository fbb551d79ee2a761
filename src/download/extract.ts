// `extract: true`: each downloaded .tar.gz unpacked, streaming, with node-tar into a folder
// named after it, ready for `mongod --dbpath`. Every entry is checked before node-tar sees it:
// absolute paths, `..`, links whose target leaves the folder, and device or FIFO entries are
// refused, and one refused entry fails the extraction (the folder is removed: an archive from
// Atlas never holds such entries). node-tar's own guards (no writing through symlinks, no
// ownership from the archive) stay on as a second line.

import { mkdir, open, readdir, rm } from 'node:fs/promises'
import { join, posix } from 'node:path'
import { extract as untar } from 'tar/extract'
import { DownloadError } from './archive.js'
import { formatBytes } from './plan.js'

export interface TarEntry {
  path: string
  type: string
  linkpath?: string
}

const REGULAR = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory'])
const LINKS = new Set(['SymbolicLink', 'Link'])

const isAbsolute = (p: string) => p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:/.test(p)
const escapes = (p: string) => {
  const normal = posix.normalize(p.replace(/\\/g, '/'))
  return normal === '..' || normal.startsWith('../')
}

/** Why an entry may not be unpacked, or undefined when it stays inside the folder. Pure. */
export function entryProblem(entry: TarEntry): string | undefined {
  const path = entry.path
  if (path.includes('\0')) return 'a path with a NUL character'
  if (isAbsolute(path)) return 'an absolute path'
  if (path.replace(/\\/g, '/').split('/').includes('..')) return 'a path with ".."'
  if (REGULAR.has(entry.type)) return undefined
  if (!LINKS.has(entry.type)) return `a ${entry.type} entry (only files, folders and links)`
  const target = entry.linkpath ?? ''
  if (target === '' || isAbsolute(target))
    return `a ${entry.type === 'Link' ? 'hard link' : 'symbolic link'} to an absolute path`
  // A hard link names an archive path; a symbolic link is relative to its own folder.
  const resolved = entry.type === 'Link' ? target : posix.join(posix.dirname(path), target)
  if (escapes(resolved))
    return `a ${entry.type === 'Link' ? 'hard link' : 'symbolic link'} that points outside the folder`
  return undefined
}

/** The uncompressed size modulo 2^32 from a gzip trailer: a lower bound of what unpacks. */
export async function gzipSizeHint(path: string): Promise<number | undefined> {
  const handle = await open(path, 'r')
  try {
    const { size } = await handle.stat()
    if (size < 18) return undefined
    const buffer = Buffer.alloc(4)
    await handle.read(buffer, 0, 4, size - 4)
    return buffer.readUInt32LE(0)
  } finally {
    await handle.close()
  }
}

/**
 * Unpacks `archive` into `folder` (created; refused when it exists and is not empty) and
 * resolves with the data directory: the folder, or its only subfolder when the archive holds
 * one top-level folder.
 */
export async function extractArchive(
  archive: string,
  folder: string,
  label: string,
  freeBytes: () => Promise<number>
): Promise<string> {
  const existing = await readdir(folder).catch(() => undefined)
  if (existing !== undefined && existing.length > 0)
    throw new DownloadError(
      'failed',
      `Extracting ${label}: the folder ${JSON.stringify(folder)} exists and is not empty; remove it or choose another downloadPath.`
    )
  const hint = await gzipSizeHint(archive)
  const free = await freeBytes()
  if (hint !== undefined && hint > free)
    throw new DownloadError(
      'space',
      `Extracting ${label}: it unpacks to at least ${formatBytes(hint)}, ${formatBytes(free)} is free under downloadPath.`
    )
  await mkdir(folder, { recursive: true })
  const refused: string[] = []
  try {
    await untar({
      file: archive,
      cwd: folder,
      strict: true,
      preserveOwner: false,
      // Preallocated journal files compress far beyond node-tar's 1000:1 default.
      maxDecompressionRatio: Infinity,
      filter: (path, entry) => {
        const problem = entryProblem({
          path,
          type: (entry as { type?: string }).type ?? 'File',
          linkpath: (entry as { linkpath?: string }).linkpath
        })
        if (problem !== undefined && refused.length < 5)
          refused.push(`${JSON.stringify(path.slice(0, 200))} (${problem})`)
        return problem === undefined
      }
    })
  } catch (error) {
    await rm(folder, { recursive: true, force: true })
    const reason = error instanceof Error ? error.message.split('\n')[0].slice(0, 300) : ''
    throw new DownloadError(
      'failed',
      `Extracting ${label}: the archive is not a valid .tar.gz (${reason}); the downloaded file is kept.`
    )
  }
  if (refused.length > 0) {
    await rm(folder, { recursive: true, force: true })
    throw new DownloadError(
      'refused',
      `Extracting ${label}: refused entries that would escape the folder: ${refused.join(', ')}. Nothing was extracted; the downloaded file is kept.`
    )
  }
  const top = await readdir(folder, { withFileTypes: true })
  return top.length === 1 && top[0].isDirectory() ? join(folder, top[0].name) : folder
}
