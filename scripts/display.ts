// Showing a run of the action as a person reads it on GitHub: the log as the runner displays
// it (secrets as ***), then the outputs and the job summary. Used by the demo and local runs.

import { displayLine, type ActionRun } from './runner.js'

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s)

export const rule = (title: string) =>
  console.log(`\n${bold(`── ${title} ${'─'.repeat(Math.max(0, 70 - title.length))}`)}`)

/** An onStdout handler that prints each complete line as the runner would show it. */
export function liveLog(secrets: Set<string>): (chunk: string) => void {
  let pending = ''
  return chunk => {
    const lines = (pending + chunk).split('\n')
    pending = lines.pop() ?? ''
    for (const line of lines) {
      const shown = displayLine(line, secrets)
      if (shown !== undefined) console.log(shown)
    }
  }
}

export function showResult(result: ActionRun, secrets: Set<string>): void {
  rule('Outputs')
  for (const [name, value] of Object.entries(result.outputs)) {
    const shown = displayLine(value.length > 160 ? `${value.slice(0, 157)}...` : value, secrets)
    console.log(`${name} = ${shown}`)
  }
  rule('Job summary ($GITHUB_STEP_SUMMARY)')
  console.log(result.summary.trim())
}
