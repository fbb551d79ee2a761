// `npm run local-action [-- path/to/.env]`: runs the action on your machine with GitHub's
// @github/local-action: src/main.ts from source (through tsx, so breakpoints work), @actions/core
// replaced by local-action's stubs, inputs from a .env file (INPUT_<NAME>=value lines, see
// .env.example), against the Atlas project those inputs name. Shows the log, the outputs and the
// job summary.

import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'

const root = process.cwd()
const envFile = process.argv[2] ?? '.env'
if (!existsSync(envFile)) {
  console.error(
    `No ${envFile}: copy .env.example to .env and fill in your project, cluster and credentials.`
  )
  process.exit(2)
}

const summary = resolve(root, 'build/local-action-summary.md')
mkdirSync(dirname(summary), { recursive: true })
writeFileSync(summary, '')

const bin = resolve(root, 'node_modules/@github/local-action/bin/local-action.js')
const run = spawnSync(process.execPath, [bin, 'run', '.', 'src/main.ts', envFile], {
  stdio: 'inherit',
  env: { ...process.env, GITHUB_STEP_SUMMARY: process.env.GITHUB_STEP_SUMMARY ?? summary }
})

const written = existsSync(summary) ? readFileSync(summary, 'utf8').trim() : ''
if (written !== '') {
  console.log(`\nJob summary (${relative(root, summary)}):\n\n${written}`)
}
process.exitCode = run.status ?? 1
