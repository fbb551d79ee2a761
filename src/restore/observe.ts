// What the run says while it watches a job: status changes as they happen, a progress line now
// and then (every tenth check without a change, or five minutes without a line), and the
// download URLs masked the moment they are seen.

import { formatDuration } from '../durations.js'
import type { RestoreJob } from '../kinds/adapter.js'
import type { Log } from '../log.js'
import { quote } from '../atlas/redact.js'

const QUIET_CHECKS = 10
const QUIET_MS = 5 * 60_000

export class JobObserver {
  private last?: RestoreJob
  private quietChecks = 0
  private lastLineAt: number
  private readonly seenUrls = new Set<string>()

  constructor(
    private readonly deps: {
      log: Log
      now: () => number
      setSecret: (secret: string) => void
      maskDeliveryUrls: boolean
      /** How the log names the job (the restore API in use may change once: see findJob). */
      jobLabel: () => string
      onJob: (job: RestoreJob) => void
    }
  ) {
    this.lastLineAt = deps.now()
  }

  get job(): RestoreJob | undefined {
    return this.last
  }

  /** Every job document read goes through here, the first one included. */
  see(job: RestoreJob, elapsedMs: number): void {
    this.mask(job)
    const previous = this.last?.status
    this.last = job
    this.deps.onJob(job)
    if (previous !== undefined && previous !== job.status) {
      this.line(
        `[+${formatDuration(elapsedMs)}] ${this.deps.jobLabel()} ${quote(job.id)}: ${previous} → ${job.status}`
      )
    } else {
      this.quietChecks += 1
    }
  }

  /** Before each pause: a progress line when the log has been quiet for long. */
  pausing(pauseMs: number, elapsedMs: number, what = this.last?.status ?? 'unknown'): void {
    if (this.quietChecks < QUIET_CHECKS && this.deps.now() - this.lastLineAt < QUIET_MS) return
    this.line(
      `[+${formatDuration(elapsedMs)}] still ${what}; next check in ${formatDuration(pauseMs)}`
    )
  }

  /** Download URLs and private URLs are secrets: registered before anything could print them. */
  private mask(job: RestoreJob): void {
    const urls = [...job.deliveryUrls, ...job.privateDeliveryUrls.map(p => p.deliveryUrl)]
    for (const url of urls) {
      if (this.seenUrls.has(url)) continue
      this.seenUrls.add(url)
      // Private endpoint URLs are masked whatever maskDeliveryUrls says: they name private hosts.
      if (this.deps.maskDeliveryUrls || !job.deliveryUrls.includes(url)) this.deps.setSecret(url)
    }
  }

  private line(text: string): void {
    this.deps.log.info(text)
    this.quietChecks = 0
    this.lastLineAt = this.deps.now()
  }
}
