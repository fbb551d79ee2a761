// What the pipeline is given from outside (main.ts passes @actions/core and the real clock;
// in-process tests pass recorders and a fake clock), and how it ends when it cannot succeed.

import type { AtlasClient } from '../atlas/client.js'
import type { Log } from '../log.js'
import type { RunResult } from '../report/record.js'
import type { Clock } from '../wait/clock.js'

export interface RestoreContext {
  client: AtlasClient
  log: Log
  clock: Clock
  /** Registers a value with the runner so logs show it as ***. */
  setSecret: (secret: string) => void
  /** Runs a phase inside a collapsible log group. */
  group: <T>(name: string, work: () => Promise<T>) => Promise<T>
  /** Aborts when the workflow run is cancelled. */
  signal: AbortSignal
}

/** The run ended without the restore the user asked for; the message says why. */
export class RestoreFailure extends Error {
  constructor(
    message: string,
    readonly result: Extract<RunResult, 'failed' | 'timedOut' | 'aborted'> = 'failed'
  ) {
    super(message)
    this.name = 'RestoreFailure'
  }
}

/** A label at the start of a sentence ("restore job" → "Restore job"). */
export const capitalized = (label: string): string => label.charAt(0).toUpperCase() + label.slice(1)
