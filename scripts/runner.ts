// Emulates GitHub's runner for the bundled action (tests, the demo and the benchmark use it).
// Runs the bundled action exactly as GitHub's runner does: `node dist/index.js` with an
// INPUT_<NAME> variable per input (action.yml defaults applied, as the runner does), and
// GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and GITHUB_STATE files, in a clean environment.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

/** The repository root, from scripts/ or from build/scripts/. */
function findRoot(): string {
  let dir = fileURLToPath(new URL('.', import.meta.url))
  while (!existsSync(join(dir, 'action.yml'))) dir = join(dir, '..')
  return dir
}
const ROOT = findRoot()
export const BUNDLE = join(ROOT, 'dist/index.js')

export interface Runtime {
  name: string
  path: string
  version: string
}

const versionOf = (path: string) =>
  spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout.trim()

/**
 * The runtimes the e2e suite runs the bundle under: this machine's Node and the Node 24 that
 * action.yml declares (`runs.using: node24`), from the `node` npm package. Each is named by its
 * real major version; where both are the same version it runs once.
 */
export function runtimes(): Runtime[] {
  const system = process.env.npm_node_execpath ?? process.execPath
  const node24 = join(ROOT, 'node_modules/node/bin/node')
  const candidates = [system, ...(existsSync(node24) ? [node24] : [])]
  const list: Runtime[] = []
  for (const path of candidates) {
    const version = versionOf(path)
    if (list.some(r => r.version === version)) continue
    list.push({ name: `node${version.replace(/^v/, '').split('.')[0]}`, path, version })
  }
  return list
}

interface ActionYml {
  inputs: Record<string, { default?: string; required?: boolean }>
  outputs: Record<string, unknown>
}
export const actionYml = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml

/** The runner's variable name for an input. */
export const inputVariable = (name: string) => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`

export interface RunOptions {
  inputs: Record<string, string>
  /** Extra environment (e.g. MONGODB_ATLAS_* variables, RUNNER_DEBUG). */
  env?: Record<string, string>
  runtime?: Runtime
  /** Set inputs the workflow leaves out to their action.yml defaults, as the runner does. */
  applyDefaults?: boolean
  /** Called once the process is running, e.g. to send it a signal later. */
  onSpawn?: (child: ChildProcess) => void
  /** Give up after this long (the process is killed). */
  killAfterMs?: number
  /** Another bundle to run instead of dist/index.js (the bench runs an older release beside it). */
  bundle?: string
  /** Sees stdout as it comes (the demo shows the log live). */
  onStdout?: (chunk: string) => void
}

export interface ActionRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  /** `::error::` lines, decoded. */
  errors: string[]
  durationMs: number
}

/** Parses a GITHUB_OUTPUT file: `name<<delimiter` blocks, as @actions/core writes them. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i])
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1)
      outputs[heredoc[1]] = lines.slice(i + 1, end).join('\n')
      i = end
    } else if (lines[i].includes('=')) {
      const [name, ...rest] = lines[i].split('=')
      outputs[name] = rest.join('=')
    }
  }
  return outputs
}

const decode = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')

export async function runAction(options: RunOptions): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-restore-run-'))
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_ENV: join(dir, 'env'),
    GITHUB_PATH: join(dir, 'path')
  }
  for (const file of Object.values(files)) writeFileSync(file, '')

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    RUNNER_TEMP: dir,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    ...files
  }
  if (options.applyDefaults !== false) {
    for (const [name, spec] of Object.entries(actionYml.inputs)) {
      if (spec.default !== undefined) env[inputVariable(name)] = String(spec.default)
    }
  }
  for (const [name, value] of Object.entries(options.inputs)) env[inputVariable(name)] = value
  Object.assign(env, options.env)

  const runtime = options.runtime ?? runtimes()[0]
  const started = Date.now()
  const child = spawn(runtime.path, [options.bundle ?? BUNDLE], {
    env,
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', chunk => {
    stdout += chunk
    options.onStdout?.(String(chunk))
  })
  child.stderr.on('data', chunk => (stderr += chunk))
  options.onSpawn?.(child)
  const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 120_000)
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(done =>
    child.on('close', (c, s) => done([c, s]))
  )
  clearTimeout(killer)

  const run: ActionRun = {
    code,
    signal,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    errors: stdout
      .split('\n')
      .filter(line => line.startsWith('::error'))
      .map(line => decode(line.replace(/^::error[^:]*::/, ''))),
    durationMs: Date.now() - started
  }
  rmSync(dir, { recursive: true, force: true })
  return run
}

/** Everything the run printed (stdout and stderr) except the `::add-mask::` registrations. */
export const visibleLog = (run: ActionRun): string =>
  `${run.stdout}\n${run.stderr}`
    .split('\n')
    .filter(line => !line.startsWith('::add-mask::'))
    .join('\n')

/**
 * A log line as the runner shows it: registered secrets replaced by ***, workflow commands
 * turned into their display form, masks and debug lines hidden. Undefined hides the line.
 */
export function displayLine(line: string, secrets: Set<string>): string | undefined {
  const mask = line.match(/^::add-mask::(.*)$/)
  if (mask) {
    secrets.add(mask[1])
    return undefined
  }
  if (line.startsWith('::debug::')) return undefined
  let shown = line
    .replace(/^::group::(.*)$/, '▶ $1')
    .replace(/^::endgroup::$/, '')
    .replace(/^::error[^:]*::(.*)$/, 'Error: $1')
    .replace(/^::warning[^:]*::(.*)$/, 'Warning: $1')
    .replace(/^::notice[^:]*::(.*)$/, 'Notice: $1')
  shown = decode(shown)
  for (const secret of [...secrets].sort((a, b) => b.length - a.length))
    shown = shown.split(secret).join('***')
  return shown
}
