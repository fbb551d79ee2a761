// `npm run docs`: writes the README's inputs and outputs tables from action.yml, between the
// `<!-- inputs:start -->`/`<!-- inputs:end -->` and `<!-- outputs:start -->`/`<!-- outputs:end -->`
// markers. test/metadata.test.ts fails when the README drifts from what this produces.

import { readFileSync, writeFileSync } from 'node:fs'
import * as prettier from 'prettier'
import { parse } from 'yaml'

interface ActionYml {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>
  outputs: Record<string, { description: string }>
}

const cell = (text: string) => text.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|')

export function renderTables(actionYmlText: string): { inputs: string; outputs: string } {
  const action = parse(actionYmlText) as ActionYml
  const inputs = [
    '| input | required | default | description |',
    '|---|---|---|---|',
    ...Object.entries(action.inputs).map(
      ([name, spec]) =>
        `| \`${name}\` | ${spec.required ? 'yes' : 'no'} | ${spec.default !== undefined ? `\`${spec.default}\`` : ''} | ${cell(spec.description)} |`
    )
  ].join('\n')
  const outputs = [
    '| output | description |',
    '|---|---|',
    ...Object.entries(action.outputs).map(
      ([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`
    )
  ].join('\n')
  return { inputs, outputs }
}

export function replaceBetweenMarkers(text: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`
  const end = `<!-- ${name}:end -->`
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} markers`)
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`
}

/** The README with fresh tables, formatted as `prettier --write` leaves it. */
export async function renderReadme(readme: string, actionYmlText: string): Promise<string> {
  const tables = renderTables(actionYmlText)
  const text = replaceBetweenMarkers(
    replaceBetweenMarkers(readme, 'inputs', tables.inputs),
    'outputs',
    tables.outputs
  )
  const options = (await prettier.resolveConfig('README.md')) ?? {}
  return prettier.format(text, { ...options, parser: 'markdown' })
}

if (process.argv[1]?.endsWith('readme.js')) {
  const readme = readFileSync('README.md', 'utf8')
  const next = await renderReadme(readme, readFileSync('action.yml', 'utf8'))
  if (next !== readme) writeFileSync('README.md', next)
  console.log(
    next === readme
      ? 'README.md tables are up to date.'
      : 'README.md tables rewritten from action.yml.'
  )
}
