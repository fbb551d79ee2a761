// Wiring: read inputs through @actions/core, build the Atlas client, run the pipeline, and
// whatever happens, set the outputs and the job summary. The single failure path is here.

import * as core from '@actions/core'
import { AtlasClient } from './atlas/client.js'
import { createAuth } from './atlas/auth/index.js'
import {
  CREDENTIAL_ENV,
  INPUT_NAMES,
  parseInputs,
  SECRET_INPUTS,
  type RawInputs
} from './inputs.js'
import { buildOutputs } from './report/outputs.js'
import { newRecord, type RunRecord } from './report/record.js'
import { renderSummary } from './report/summary.js'
import { restore } from './restore.js'
import { VERSION } from './version.js'
import { systemClock } from './wait/waiter.js'

const USER_AGENT = `atlas-restore-action/${VERSION} (node ${process.version})`
const REQUEST_TIMEOUT_MS = 30_000

export async function run(): Promise<void> {
  const record: RunRecord = newRecord(new Date())
  const abort = new AbortController()
  let signals = 0
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1
    if (signals > 1) {
      // The runner's second signal: the kill follows in seconds. Leave with what is known.
      finish(record)
      process.exit(1)
    }
    core.warning(`Received ${signal}: stopping.`)
    abort.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)

  let client: AtlasClient | undefined
  try {
    const raw = readInputs()
    const settings = parseInputs(raw, process.env)
    record.baseUrl = settings.baseUrl
    const auth = createAuth(settings.credentials, {
      baseUrl: settings.baseUrl,
      userAgent: USER_AGENT,
      onSecret: core.setSecret,
      debug: core.debug,
      requestTimeoutMs: REQUEST_TIMEOUT_MS
    })
    client = new AtlasClient({
      baseUrl: settings.baseUrl,
      auth,
      userAgent: USER_AGENT,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      sleep: ms => systemClock.sleep(ms, abort.signal),
      now: systemClock.now,
      debug: core.debug
    })
    await restore(settings, record, {
      client,
      log: core,
      clock: systemClock,
      setSecret: core.setSecret,
      group: core.group,
      signal: abort.signal
    })
  } catch (error) {
    if (record.result === 'running') record.result = 'failed'
    record.failure = error instanceof Error ? error.message : String(error)
    core.setFailed(record.failure)
  } finally {
    client?.dispose()
    await finishAsync(record)
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

/**
 * Reads every input. Secrets (and their environment fallbacks) are registered with the runner
 * before anything else happens, so no later line can print them.
 */
function readInputs(): RawInputs {
  const raw: RawInputs = {}
  for (const name of INPUT_NAMES) raw[name] = core.getInput(name)
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
    .split(/\r?\n/)
    .map(line => line.trim())
  for (const secret of new Set([value.trim(), ...lines])) if (secret !== '') core.setSecret(secret)
}

function finish(record: RunRecord): void {
  for (const [name, value] of Object.entries(buildOutputs(record))) core.setOutput(name, value)
}

async function finishAsync(record: RunRecord): Promise<void> {
  finish(record)
  try {
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(renderSummary(record)).write()
  } catch (error) {
    core.warning(`Could not write the job summary: ${(error as Error).message}`)
  }
}
