// Server text on its way into the log: never able to start a workflow command (`::…`, `##[…`),
// never more than one line, never a control character.

/** A server string made safe to print inside a log line. */
export function quote(value: string | undefined): string {
  if (value === undefined) return 'unknown'
  // eslint-disable-next-line no-control-regex
  const flat = value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').slice(0, 200)
  // A line the runner reads as a command starts with :: or ##[ — anywhere after our own text
  // is harmless, but quoting makes sure even a leading one is not at a line start.
  return /^[A-Za-z0-9._-]*$/.test(flat) ? flat : JSON.stringify(flat)
}
