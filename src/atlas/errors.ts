// The two ways an Atlas call fails: Atlas answered with an error (AtlasApiError), or no usable
// answer came back (AtlasNetworkError). Messages name the call and, where it helps, what to do.

import type { HttpMethod, Operation } from './operations.js'

export interface ApiErrorBody {
  error?: number
  errorCode?: string
  detail?: string
  reason?: string
}

/** Hints for errorCodes whose fix is not obvious from Atlas's detail. */
const CODE_HINTS: Record<string, string> = {
  GROUP_NOT_FOUND:
    'check groupId (or targetGroupId): the project does not exist or the credentials cannot see it.',
  CLUSTER_NOT_FOUND: 'check clusterName and targetClusterName, and clusterKind if you set it.',
  SERVERLESS_INSTANCE_NOT_FOUND: 'check clusterName, and clusterKind if you set it.',
  CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API:
    'this is a flex cluster: use clusterKind: flex (or auto).',
  CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API:
    'this is not a flex cluster: use clusterKind: auto, or the right kind.',
  CANNOT_USE_SERVERLESS_INSTANCE_IN_CLUSTER_API:
    'this is a serverless instance: use clusterKind: serverless (or auto).',
  IP_ADDRESS_NOT_ON_ACCESS_LIST:
    "add the runner's IP address to the API key's or service account's access list.",
  RATE_LIMITED:
    'Atlas rate-limits the Admin API per project: space out runs or raise pollInterval.',
  INVALID_VERSION_DATE: 'this Atlas endpoint does not serve the API version the action asked for.'
}

export class AtlasApiError extends Error {
  readonly status: number
  readonly errorCode?: string
  readonly detail?: string
  readonly method: HttpMethod
  readonly path: string
  readonly retryAfterMs?: number
  hint?: string

  constructor(args: {
    status: number
    body: ApiErrorBody
    operation: Operation
    path: string
    retryAfterMs?: number
  }) {
    const { status, body, operation, path } = args
    const errorCode = typeof body.errorCode === 'string' ? body.errorCode : undefined
    const detail = typeof body.detail === 'string' ? body.detail : undefined
    super('')
    this.name = 'AtlasApiError'
    this.status = status
    if (errorCode !== undefined) this.errorCode = errorCode
    if (detail !== undefined) this.detail = detail
    this.method = operation.method
    this.path = path
    if (args.retryAfterMs !== undefined) this.retryAfterMs = args.retryAfterMs
    this.hint = hintFor(status, errorCode, operation)
    this.message = this.describe()
  }

  /** Adds a sentence after Atlas's own words (e.g. that an endpoint was retired). */
  addNote(note: string): this {
    this.hint = this.hint ? `${note} ${this.hint}` : note
    this.message = this.describe()
    return this
  }

  private describe(): string {
    const code = this.errorCode ? ` ${this.errorCode}` : ''
    const detail = this.detail ? `: ${this.detail}` : ''
    const hint = this.hint ? ` (${this.hint})` : ''
    return `Atlas answered ${this.status}${code} to ${this.method} ${this.path}${detail}${hint}`
  }
}

function hintFor(
  status: number,
  errorCode: string | undefined,
  operation: Operation
): string | undefined {
  if (errorCode !== undefined && CODE_HINTS[errorCode]) return CODE_HINTS[errorCode]
  if (status === 401) {
    return 'check the credentials: the API key or service account is wrong, disabled, or has no access to this project.'
  }
  if (status === 403) {
    return `the credentials need the ${operation.roles.join(' or ')} role on the project for ${operation.id}.`
  }
  if (status === 429) return CODE_HINTS.RATE_LIMITED
  return undefined
}

/** No answer, or none that can be read: refused, reset, timed out, or not JSON. */
export class AtlasNetworkError extends Error {
  constructor(
    readonly method: HttpMethod,
    readonly path: string,
    readonly reason: string,
    /** True when the request surely never reached Atlas (so a create can be sent again). */
    readonly notSent: boolean
  ) {
    super(`${method} ${path} failed: ${reason}`)
    this.name = 'AtlasNetworkError'
  }
}

/** Codes of errors raised before the request left this machine. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH'
])

export function networkError(method: HttpMethod, path: string, cause: unknown): AtlasNetworkError {
  const { code, message: text } = (cause ?? {}) as { code?: unknown; message?: unknown }
  const message = typeof text === 'string' ? text : String(cause)
  const notSent = typeof code === 'string' && NOT_SENT_CODES.has(code)
  const reason =
    typeof code === 'string' && !message.includes(code) ? `${code} ${message}` : message
  return new AtlasNetworkError(method, path, reason, notSent)
}
