// Real .tar.gz archives for the archive server and the tests: a minimal ustar writer (so tests
// can also craft hostile entries node-tar's own packer would refuse to write) and the shape of
// a mongod data directory (WiredTiger files, collections and indexes, journal/,
// diagnostic.data/), sized to order. Streamed to disk: a 1 GiB archive never sits in memory.

import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGzip } from 'node:zlib'

export interface TarItem {
  path: string
  type?: 'file' | 'dir' | 'symlink' | 'hardlink' | 'fifo'
  linkpath?: string
  /** Content: given, or `size` random bytes. */
  data?: Buffer
  size?: number
  mode?: number
}

const TYPE_FLAG = { file: '0', hardlink: '1', symlink: '2', dir: '5', fifo: '6' } as const
const BLOCK = 512
const CHUNK = 1024 * 1024

function field(buffer: Buffer, offset: number, length: number, value: string): void {
  buffer.write(value.slice(0, length), offset, length, 'utf8')
}
const octal = (value: number, length: number) => `${value.toString(8).padStart(length - 1, '0')}\0`

/** A ustar header block (paths up to 100 bytes, or 255 split at a slash into prefix/name). */
export function tarHeader(item: TarItem, size: number): Buffer {
  const header = Buffer.alloc(BLOCK)
  let name = item.path
  let prefix = ''
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 155)
    prefix = name.slice(0, cut)
    name = name.slice(cut + 1)
  }
  const type = item.type ?? 'file'
  field(header, 0, 100, name)
  field(header, 100, 8, octal(item.mode ?? (type === 'dir' ? 0o755 : 0o644), 8))
  field(header, 108, 8, octal(0, 8))
  field(header, 116, 8, octal(0, 8))
  field(header, 124, 12, octal(size, 12))
  field(header, 136, 12, octal(Math.floor(Date.now() / 1000), 12))
  field(header, 148, 8, '        ')
  field(header, 156, 1, TYPE_FLAG[type])
  field(header, 157, 100, item.linkpath ?? '')
  field(header, 257, 6, 'ustar\0')
  field(header, 263, 2, '00')
  field(header, 265, 32, 'mongod')
  field(header, 297, 32, 'mongod')
  field(header, 345, 155, prefix)
  let sum = 0
  for (const byte of header) sum += byte
  field(header, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `)
  return header
}

/** The tar stream of the items, block by block. */
export async function* tarStream(items: TarItem[]): AsyncGenerator<Buffer> {
  for (const item of items) {
    const type = item.type ?? 'file'
    const size = type === 'file' ? (item.data?.length ?? item.size ?? 0) : 0
    yield tarHeader(item, size)
    if (item.data !== undefined && type === 'file') yield item.data
    else for (let left = size; left > 0; left -= CHUNK) yield randomBytes(Math.min(CHUNK, left))
    if (size % BLOCK !== 0) yield Buffer.alloc(BLOCK - (size % BLOCK))
  }
  yield Buffer.alloc(2 * BLOCK)
}

/** Writes the items as a .tar.gz file (level 0 stores: fast for random content). */
export async function writeTarGz(path: string, items: TarItem[], level = 1): Promise<void> {
  await pipeline(Readable.from(tarStream(items)), createGzip({ level }), createWriteStream(path))
}

/** The same archive in memory (small crafted archives for tests). */
export async function tarGzBuffer(items: TarItem[]): Promise<Buffer> {
  const chunks: Buffer[] = []
  await pipeline(Readable.from(tarStream(items)), createGzip(), async source => {
    for await (const chunk of source) chunks.push(chunk as Buffer)
  })
  return Buffer.concat(chunks)
}

/** Files of a small mongod data directory, holding about `bytes` bytes. */
export function dataDirectory(bytes: number, topFolder?: string): TarItem[] {
  const at = (p: string) => (topFolder === undefined ? p : `${topFolder}/${p}`)
  const text = (s: string) => Buffer.from(s)
  const bulk = Math.max(0, bytes - 64 * 1024)
  const items: TarItem[] = [
    { path: at('WiredTiger'), data: text('WiredTiger\nWiredTiger 11.3.0: (January 1, 2025)\n') },
    { path: at('WiredTiger.lock'), data: text('WiredTiger lock file\n') },
    { path: at('WiredTiger.turtle'), data: text('WiredTiger version string\nWiredTiger 11.3.0\n') },
    { path: at('WiredTiger.wt'), size: 16 * 1024 },
    { path: at('WiredTigerHS.wt'), size: 4096 },
    { path: at('_mdb_catalog.wt'), size: 16 * 1024 },
    { path: at('sizeStorer.wt'), size: 8192 },
    { path: at('storage.bson'), size: 114 },
    { path: at('mongod.lock'), data: Buffer.alloc(0) },
    { path: at('collection-0-4170152939212937290.wt'), size: Math.floor(bulk * 0.75) },
    { path: at('index-1-4170152939212937290.wt'), size: bulk - Math.floor(bulk * 0.75) },
    { path: at('journal'), type: 'dir' },
    { path: at('journal/WiredTigerLog.0000000001'), size: 8192 },
    { path: at('diagnostic.data'), type: 'dir' },
    { path: at('diagnostic.data/metrics.2026-11-20T03-00-00Z-00000'), size: 4096 }
  ]
  return topFolder === undefined ? items : [{ path: topFolder, type: 'dir' }, ...items]
}
