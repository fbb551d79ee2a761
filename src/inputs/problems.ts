// How input problems are collected and reported: all at once, each naming its input.

export interface Problem {
  input: string
  message: string
}

export class InputError extends Error {
  constructor(readonly problems: Problem[]) {
    super(
      `${problems.length === 1 ? 'An input is' : `${problems.length} inputs are`} invalid:\n` +
        problems.map(p => `- ${p.input}: ${p.message}`).join('\n')
    )
    this.name = 'InputError'
  }
}

/** How a value appears in a message: quoted, escaped (control characters too), and short. */
export function showValue(value: string): string {
  const short = value.length > 64 ? `${value.slice(0, 61)}...` : value
  return JSON.stringify(short)
}

export type Report = (input: string, message: string) => void
