// Wiring: read inputs through @actions/core, build the Atlas client, run the pipeline, and
// whatever happens, set the outputs, the job summary and the evidence file. The single failure
// path is here.

import * as core from '@actions/core'
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import {
  AtlasAbortedError,
  AtlasApiError,
  AtlasDeadlineError,
  AtlasNetworkError
} from './atlas/errors.js'
import { createAuth } from './atlas/auth/index.js'
import { AtlasClient } from './atlas/client.js'
import { CREDENTIAL_ENV, INPUT_NAMES, SECRET_INPUTS, type RawInputs } from './inputs/contract.js'
import { InputError } from './inputs/problems.js'
import { parseInputs } from './inputs/settings.js'
import { buildEvidence } from './report/evidence.js'
import { buildOutputs } from './report/outputs.js'
import { newRecord, type RunRecord } from './report/record.js'
import { renderSummary, resultLine } from './report/summary.js'
import { RestoreFailure } from './restore/context.js'
import { RestoreRun } from './restore/run.js'
import { VERSION } from './version.js'
import { systemClock } from './wait/clock.js'

const USER_AGENT = `atlas-restore-action/${VERSION} (node ${process.version})`

export async function run(): Promise<void> {
  const record: RunRecord = newRecord(new Date())
  const abort = new AbortController()
  let signals = 0
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1
    if (signals > 1) {
      // The runner's second signal: the kill follows in seconds. Leave with what is known.
      record.result = 'aborted'
      record.failure ??= `Received ${signal} again: stopped at once.`
      finish(record, true)
      // The step fails with an annotation, as on every other way out.
      core.setFailed(record.failure)
      process.exit(1)
      return
    }
    core.warning(`Received ${signal}: stopping.`)
    abort.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)

  let client: AtlasClient | undefined
  try {
    const raw = readInputs()
    record.reportPath = raw.reportPath?.trim() || undefined
    const settings = parseInputs(raw, process.env)
    record.baseUrl = settings.baseUrl
    record.dryRun = settings.dryRun
    const auth = createAuth(settings.credentials, {
      baseUrl: settings.baseUrl,
      userAgent: USER_AGENT,
      onSecret: core.setSecret,
      debug: core.debug
    })
    client = new AtlasClient({
      baseUrl: settings.baseUrl,
      auth,
      userAgent: USER_AGENT,
      sleep: ms => systemClock.sleep(ms, abort.signal),
      now: systemClock.now,
      debug: core.debug,
      signal: abort.signal,
      deadline: record.startedAt.getTime() + settings.timeoutMs
    })
    record.result = await new RestoreRun(settings, record, {
      client,
      log: core,
      clock: systemClock,
      setSecret: core.setSecret,
      group: core.group,
      signal: abort.signal
    }).execute()
  } catch (error) {
    record.result =
      error instanceof RestoreFailure
        ? error.result
        : error instanceof AtlasDeadlineError
          ? 'timedOut'
          : error instanceof AtlasAbortedError
            ? 'aborted'
            : 'failed'
    if (error instanceof InputError) record.problems = error.problems
    record.failure = error instanceof Error ? error.message : String(error)
    if (!isExpected(error) && error instanceof Error && error.stack) core.debug(error.stack)
    // After a second signal the handler has already reported and written everything.
    if (signals <= 1) core.setFailed(record.failure)
  } finally {
    if (client) {
      record.apiCalls = client.stats.requests
      // Atlas allows 100 live tokens per service account: give this run's back.
      await client.revokeCredentials()
      client.dispose()
    }
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    if (signals <= 1) await finishAsync(record)
  }
}

/** Errors a user acts on; anything else is a bug, whose stack goes to the debug log. */
function isExpected(error: unknown): boolean {
  return (
    error instanceof InputError ||
    error instanceof RestoreFailure ||
    error instanceof AtlasApiError ||
    error instanceof AtlasNetworkError ||
    error instanceof AtlasAbortedError
  )
}

/**
 * Reads every input. Secrets (and their environment fallbacks) are registered with the runner
 * before anything else happens, so no later line can print them.
 */
function readInputs(): RawInputs {
  const raw: RawInputs = {}
  for (const name of INPUT_NAMES) raw[name] = core.getInput(name, { trimWhitespace: false })
  for (const name of SECRET_INPUTS) maskLines(raw[name])
  maskLines(process.env[CREDENTIAL_ENV.privateKey])
  maskLines(process.env[CREDENTIAL_ENV.clientSecret])
  return raw
}

/** Masks a value, and each of its lines: the runner masks line by line. */
function maskLines(value: string | undefined): void {
  if (value === undefined || value.trim() === '') return
  const lines = value
    .trim()
    .split(/\r?\n|\r/)
    .map(line => line.trim())
  for (const secret of new Set([value.trim(), ...lines])) if (secret !== '') core.setSecret(secret)
}

const ID_OUTPUTS = new Set(['restoreJobId', 'snapshotId'])
const OBJECT_ID = /^[a-f0-9]{24}$/

/** Outputs, the evidence file and (sync, for a forced exit) the summary. */
function finish(record: RunRecord, summaryToo: boolean): void {
  record.endedAt ??= new Date()
  for (const [name, value] of Object.entries(buildOutputs(record))) {
    // An ID Atlas sent that is not one (24 hex) is text from a server: never an output.
    if (ID_OUTPUTS.has(name) && value !== '' && !OBJECT_ID.test(value)) continue
    core.setOutput(name, value)
  }
  const path = record.reportPath
  if (path) {
    try {
      mkdirSync(dirname(path), { recursive: true })
      writeFileSync(path, `${JSON.stringify(buildEvidence(record, process.env), null, 2)}\n`)
    } catch (error) {
      core.warning(`Could not write the evidence file reportPath: ${(error as Error).message}`)
    }
  }
  if (summaryToo && process.env.GITHUB_STEP_SUMMARY) {
    try {
      appendFileSync(process.env.GITHUB_STEP_SUMMARY, renderSummary(record))
    } catch {
      // Leaving in a hurry: the outputs are written.
    }
  }
}

async function finishAsync(record: RunRecord): Promise<void> {
  finish(record, false)
  try {
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(renderSummary(record)).write()
  } catch (error) {
    core.warning(`Could not write the job summary: ${(error as Error).message}`)
  }
  core.info(resultLine(record))
}
