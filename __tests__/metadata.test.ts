// action.yml against GitHub's own action-metadata schema (shipped by @actions/workflow-parser),
// against the names the code uses, and against the README's tables.

import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { INPUT_DEFAULTS, INPUT_NAMES } from '../src/inputs/contract.js'
import { OUTPUT_NAMES } from '../src/report/outputs.js'
import { renderReadme, renderTables, replaceBetweenMarkers } from '../scripts/readme.js'

const actionText = readFileSync('action.yml', 'utf8')
const action = parse(actionText) as {
  name: string
  description: string
  branding: { icon: string; color: string }
  runs: { using: string; main: string }
  inputs: Record<string, { description?: string; required?: boolean; default?: string }>
  outputs: Record<string, { description?: string }>
}

/** Errors GitHub's schema finds in an action.yml text. */
async function schemaErrors(content: string): Promise<string[]> {
  const { parseAction } = await import('@actions/workflow-parser/actions/action-parser')
  const { NoOperationTraceWriter } = await import('@actions/workflow-parser')
  const result = parseAction({ name: 'action.yml', content }, new NoOperationTraceWriter())
  return result.context.errors.getErrors().map(e => e.message)
}

describe('action.yml', () => {
  it("passes GitHub's action-metadata schema", async () => {
    expect(await schemaErrors(actionText)).toEqual([])
  })

  it('the schema check would catch a broken file', async () => {
    const broken = actionText
      .replace('using: node24', 'using: node99')
      .replace(`icon: ${action.branding.icon}`, 'icon: no-such-icon')
      .concat('\nunknownKey: 1\n')
    const errors = (await schemaErrors(broken)).join('\n')
    expect(errors).toContain('node99')
    expect(errors).toContain('no-such-icon')
    expect(errors).toContain('unknownKey')
  })

  it('runs on node24 from dist/index.js, with branding', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
    expect(action.branding.icon).toBeTruthy()
    expect(action.branding.color).toBeTruthy()
    expect(action.name).toBeTruthy()
    expect(action.description).toBeTruthy()
  })

  it('declares exactly the inputs and outputs the code reads and writes, each described', () => {
    expect(Object.keys(action.inputs)).toEqual([...INPUT_NAMES])
    expect(Object.keys(action.outputs)).toEqual([...OUTPUT_NAMES])
    for (const spec of [...Object.values(action.inputs), ...Object.values(action.outputs)]) {
      expect((spec.description ?? '').length).toBeGreaterThan(10)
    }
  })

  it("the code's defaults are action.yml's, the file users read", () => {
    const fromYml = Object.fromEntries(
      Object.entries(action.inputs).map(([n, s]) => [
        n,
        s.default === undefined ? undefined : String(s.default)
      ])
    )
    expect(fromYml).toEqual({ ...INPUT_DEFAULTS })
  })

  it('marks only groupId and clusterName required, with the contract defaults', () => {
    const required = Object.entries(action.inputs)
      .filter(([, s]) => s.required)
      .map(([n]) => n)
    expect(required).toEqual(['groupId', 'clusterName'])
    const defaults = Object.fromEntries(
      Object.entries(action.inputs)
        .filter(([, s]) => s.default !== undefined)
        .map(([n, s]) => [n, s.default])
    )
    expect(defaults).toEqual({
      clusterKind: 'auto',
      deliveryType: 'automated',
      snapshotId: 'latest',
      allowFallbackSnapshot: 'false',
      waitForCompletion: 'true',
      timeout: '2h',
      pollInterval: '30s',
      cancelOnAbort: 'false',
      allowSourceOverwrite: 'false',
      allowProductionTarget: 'false',
      writeStrategy: 'CREATE_NEW',
      indexStrategy: 'ALL',
      extract: 'false',
      dryRun: 'false',
      maskDeliveryUrls: 'true',
      baseUrl: 'https://cloud.mongodb.com'
    })
  })
})

describe('the README table generator (scripts/readme.ts)', () => {
  const tables = renderTables(actionText)

  it('writes one row per input and output, names in backticks, in action.yml order', () => {
    const names = (table: string) =>
      table
        .split('\n')
        .slice(2)
        .map(row => /^\| `(\w+)` \|/.exec(row)?.[1])
    expect(tables.inputs.split('\n')[0]).toBe('| input | required | default | description |')
    expect(tables.outputs.split('\n')[0]).toBe('| output | description |')
    expect(names(tables.inputs)).toEqual(Object.keys(action.inputs))
    expect(names(tables.outputs)).toEqual(Object.keys(action.outputs))
    expect(tables.inputs).toContain('| `groupId` | yes |  |')
    expect(tables.inputs).toContain('| `timeout` | no | `2h` |')
  })

  it('replaces only what lies between the markers, and refuses a text without them', () => {
    const text = 'a\n<!-- inputs:start -->\nold\n<!-- inputs:end -->\nb'
    expect(replaceBetweenMarkers(text, 'inputs', 'new')).toBe(
      'a\n<!-- inputs:start -->\nnew\n<!-- inputs:end -->\nb'
    )
    expect(() => replaceBetweenMarkers('no markers', 'inputs', 'x')).toThrow('markers')
  })
})

describe('README', () => {
  const readme = readFileSync('README.md', 'utf8')

  it('has the inputs and outputs tables action.yml gives (npm run docs)', async () => {
    expect(await renderReadme(readme, actionText)).toBe(readme)
  })

  it('gives the two commands', () => {
    expect(readme).toContain('npm ci && npm run demo')
    expect(readme).toContain('npm ci && npm test')
  })

  it('links the benchmark figures and the safety guarantees', () => {
    expect(readme).toContain('(BENCHMARKS.md)')
    expect(readme).toContain('## Safety and failure handling')
  })
})
