// The workflow files under .github/workflows and the README's examples: valid workflows by
// GitHub's own parser (@actions/workflow-parser), and every use of this action passes only
// declared inputs, with valid literal values, and reads only declared outputs.

import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { parseDuration } from '../src/durations.js'
import { DELIVERY_TYPES } from '../src/inputs/settings.js'
import { CLUSTER_KINDS } from '../src/kinds/index.js'

const action = parse(readFileSync('action.yml', 'utf8')) as {
  inputs: Record<string, { required?: boolean }>
  outputs: Record<string, unknown>
}
const inputs = new Set(Object.keys(action.inputs))
const outputs = new Set(Object.keys(action.outputs))
const required = Object.keys(action.inputs).filter(name => action.inputs[name].required)
const USES_THIS = /^(\.\/?$|your-org\/atlas-restore-action@)/

interface Step {
  id?: string
  uses?: string
  with?: Record<string, unknown>
}
interface Workflow {
  on: unknown
  jobs: Record<string, { if?: string; steps?: Step[] }>
}

/** Errors GitHub's parser finds in a workflow: schema, then conversion (expressions, jobs). */
async function workflowErrors(name: string, content: string): Promise<string[]> {
  const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } =
    await import('@actions/workflow-parser')
  const result = parseWorkflow({ name, content }, new NoOperationTraceWriter())
  const errors = result.context.errors.getErrors().map(e => e.message)
  if (errors.length > 0 || result.value === undefined) return errors
  const template = await convertWorkflowTemplate(result.context, result.value)
  return (template.errors ?? []).map(e => e.Message)
}

/** The steps that use this action, and every `steps.<id>.outputs.<name>` read from them. */
function usesOf(steps: Step[], text: string) {
  const ours = steps.filter(s => typeof s.uses === 'string' && USES_THIS.test(s.uses))
  const ids = new Set(ours.map(s => s.id).filter(Boolean))
  const refs = [...text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)]
    .filter(m => ids.has(m[1]))
    .map(m => m[2])
  return { ours, refs }
}

const isExpression = (value: string) => value.includes('${{')
const BOOLEANS = [
  'waitForCompletion',
  'cancelOnAbort',
  'allowSourceOverwrite',
  'dryRun',
  'maskDeliveryUrls'
]
const DURATIONS = ['timeout', 'pollInterval', 'maxSnapshotAge']

/** What is wrong with one use of the action: unknown inputs, missing required ones, bad values. */
function problemsOf(step: Step): string[] {
  const problems: string[] = []
  const given = step.with ?? {}
  for (const key of Object.keys(given)) if (!inputs.has(key)) problems.push(`unknown input ${key}`)
  for (const key of required) if (!(key in given)) problems.push(`missing ${key}`)
  for (const [key, raw] of Object.entries(given)) {
    const value = String(raw)
    if (isExpression(value)) continue
    const bad =
      (key === 'clusterKind' && !['auto', ...CLUSTER_KINDS].includes(value as never)) ||
      (key === 'deliveryType' && !DELIVERY_TYPES.includes(value as never)) ||
      (BOOLEANS.includes(key) && !['true', 'false'].includes(value)) ||
      (DURATIONS.includes(key) && parseDuration(value) === undefined)
    if (bad) problems.push(`${key}: ${value}`)
  }
  return problems
}

function checkUses(steps: Step[], text: string): { count: number; problems: string[] } {
  const { ours, refs } = usesOf(steps, text)
  const problems = ours.flatMap(problemsOf)
  for (const name of refs) if (!outputs.has(name)) problems.push(`unknown output ${name}`)
  return { count: ours.length, problems }
}

const workflowDir = '.github/workflows'
const workflows = readdirSync(workflowDir).filter(f => /\.ya?ml$/.test(f))
const examples = workflows.filter(f => f.startsWith('example-'))
const read = (file: string) => readFileSync(`${workflowDir}/${file}`, 'utf8')

