// Atlas's ApiError answer: `{detail, error, errorCode, parameters, reason}` with Content-Type
// application/json and an X-Error-Code header (added where the answer is sent).

export interface Answer {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout'
}

export function reason(status: number): string {
  return REASONS[status] ?? 'Error'
}

export function apiError(
  status: number,
  errorCode: string,
  detail: string,
  parameters: unknown[] = []
): Answer {
  return {
    status,
    body: { detail, error: status, errorCode, parameters, reason: reason(status) }
  }
}

export function isAnswer(x: unknown): x is Answer {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as Answer).status === 'number' &&
    !('kind' in x) &&
    !('clusterName' in x)
  )
}

/** Errors the simulator answers in more than one place. */
export const errors = {
  groupNotFound: (groupId: string) =>
    apiError(404, 'GROUP_NOT_FOUND', `No group with ID ${groupId} exists.`, [groupId]),
  clusterNotFound: (name: string, groupId: string) =>
    apiError(404, 'CLUSTER_NOT_FOUND', `No cluster named ${name} exists in group ${groupId}.`, [
      name,
      groupId
    ]),
  serverlessNotFound: (name: string, groupId: string) =>
    apiError(
      404,
      'SERVERLESS_INSTANCE_NOT_FOUND',
      `No serverless instance with name ${name} exists in group ${groupId}.`,
      [name, groupId]
    ),
  resourceNotFound: (path: string) =>
    apiError(404, 'RESOURCE_NOT_FOUND', `Cannot find resource ${path}.`, [path]),
  badToken: () =>
    apiError(
      401,
      'INVALID_TOKEN',
      'The access token is invalid or has expired. Request a new one from /api/oauth/token.'
    )
}
