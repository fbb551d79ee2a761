// `npm run local-action`: runs the bundled action (dist/index.js) on your machine exactly as
// GitHub's runner would, with inputs from a .env file (INPUT_<NAME>=value lines, see
// .env.example), against the Atlas project those inputs name. Shows the log as the runner
// displays it, the outputs and the job summary.
//
// (@github/local-action cannot load actions built on @actions/core 3, which is ESM-only:
// github/local-action issue #270.)

import { readFileSync } from 'node:fs'
import { liveLog, rule, showResult } from './display.js'
import { actionYml, runAction, runtimes } from './runner.js'

const file = process.argv[2] ?? '.env'
let text: string
try {
  text = readFileSync(file, 'utf8')
} catch {
  console.error(
    `No ${file}: copy .env.example to .env and fill in your project, cluster and credentials.`
  )
  process.exit(2)
}

/** INPUT_<NAME> lines become inputs; other variables (MONGODB_ATLAS_*, RUNNER_DEBUG) pass through. */
const byVariable = new Map(
  Object.keys(actionYml.inputs).map(name => [`INPUT_${name.toUpperCase()}`, name])
)
const inputs: Record<string, string> = {}
const env: Record<string, string> = {}
for (const line of text.split(/\r?\n/)) {
  const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line)
  if (!match || line.trimStart().startsWith('#')) continue
  const value = match[2].replace(/^(['"])(.*)\1$/, '$2')
  const input = byVariable.get(match[1].toUpperCase())
  if (input !== undefined) inputs[input] = value
  else env[match[1]] = value
}

const runtime = runtimes().at(-1)!
rule(`Log (node ${runtime.version} dist/index.js, inputs from ${file})`)
const secrets = new Set<string>()
const result = await runAction({
  runtime,
  inputs,
  env,
  onStdout: liveLog(secrets),
  killAfterMs: 7 * 3_600_000
})
showResult(result, secrets)
process.exitCode = result.code ?? 1
