// The download hosts: real .tar.gz archives shaped like a mongod data directory, generated at
// start into a temporary folder (any size: the bench asks for 1 GiB), served on 127.0.0.1 at
// the download URLs the simulator hands out (`startSimulator({ downloadBaseUrl })`). GET and
// HEAD, `Range: bytes=N-` (206 with Content-Range, 416 past the end), and faults: a body cut
// after N bytes, a slow drip, a server that ignores Range, any status, a lying Content-Length,
// and one-time links (410 Gone once a link has served a body).

import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dataDirectory, writeTarGz } from './tarball.js'

export type ArchiveFault =
  /** Send this many bytes of the body, then drop the connection. */
  | { kind: 'cut'; afterBytes: number; times?: number }
  /** Send `chunkBytes` every `everyMs`. */
  | { kind: 'drip'; chunkBytes: number; everyMs: number; times?: number }
  /** Answer a Range request with 200 and the whole archive. */
  | { kind: 'ignoreRange'; times?: number }
  | { kind: 'status'; status: number; times?: number }
  /** Announce `extraBytes` more than the archive has, send the archive, drop the connection. */
  | { kind: 'lie'; extraBytes: number; times?: number }

export interface ArchiveRequestLog {
  method: string
  path: string
  range?: string
  status: number
  /** Body bytes sent. */
  bytes: number
}

export interface ArchiveServerOptions {
  /** Bytes of data in each archive (default 256 KiB). */
  sizeBytes?: number
  /** Distinct archives; URLs are given them in the order first asked for (default 3). */
  count?: number
  /** Put the data directory inside one top-level folder (default false). */
  topFolder?: boolean
  /** gzip level (default 1; 0 for large archives: random data does not compress). */
  level?: number
}

export interface ArchiveServer {
  /** 'http://127.0.0.1:<port>': the simulator's downloadBaseUrl. */
  url: string
  /** The generated archives on disk. */
  archives: { path: string; bytes: number }[]
  /** The archive a URL path was given (by its path), once asked for. */
  archiveFor(path: string): { path: string; bytes: number }
  /** Links serve one body; later requests get 410 Gone. */
  oneTime: boolean
  faults: { add(f: ArchiveFault): void; clear(): void; pending(): number }
  requests: ArchiveRequestLog[]
  close(): Promise<void>
}

export async function startArchiveServer(
  options: ArchiveServerOptions = {}
): Promise<ArchiveServer> {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-sim-archives-'))
  const size = options.sizeBytes ?? 256 * 1024
  const archives: { path: string; bytes: number }[] = []
  for (let i = 0; i < (options.count ?? 3); i++) {
    const path = join(dir, `archive-${i}.tar.gz`)
    await writeTarGz(
      path,
      dataDirectory(size, options.topFolder ? `restore-shard-${i}` : undefined),
      options.level ?? (size > 64 * 1024 * 1024 ? 0 : 1)
    )
    archives.push({ path, bytes: statSync(path).size })
  }
  const assigned = new Map<string, number>()
  const archiveFor = (path: string) => {
    if (!assigned.has(path)) assigned.set(path, assigned.size % archives.length)
    return archives[assigned.get(path)!]
  }
  const used = new Set<string>()
  const faults: (ArchiveFault & { left: number })[] = []
  const requests: ArchiveRequestLog[] = []
  const takeFault = (): ArchiveFault | undefined => {
    const fault = faults.find(f => f.left > 0)
    if (fault) fault.left -= 1
    return fault
  }

  // eslint-disable-next-line prefer-const -- the handler reads it once the server is up
  let handle: ArchiveServer | undefined
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    const range = typeof req.headers.range === 'string' ? req.headers.range : undefined
    const log: ArchiveRequestLog = { method: req.method ?? 'GET', path, status: 0, bytes: 0 }
    if (range) log.range = range
    requests.push(log)
    const answer = (status: number, headers: Record<string, string | number> = {}) => {
      log.status = status
      res.writeHead(status, headers)
    }
    if (!path.endsWith('.tar.gz') || (req.method !== 'GET' && req.method !== 'HEAD')) {
      answer(404, { 'content-type': 'text/plain' })
      return res.end('not found')
    }
    if (handle?.oneTime === true && used.has(path)) {
      answer(410, { 'content-type': 'text/plain' })
      return res.end('gone')
    }
    const fault = req.method === 'GET' ? takeFault() : undefined
    if (fault?.kind === 'status') {
      answer(fault.status, { 'content-type': 'text/plain' })
      return res.end(`fault ${fault.status}`)
    }
    const archive = archiveFor(path)
    const total = archive.bytes
    const match = range === undefined ? null : /^bytes=(\d+)-(\d*)$/.exec(range)
    const partial = match !== null && fault?.kind !== 'ignoreRange'
    const start = partial ? Number(match[1]) : 0
    const end = partial && match[2] !== '' ? Math.min(Number(match[2]), total - 1) : total - 1
    if (partial && start >= total) {
      answer(416, { 'content-range': `bytes */${total}` })
      return res.end()
    }
    const length = end - start + 1
    const declared = fault?.kind === 'lie' ? length + fault.extraBytes : length
    answer(partial ? 206 : 200, {
      'content-type': 'application/gzip',
      'accept-ranges': 'bytes',
      'content-length': declared,
      ...(partial && { 'content-range': `bytes ${start}-${end}/${total}` })
    })
    if (req.method === 'HEAD') return res.end()
    used.add(path)
    send(res, archive.path, start, end, fault, log)
  })

  const sockets = new Set<Socket>()
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done))
  handle = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    archives,
    archiveFor,
    oneTime: false,
    faults: {
      add: f => faults.push({ ...f, left: f.times ?? 1 }),
      clear: () => faults.splice(0),
      pending: () => faults.filter(f => f.left > 0).length
    },
    requests,
    close: () =>
      new Promise<void>(done => {
        for (const socket of sockets) socket.destroy()
        server.close(() => {
          rmSync(dir, { recursive: true, force: true })
          done()
        })
      })
  }
  return handle
}

/** Streams bytes start..end of a file, as the fault says: whole, cut, dripped, or short. */
function send(
  res: ServerResponse,
  file: string,
  start: number,
  end: number,
  fault: ArchiveFault | undefined,
  log: ArchiveRequestLog
): void {
  const drop = () => res.socket?.destroy()
  if (fault?.kind === 'drip') {
    let at = start
    const timer = setInterval(() => {
      if (res.destroyed) return clearInterval(timer)
      const to = Math.min(end, at + fault.chunkBytes - 1)
      const stream = createReadStream(file, { start: at, end: to })
      const chunks: Buffer[] = []
      stream.on('data', c => chunks.push(c as Buffer))
      stream.on('end', () => {
        const chunk = Buffer.concat(chunks)
        log.bytes += chunk.length
        res.write(chunk)
        at = to + 1
        if (at > end) {
          clearInterval(timer)
          res.end()
        }
      })
    }, fault.everyMs)
    res.on('close', () => clearInterval(timer))
    return
  }
  const last = fault?.kind === 'cut' ? Math.min(end, start + fault.afterBytes - 1) : end
  const stream = createReadStream(file, { start, end: last })
  stream.on('data', c => (log.bytes += c.length))
  stream.pipe(res, { end: false })
  stream.on('end', () => {
    if (fault?.kind === 'cut' || fault?.kind === 'lie') {
      // Let what was written reach the client, then drop the connection.
      res.socket?.once('drain', drop)
      setTimeout(drop, 50)
    } else res.end()
  })
  res.on('close', () => stream.destroy())
}
