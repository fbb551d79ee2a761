// Server text (an error's detail, a proxy's page, an OAuth error) may echo what it was sent,
// the Authorization header included, and may carry newlines or control characters that a log
// reads as something else. Every such text passes through `serverText` before it reaches a
// message: credentials redacted, one line, printable, and short.

const REDACTED = '[redacted]'

/** One `name=value` or `name="value"` parameter of an auth scheme, with its comma. */
const PARAM = String.raw`[\w-]+\s*=\s*(?:"(?:[^"\\]|\\.)*"?|[^\s,]*)`
const SCHEME_PATTERNS: RegExp[] = [
  // Digest username="…", realm="…", nonce="…", uri="…", response="…", …
  new RegExp(String.raw`Digest\s+${PARAM}(?:\s*,\s*${PARAM})*`, 'gi'),
  // Bearer <token> (RFC 6750 b64token), Basic <base64>
  /Bearer\s+[A-Za-z0-9\-._~+/]+=*/gi,
  /Basic\s+[A-Za-z0-9+/]+=*/gi
]
/** Digest parameters quoted on their own, without the scheme name before them. */
const LOOSE_PARAMS =
  /\b(username|response|nonce|cnonce|access_token|client_secret)(\s*[=:]\s*)("(?:[^"\\]|\\.)*"?|[^\s,&]+)/gi

export function redactCredentials(text: string): string {
  let out = text
  for (const pattern of SCHEME_PATTERNS) {
    out = out.replace(pattern, match => `${match.split(/\s+/)[0]} ${REDACTED}`)
  }
  return out.replace(LOOSE_PARAMS, (_, name: string, sep: string) => `${name}${sep}${REDACTED}`)
}

export const SERVER_TEXT_MAX = 500

/**
 * Server text fit for a message: credentials redacted, control characters dropped, runs of
 * whitespace (newlines included) made one space, and at most `max` characters.
 */
export function serverText(text: string, max = SERVER_TEXT_MAX): string {
  const oneLine = redactCredentials(
    text
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, ' ')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
      .replace(/\s+/g, ' ')
  ).trim()
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`
}

/**
 * A server string (a state, a name, an ID) made safe inside a log line: one clean line, and
 * quoted unless it is a plain name, so it can never start a workflow command (`::…`, `##[…`).
 */
export function quote(value: string | undefined): string {
  if (value === undefined) return 'unknown'
  const flat = serverText(value, 200)
  return /^[A-Za-z0-9._-]+$/.test(flat) ? flat : JSON.stringify(flat)
}