describe('workflow files', () => {
  it('include CI, the dist check, the release and the README examples', () => {
    expect(workflows).toEqual(expect.arrayContaining(['ci.yml', 'check-dist.yml', 'release.yml']))
    expect(examples.length).toBeGreaterThanOrEqual(5)
  })

  it.each(workflows)('%s is a valid workflow', async file => {
    expect(await workflowErrors(file, read(file))).toEqual([])
  })

  it('the parser check would catch a broken workflow', async () => {
    const ci = read('ci.yml')
    // Caught by the schema: an unknown key (and so a missing runs-on).
    const schema = await workflowErrors('broken.yml', ci.replace('runs-on:', 'runs-onn:'))
    expect(schema.join('\n')).toContain("Unexpected value 'runs-onn'")
    // Caught by the conversion: a job condition reading a context jobs do not have.
    const job = ci.replace('    runs-on:', '    if: steps.x.outputs.y\n    runs-on:')
    expect((await workflowErrors('broken.yml', job)).join('\n')).toContain("'steps'")
  })

  it.each(workflows)('%s uses only declared inputs and outputs', file => {
    const text = read(file)
    const doc = parse(text) as Workflow
    const steps = Object.values(doc.jobs).flatMap(job => job.steps ?? [])
    expect(checkUses(steps, text).problems).toEqual([])
  })

  it.each(examples)('%s uses this checkout and never runs by accident', file => {
    const text = read(file)
    const doc = parse(text) as Workflow
    expect(
      checkUses(
        Object.values(doc.jobs).flatMap(j => j.steps ?? []),
        text
      ).count
    ).toBe(1)
    expect(text).toContain('uses: ./')
    const triggers = typeof doc.on === 'string' ? [doc.on] : Object.keys(doc.on as object)
    expect(triggers.every(t => t === 'workflow_dispatch' || t === 'schedule')).toBe(true)
    // A scheduled example runs only where Atlas is configured.
    if (triggers.includes('schedule'))
      for (const job of Object.values(doc.jobs)) expect(job.if).toContain('vars.')
  })
})

/** The README's yaml blocks that use the action, each with the recipe heading above it. */
const readme = readFileSync('README.md', 'utf8')
const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
  .filter(m => m[1].includes('atlas-restore-action'))
  .map(m => {
    const headings = [...readme.slice(0, m.index).matchAll(/^###? (.*)$/gm)]
    return { heading: headings.at(-1)?.[1] ?? '', text: m[1] }
  })

function stepsOf(text: string): Step[] {
  const doc = parse(text) as unknown
  return Array.isArray(doc)
    ? (doc as Step[])
    : Object.values((doc as Workflow).jobs).flatMap(j => j.steps ?? [])
}

describe('README examples', () => {
  it('has the quick start, six recipes and the kind examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(9)
  })

  it.each(blocks.map(b => [b.heading, b.text]))(
    '"%s" passes only declared inputs and reads only declared outputs',
    (_, text) => {
      const { count, problems } = checkUses(stepsOf(text), text)
      expect(count).toBeGreaterThan(0)
      expect(problems).toEqual([])
    }
  )

  it.each(blocks.filter(b => /^jobs:/m.test(b.text)).map(b => [b.heading, b.text]))(
    '"%s" is a valid workflow',
    async (heading, text) => {
      expect(await workflowErrors(`${heading}.yml`, text)).toEqual([])
    }
  )

  it.each(examples)('%s passes the same inputs as its README recipe', file => {
    const recipe = /Recipe (\d) of the README/.exec(read(file))?.[1]
    expect(recipe).toBeDefined()
    const block = blocks.find(b => b.heading.startsWith(`${recipe}. `))
    expect(block).toBeDefined()
    const keys = (text: string) =>
      Object.keys(usesOf(stepsOf(text), text).ours[0]?.with ?? {}).sort()
    expect(keys(read(file))).toEqual(keys(block!.text))
  })
})
