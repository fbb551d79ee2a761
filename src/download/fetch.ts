// One HTTP GET of an archive, streamed to a file. node:http/https with the agent
// @actions/http-client picks (src/atlas/transport.ts's Agents: HTTPS_PROXY, NO_PROXY and the
// CONNECT tunnel apply as for the Atlas API). Every request settles: a stall timer (no byte
// for `stallMs`), the run's deadline and the run's cancel each destroy it. Bytes go through a
// pipeline, so memory stays bounded by the streams' buffers whatever the archive's size.
// Error messages never name the URL, its host or its path.

import { createWriteStream } from 'node:fs'
import http, { type ClientRequest, type IncomingMessage } from 'node:http'
import https from 'node:https'
import { pipeline } from 'node:stream/promises'
import type { Agents } from '../atlas/transport.js'
import { formatDuration } from '../durations.js'
import type { Answer } from './resume.js'

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

const WRITE_BUFFER = 1024 * 1024

/** An answer whose body has not been read yet: read it with writeTo, or close it. */
export class ArchiveRequest {
  private failure?: TransferError
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
   * Streams the body to `path` (from `offset`: 0 truncates, else appends). Resolves when the
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
    let written = offset
    let overrun: TransferError | undefined
    // Counting on 'data' beside the pipe: no extra stream stage in the byte path.
    res.on('data', (chunk: Buffer) => {
      written += chunk.length
      this.armStall()
      if (limit !== undefined && written > limit) {
        overrun = new TransferError('overrun', `more bytes than the ${limit} announced`)
        this.fail(overrun)
      } else onBytes(chunk.length)
    })
    const file = createWriteStream(path, {
      flags: offset === 0 ? 'w' : 'a',
      highWaterMark: WRITE_BUFFER
    })
    let ended = false
    res.once('end', () => (ended = true))
    try {
      await pipeline(res, file)
      // A cut body ends early on some paths instead of raising: the count tells.
      if (!ended || res.complete === false)
        throw new TransferError('cut', 'the connection closed before the whole archive arrived')
    } catch (error) {
      throw this.failure ?? asTransfer(error)
    } finally {
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
    clearTimeout(this.stallTimer)
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
    clearTimeout(this.stallTimer)
    clearTimeout(this.hardTimer)
    this.deps.signal.removeEventListener('abort', this.onAbort)
  }
}

function asTransfer(error: unknown): TransferError {
  if (error instanceof TransferError) return error
  const code = (error as { code?: unknown })?.code
  if (code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET')
    return new TransferError('cut', 'the connection closed before the whole archive arrived')
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EACCES' || code === 'EROFS')
    return new TransferError('disk', `could not write the file (${code})`)
  return new TransferError('network', describe(error))
}

/** A node error without what could name the URL: its code, or a generic sentence. */
function describe(error: unknown): string {
  const code = (error as { code?: unknown })?.code
  if (typeof code === 'string' && /^[A-Z0-9_]+$/.test(code)) return `network error ${code}`
  return 'network error'
}
