// A stand-in for @actions/core, as GitHub's typescript-action template has it: every function
// the action calls is a jest.fn. Tests register it before importing src/main.ts:
//
//   jest.unstable_mockModule('@actions/core', () => core)
//   const { run } = await import('../src/main.js')
//
// `inputs` is what getInput answers; `calls` records every call in order (masking before
// logging can be checked), `outputs` what setOutput was given. `reset()` between tests.

import type * as actionsCore from '@actions/core'
import { jest } from '@jest/globals'

export type CallKind =
  | 'setSecret'
  | 'info'
  | 'warning'
  | 'debug'
  | 'error'
  | 'notice'
  | 'setFailed'
  | 'setOutput'
  | 'group'
  | 'summary'

export const inputs: Record<string, string> = {}
export const outputs: Record<string, string> = {}
export const calls: { kind: CallKind; text: string }[] = []
export const summaryWrites: string[] = []

const note = (kind: CallKind, text: unknown) =>
  calls.push({ kind, text: typeof text === 'string' ? text : String(text) })

export const getInput = jest.fn<typeof actionsCore.getInput>((name, options) => {
  const value = inputs[name] ?? ''
  if (options?.required && value === '') throw new Error(`Input required and not supplied: ${name}`)
  return options?.trimWhitespace === false ? value : value.trim()
})
export const getBooleanInput = jest.fn<typeof actionsCore.getBooleanInput>(
  name => (inputs[name] ?? '').trim() === 'true'
)
export const setSecret = jest.fn<typeof actionsCore.setSecret>(secret => note('setSecret', secret))
export const setOutput = jest.fn<typeof actionsCore.setOutput>((name, value) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  outputs[name] = text
  note('setOutput', `${name}=${text}`)
})
export const setFailed = jest.fn<typeof actionsCore.setFailed>(message =>
  note('setFailed', message instanceof Error ? message.message : message)
)
export const info = jest.fn<typeof actionsCore.info>(message => note('info', message))
export const warning = jest.fn<typeof actionsCore.warning>(message =>
  note('warning', message instanceof Error ? message.message : message)
)
export const error = jest.fn<typeof actionsCore.error>(message =>
  note('error', message instanceof Error ? message.message : message)
)
export const notice = jest.fn<typeof actionsCore.notice>(message =>
  note('notice', message instanceof Error ? message.message : message)
)
export const debug = jest.fn<typeof actionsCore.debug>(message => note('debug', message))
export const isDebug = jest.fn<typeof actionsCore.isDebug>(() => false)
export const group = jest.fn(async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
  note('group', name)
  return fn()
})

let pending = ''
export const summary = {
  addRaw: jest.fn((text: string) => {
    pending += text
    return summary
  }),
  write: jest.fn(async () => {
    summaryWrites.push(pending)
    note('summary', pending)
    pending = ''
    return summary
  })
}

/** Every line the run logged (info, warning, debug, error, notice, setFailed, summary). */
export function logged(): string[] {
  return calls.filter(c => c.kind !== 'setSecret' && c.kind !== 'setOutput').map(c => c.text)
}

export function reset(): void {
  for (const key of Object.keys(inputs)) delete inputs[key]
  for (const key of Object.keys(outputs)) delete outputs[key]
  calls.length = 0
  summaryWrites.length = 0
  pending = ''
  for (const fn of [getInput, getBooleanInput, setSecret, setOutput, setFailed, info, warning])
    fn.mockClear()
  for (const fn of [error, notice, debug, isDebug, group, summary.addRaw, summary.write])
    fn.mockClear()
}
