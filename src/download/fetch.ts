// One HTTP GET of an archive, streamed to a file. node:http/https with the agent
// @actions/http-client picks (src/atlas/transport.ts's Agents: HTTPS_PROXY, NO_PROXY and the
// CONNECT tunnel apply as for the Atlas API). Every request settles: a stall timer (no byte
// for `stallMs`), the run's deadline and the run's cancel each destroy it. Each chunk is written
// as it arrives, so memory stays bounded by the socket's buffers whatever the archive's size.
// Error messages never name the URL, its host or its path.

import { closeSync, openSync, writeSync } from 'node:fs'
import http, { type ClientRequest, type IncomingMessage } from 'node:http'
import https from 'node:https'
import type { Agents } from '../atlas/transport.js'
import { formatDuration } from '../durations.js'
import type { Answer } from './resume.js'
import { gcPacer } from './young-gc.js'

export type TransferKind = 'cut' | 'stall' | 'deadline' | 'aborted' | 'network' | 'overrun' | 'disk'

export class TransferError extends Error {
  constructor(
    readonly kind: TransferKind,
    message: string
  ) {
    super(message)
    this.name = 'TransferError'
  }
}

export interface FetchDeps {
  agents: Agents
  signal: AbortSignal
  /** Epoch ms: the run's deadline; nothing outlives it. */
  deadline: number
  now: () => number
  /** Longest wait for the next byte (headers included). */
  stallMs: number
  userAgent: string
}

/** An answer whose body has not been read yet: read it with writeTo, or close it. */
export class ArchiveRequest {
  private failure?: TransferError
  private settled = false
  private stallTimer?: NodeJS.Timeout
  private hardTimer?: NodeJS.Timeout
  private response?: IncomingMessage
  private readonly onAbort = () => this.fail(new TransferError('aborted', 'cancelled'))

  private constructor(
    private readonly req: ClientRequest,
    private readonly deps: FetchDeps
  ) {}

  static open(url: URL, offset: number, deps: FetchDeps): Promise<ArchiveRequest> {
    if (deps.signal.aborted)
      return Promise.reject(new TransferError('aborted', 'cancelled before the request'))
    const left = deps.deadline - deps.now()
    if (left <= 0) return Promise.reject(new TransferError('deadline', 'the deadline passed'))
    const isTls = url.protocol === 'https:'
    const headers: Record<string, string> = {
      'user-agent': deps.userAgent,
      'accept-encoding': 'identity',
      accept: '*/*'
    }
    if (offset > 0) headers.range = `bytes=${offset}-`
    const req = (isTls ? https : http).request({
      method: 'GET',
      host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port === '' ? (isTls ? 443 : 80) : Number(url.port),
      path: `${url.pathname}${url.search}`,
      headers,
      agent: deps.agents.agentFor(url)
    })
    const request = new ArchiveRequest(req, deps)
    request.hardTimer = setTimeout(
      () => request.fail(new TransferError('deadline', 'stopped at the deadline')),
      left
    )
    deps.signal.addEventListener('abort', request.onAbort, { once: true })
    request.armStall()
    return new Promise<ArchiveRequest>((resolve, reject) => {
      req.on('error', error => {
        request.cleanup()
        reject(request.failure ?? new TransferError('network', describe(error)))
      })
      req.on('response', res => {
        request.response = res
        request.armStall()
        res.pause()
        resolve(request)
      })
      req.end()
    })
  }

  get answer(): Answer {
    const h = this.response?.headers ?? {}
    return {
      status: this.response?.statusCode ?? 0,
      ...(typeof h['content-length'] === 'string' && { contentLength: h['content-length'] }),
      ...(typeof h['content-range'] === 'string' && { contentRange: h['content-range'] })
    }
  }

  /**
   * Writes the body to `path` (from `offset`: 0 truncates, else appends). Resolves when the
   * body ended; rejects with a TransferError when it was cut, stalled, stopped, or ran past
   * `limit` bytes. What reached the disk is the file's size, whatever the outcome.
   */
  async writeTo(
    path: string,
    offset: number,
    limit: number | undefined,
    onBytes: (n: number) => void
  ): Promise<void> {
    const res = this.response
    if (res === undefined) throw new TransferError('network', 'no answer')
    let fd: number
    try {
      fd = openSync(path, offset === 0 ? 'w' : 'a')
    } catch (error) {
      this.close()
      throw diskError(error)
    }
    let written = offset
    const pace = gcPacer()
    try {
      await new Promise<void>((resolve, reject) => {
        // Each chunk is written before the next is read: the socket is the only buffer, and a
        // synchronous write to the page cache is cheaper than a trip through the thread pool.
        res.on('data', (chunk: Buffer) => {
          written += chunk.length
          this.armStall()
          if (limit !== undefined && written > limit)
            return this.fail(new TransferError('overrun', `more bytes than the ${limit} announced`))
          try {
            writeAll(fd, chunk)
          } catch (error) {
            return this.fail(diskError(error))
          }
          onBytes(chunk.length)
          pace(chunk.length)
        })
        res.once('end', resolve)
        res.once('error', reject)
        // A cut body may close without an error on some paths: `complete` tells.
        res.once('close', () =>
          reject(
            this.failure ??
              new TransferError('cut', 'the connection closed before the whole archive arrived')
          )
        )
        res.resume()
      })
      if (!res.complete)
        throw new TransferError('cut', 'the connection closed before the whole archive arrived')
    } catch (error) {
      throw this.failure ?? asTransfer(error)
    } finally {
      closeSync(fd)
      this.cleanup()
    }
  }

  /** Abandons the answer (its body unread). */
  close(): void {
    this.cleanup()
    this.req.destroy()
  }

  private fail(error: TransferError): void {
    if (this.failure !== undefined) return
    this.failure = error
    this.cleanup()
    this.req.destroy(error)
    this.response?.destroy(error)
  }

  private armStall(): void {
    // Called per chunk: restarting the timer is cheaper than making a new one.
    if (this.settled) return
    if (this.stallTimer !== undefined) {
      this.stallTimer.refresh()
      return
    }
    this.stallTimer = setTimeout(
      () =>
        this.fail(
          new TransferError(
            'stall',
            `no data for ${formatDuration(this.deps.stallMs)}: the transfer stalled`
          )
        ),
      this.deps.stallMs
    )
  }

  private cleanup(): void {
    this.settled = true
    clearTimeout(this.stallTimer)
    clearTimeout(this.hardTimer)
    this.deps.signal.removeEventListener('abort', this.onAbort)
  }
}

function writeAll(fd: number, chunk: Buffer): void {
  for (let at = 0; at < chunk.length;) at += writeSync(fd, chunk, at)
}

function asTransfer(error: unknown): TransferError {
  if (error instanceof TransferError) return error
  const code = (error as { code?: unknown })?.code
  if (code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET')
    return new TransferError('cut', 'the connection closed before the whole archive arrived')
  return new TransferError('network', describe(error))
}

/** Opening or writing the local file failed: no retry helps. */
function diskError(error: unknown): TransferError {
  const code = (error as { code?: unknown })?.code
  const named = typeof code === 'string' && /^[A-Z0-9_]+$/.test(code) ? ` (${code})` : ''
  return new TransferError('disk', `could not write the file${named}`)
}

/** A node error without what could name the URL: its code, or a generic sentence. */
function describe(error: unknown): string {
  const code = (error as { code?: unknown })?.code
  if (typeof code === 'string' && /^[A-Z0-9_]+$/.test(code)) return `network error ${code}`
  return 'network error'
}
