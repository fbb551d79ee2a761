// The workflow files under .github/workflows and the README's examples: valid workflows by
// GitHub's own parser, and every use of this action passes only declared inputs and reads only
// declared outputs.

import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { parse } from 'yaml'

const action = parse(readFileSync('action.yml', 'utf8')) as {
  inputs: Record<string, unknown>
  outputs: Record<string, unknown>
}
const inputs = new Set(Object.keys(action.inputs))
const outputs = new Set(Object.keys(action.outputs))
const USES_THIS = /^(\.\/|your-org\/atlas-restore-action@)/

interface Step {
  id?: string
  uses?: string
  with?: Record<string, unknown>
}

/** The steps that use this action, and every `steps.<id>.outputs.<name>` reference to them. */
function usesOf(steps: Step[], text: string) {
  const ours = steps.filter(s => typeof s.uses === 'string' && USES_THIS.test(s.uses))
  const ids = new Set(ours.map(s => s.id).filter(Boolean))
  const refs = [...text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)]
    .filter(m => ids.has(m[1]))
    .map(m => m[2])
  return { ours, refs }
}

const workflowDir = '.github/workflows'
const workflows = readdirSync(workflowDir).filter(f => f.endsWith('.yml'))

describe('workflow files', () => {
  it.each(workflows)('%s is a valid workflow', async file => {
    const { parseWorkflow, NoOperationTraceWriter } = await import('@actions/workflow-parser')
    const content = readFileSync(`${workflowDir}/${file}`, 'utf8')
    const result = parseWorkflow({ name: file, content }, new NoOperationTraceWriter())
    expect(result.context.errors.getErrors().map(e => e.message)).toEqual([])
  })

  it.each(workflows)('%s uses only declared inputs and outputs', file => {
    const text = readFileSync(`${workflowDir}/${file}`, 'utf8')
    const doc = parse(text) as { jobs: Record<string, { steps?: Step[] }> }
    for (const job of Object.values(doc.jobs)) {
      const { ours, refs } = usesOf(job.steps ?? [], text)
      for (const step of ours)
        for (const key of Object.keys(step.with ?? {})) expect(inputs).toContain(key)
      for (const name of refs) expect(outputs).toContain(name)
    }
  })

  it('every README recipe that is a workflow exists as a file using this checkout', () => {
    const examples = workflows.filter(f => f.startsWith('example-'))
    expect(examples.length).toBeGreaterThanOrEqual(5)
    for (const file of examples)
      expect(readFileSync(`${workflowDir}/${file}`, 'utf8')).toContain('uses: ./')
  })
})

describe('README examples', () => {
  const readme = readFileSync('README.md', 'utf8')
  const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map(m => m[1])
    .filter(b => b.includes('atlas-restore-action'))

  it('has examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(8)
  })

  it.each(blocks.map((b, i) => [i + 1, b]))(
    'example %i passes only declared inputs and reads only declared outputs',
    (_, block) => {
      const text = block as string
      const doc = parse(text) as unknown
      const steps: Step[] = Array.isArray(doc)
        ? (doc as Step[])
        : Object.values((doc as { jobs: Record<string, { steps: Step[] }> }).jobs).flatMap(
            j => j.steps
          )
      const { ours, refs } = usesOf(steps, text)
      expect(ours.length).toBeGreaterThan(0)
      for (const step of ours)
        for (const key of Object.keys(step.with ?? {})) expect(inputs).toContain(key)
      for (const name of refs) expect(outputs).toContain(name)
    }
  )
})
