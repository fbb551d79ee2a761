// `npm run local-action [-- path/to/.env]`: runs the action on your machine with GitHub's
// @github/local-action: src/main.ts from source (through tsx, so breakpoints work), @actions/core
// replaced by local-action's stubs, inputs from a .env file (INPUT_<NAME>=value lines, see
// .env.example), against the Atlas project those inputs name. Shows the log, the outputs and the
// job summary.
//
// Plain `local-action run . src/main.ts .env` fails here with
// `ENOENT: no such file or directory, open '<repo>/@actions/core'`: tsx applies tsconfig.json's
// `baseUrl` (there for the `paths` entry ncc bundles with) to bare imports, and local-action's
// module stubbing then loads that non-existent path. So this script gives tsx (through
// TSX_TSCONFIG_PATH) a copy of tsconfig.json without `baseUrl`, written to build/.

import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import ts from 'typescript'

const root = process.cwd()
const envFile = process.argv[2] ?? '.env'
if (!existsSync(envFile)) {
  console.error(
    `No ${envFile}: copy .env.example to .env and fill in your project, cluster and credentials.`
  )
  process.exit(2)
}

/** tsconfig.json for tsx: no baseUrl, `paths` targets relative to the new file, src only. */
function tsxConfig(file: string): object {
  const { config, error } = ts.readConfigFile('tsconfig.json', ts.sys.readFile)
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'))
  const options = { ...(config.compilerOptions as Record<string, unknown>) }
  const base = resolve(root, (options.baseUrl as string | undefined) ?? '.')
  for (const key of ['baseUrl', 'outDir', 'rootDir']) delete options[key]
  const paths = (options.paths ?? {}) as Record<string, string[]>
  options.paths = Object.fromEntries(
    Object.entries(paths).map(([name, targets]) => [
      name,
      targets.map(t => relative(dirname(file), resolve(base, t)))
    ])
  )
  return { compilerOptions: options, include: [relative(dirname(file), resolve(root, 'src'))] }
}

const tsconfig = resolve(root, 'build/tsconfig.local-action.json')
const summary = resolve(root, 'build/local-action-summary.md')
mkdirSync(dirname(tsconfig), { recursive: true })
writeFileSync(tsconfig, `${JSON.stringify(tsxConfig(tsconfig), null, 2)}\n`)
writeFileSync(summary, '')

const bin = resolve(root, 'node_modules/@github/local-action/bin/local-action.js')
const run = spawnSync(process.execPath, [bin, 'run', '.', 'src/main.ts', envFile], {
  stdio: 'inherit',
  env: {
    ...process.env,
    TSX_TSCONFIG_PATH: tsconfig,
    GITHUB_STEP_SUMMARY: process.env.GITHUB_STEP_SUMMARY ?? summary
  }
})

const written = existsSync(summary) ? readFileSync(summary, 'utf8').trim() : ''
if (written !== '') {
  console.log(`\nJob summary (${relative(root, summary)}):\n\n${written}`)
}
process.exitCode = run.status ?? 1
