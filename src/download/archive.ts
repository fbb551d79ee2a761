// One archive from first request to a verified file: the first answer is opened (and held,
// unread, until every archive's size is known and the free space checked), then attempts
// follow until the file holds exactly the announced bytes. A cut, a stall or a 5xx is resumed
// with `Range: bytes=N-`; a server that answers 200 instead is started over; five attempts in a
// row without a new byte, the deadline, or the cancel end it. Data goes to `<name>.part`,
// renamed once complete.

import { rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Log } from '../log.js'
import { ArchiveRequest, TransferError, type FetchDeps } from './fetch.js'
import { formatBytes, linkRejected, type ArchiveTarget } from './plan.js'
import { backoffMs, decide, MAX_IDLE_ATTEMPTS, type Decision } from './resume.js'

export type DownloadErrorKind =
  'gone' | 'mismatch' | 'refused' | 'space' | 'timeout' | 'aborted' | 'failed'

export class DownloadError extends Error {
  constructor(
    readonly kind: DownloadErrorKind,
    message: string
  ) {
    super(message)
    this.name = 'DownloadError'
  }
}

export interface ArchiveDeps extends FetchDeps {
  log: Log
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
}

type Pending = { request: ArchiveRequest; decision: Extract<Decision, { action: 'write' }> }

export class ArchiveDownload {
  /** The size the server first announced; undefined when it sends none. */
  announced?: number
  private have = 0
  private pending?: Pending | 'complete'
  private usedOnce = false
  private idleAttempts = 0
  private attempts = 0
  readonly partPath: string
  readonly path: string

  constructor(
    readonly target: ArchiveTarget,
    dir: string,
    private readonly deps: ArchiveDeps,
    private readonly onBytes: (n: number) => void
  ) {
    this.path = join(dir, target.fileName)
    this.partPath = `${this.path}.part`
  }

  /** Opens the first answer and learns the size; writes nothing. */
  async start(): Promise<void> {
    this.pending = await this.openUntilWritable()
  }

  /** Downloads to the end; resolves with the bytes in the finished file. */
  async finish(): Promise<number> {
    for (;;) {
      const pending = this.pending ?? (await this.openUntilWritable())
      this.pending = undefined
      if (pending === 'complete') break
      const { request, decision } = pending
      const before = this.have
      try {
        await request.writeTo(this.partPath, decision.offset, decision.total, this.onBytes)
      } catch (error) {
        if (!(error instanceof TransferError)) throw error
        await this.afterFailure(error, before)
        continue
      }
      this.have = await sizeOf(this.partPath)
      if (decision.total === undefined || this.have === decision.total) break
      await this.afterFailure(
        new TransferError('cut', 'the answer ended before the announced size'),
        before
      )
    }
    await rename(this.partPath, this.path)
    return this.have
  }

  /** Closes a held answer and removes a partial file (the run failed elsewhere). */
  async abandon(): Promise<void> {
    if (this.pending !== undefined && this.pending !== 'complete') this.pending.request.close()
    this.pending = undefined
    // Best effort: a failure here must not hide the one that ended the run.
    await rm(this.partPath, { force: true }).catch(() => {})
  }

  private async afterFailure(error: TransferError, before: number): Promise<void> {
    const { label } = this.target
    if (error.kind === 'deadline')
      throw new DownloadError('timeout', `Downloading ${label}: ${error.message}.`)
    if (error.kind === 'aborted')
      throw new DownloadError('aborted', `Downloading ${label}: the run was cancelled.`)
    if (error.kind === 'overrun' || error.kind === 'disk')
      throw new DownloadError(
        error.kind === 'overrun' ? 'mismatch' : 'failed',
        `Downloading ${label}: ${error.message}.`
      )
    this.have = await sizeOf(this.partPath)
    if (this.have > before) this.idleAttempts = 0
    const at =
      this.announced !== undefined && this.announced > 0
        ? ` at ${Math.floor((this.have / this.announced) * 100)} %`
        : ''
    this.deps.log.info(
      `${capital(label)}: ${error.message}${at} (${formatBytes(this.have)} on disk); resuming.`
    )
  }

  /** Requests until an answer with a body to write (or the file is complete). */
  private async openUntilWritable(): Promise<Pending | 'complete'> {
    const { label } = this.target
    for (;;) {
      this.attempts += 1
      if (this.idleAttempts >= MAX_IDLE_ATTEMPTS)
        throw new DownloadError(
          'failed',
          `Downloading ${label}: ${MAX_IDLE_ATTEMPTS} attempts in a row brought no new byte (${formatBytes(this.have)} of ${this.announced === undefined ? 'an unknown size' : formatBytes(this.announced)}); giving up.`
        )
      if (this.attempts > 1) {
        this.idleAttempts += 1
        await this.deps.sleep(
          Math.min(backoffMs(this.idleAttempts), Math.max(0, this.deps.deadline - this.deps.now())),
          this.deps.signal
        )
      }
      let request: ArchiveRequest
      try {
        request = await ArchiveRequest.open(this.target.url, this.have, this.deps)
      } catch (error) {
        if (!(error instanceof TransferError)) throw error
        if (error.kind === 'deadline' || error.kind === 'aborted') await this.afterFailure(error, 0)
        this.deps.log.info(`${capital(label)}: ${error.message}; trying again.`)
        continue
      }
      const decision = decide(request.answer, this.have, this.announced)
      if (decision.action !== 'write') request.close()
      switch (decision.action) {
        case 'write':
          this.usedOnce = true
          if (this.have > 0 && decision.offset === 0)
            this.deps.log.info(
              `${capital(label)}: the server does not resume (it answered the Range request with the whole archive): starting over.`
            )
          this.have = decision.offset
          this.announced ??= decision.total
          return { request, decision }
        case 'complete':
          return 'complete'
        case 'retry':
          this.deps.log.info(`${capital(label)}: ${decision.reason}; trying again.`)
          continue
        case 'restart':
          this.deps.log.info(`${capital(label)}: ${decision.reason}; starting over.`)
          this.have = 0
          await rm(this.partPath, { force: true })
          continue
        case 'fail':
          if (decision.kind === 'gone')
            throw new DownloadError(
              'gone',
              linkRejected(label, decision.status ?? 410, this.usedOnce)
            )
          throw new DownloadError(
            decision.kind,
            `Downloading ${label}: ${decision.message}.${decision.kind === 'mismatch' ? ' The download is not trustworthy: nothing was kept.' : ''}`
          )
      }
    }
  }
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size
  } catch {
    return 0
  }
}
