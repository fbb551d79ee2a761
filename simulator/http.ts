// The request pipeline, in the order Atlas answers: the token endpoint; authentication (Digest
// challenge or bearer token); injected faults; routing from the spec (404/405); path patterns;
// the project (404 GROUP_NOT_FOUND, no rate-limit headers); retired endpoints; the rate limit;
// the versioned Accept (406); query parameters; the body's Content-Type (415) and schema (400);
// then the operation itself (handlers.ts).

import type { IncomingMessage, ServerResponse } from 'node:http'
import { CHALLENGE_BODY, parseAuthParams, type DigestServer, type TokenServer } from './auth.js'
import { apiError, errors, type Answer } from './errors.js'
import type { FaultAction, FaultBook } from './faults.js'
import { apiFamily, cannotAccess, findDeployment, handle, type World } from './handlers.js'
import type { RateLimiter } from './ratelimit.js'
import { acceptedVersion, describeProblem, type Route } from './spec.js'

export const API_PREFIX = '/api/atlas/v2/'
export const TOKEN_PATH = '/api/oauth/token'
export const REVOKE_PATH = '/api/oauth/revoke'
/** The date the shared-tier and serverless backup endpoints were retired (their x-sunset). */
export const RETIREMENT = '2026-01-22'

export interface SimRequest {
  method: string
  path: string
  query: Record<string, string>
  status: number
  accept?: string
  contentType?: string
  authScheme: 'Digest' | 'Bearer' | 'Basic' | 'none'
  userAgent?: string
  body?: unknown
  at: number
  outcome: 'answered' | 'reset'
}

export interface Stats {
  digestChallenges: number
  tokenRequests: number
  staleChallenges: number
  /** Requests that reached POST /api/oauth/revoke. */
  revokeRequests: number
}

/** Realistic details for the error codes a status fault may name. */
const FAULT_DETAILS: Record<string, string> = {
  WRITES_NOT_ALLOWED_DURING_APP_UPGRADES:
    'Writes are not allowed while MongoDB Cloud is being upgraded. Try again in a few minutes.',
  TENANT_RESTORE_DESTINATION_UNAVAILABLE:
    'The restore destination is temporarily unavailable. Try again later.',
  RATE_LIMITED_TOKEN_BUCKET: 'Request capacity: 1200. Refill rate: 500 per 60 seconds.',
  SERVICE_UNAVAILABLE: 'The service is temporarily unavailable. Try again later.'
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/

/** Every RFC 3339 date in a document, moved by `ms` (Atlas's clock is skewed from ours). */
export function shiftDates(value: unknown, ms: number): unknown {
  if (ms === 0) return value
  if (typeof value === 'string' && ISO_DATE.test(value))
    return new Date(new Date(value).getTime() + ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
  if (Array.isArray(value)) return value.map(v => shiftDates(v, ms))
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shiftDates(v, ms)]))
  return value
}

export interface Pipeline {
  routes: Route[]
  world: World
  digest: DigestServer
  tokens: TokenServer
  faults: FaultBook
  limiter: RateLimiter
  requests: SimRequest[]
  stats: Stats
  sunset: Set<'shared' | 'serverless'>
}

const HTTP_DATE = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`)
  const names = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
  const months = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ')
  return `${names[d.getUTCDay()]}, ${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} 00:00:00 GMT`
}

/** When a route stops being served: the operation's x-sunset, else its versions' (all of them). */
export function retiredOn(route: Route): string | undefined {
  if (route.sunset) return route.sunset
  const dates = route.versions.map(v => route.versionSunset[v])
  if (dates.length === 0 || dates.some(d => d === undefined)) return undefined
  return dates.sort().at(-1)
}

function schemeOf(authorization: string): SimRequest['authScheme'] {
  if (/^Digest\s/i.test(authorization)) return 'Digest'
  if (/^Bearer\s/i.test(authorization)) return 'Bearer'
  if (/^Basic\s/i.test(authorization)) return 'Basic'
  return 'none'
}

export function createPipeline(p: Pipeline) {
  return async function serve(req: IncomingMessage, res: ServerResponse, raw: string) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const path = url.pathname
    const method = (req.method ?? 'GET').toUpperCase()
    const authorization = req.headers.authorization ?? ''
    const entry: SimRequest = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      ...(req.headers.accept !== undefined && { accept: req.headers.accept }),
      ...(req.headers['content-type'] !== undefined && {
        contentType: req.headers['content-type']
      }),
      authScheme: schemeOf(authorization),
      ...(req.headers['user-agent'] !== undefined && { userAgent: req.headers['user-agent'] }),
      at: p.world.now(),
      outcome: 'answered'
    }
    if (raw !== '') {
      try {
        entry.body = JSON.parse(raw)
      } catch {
        entry.body =
          path === TOKEN_PATH || path === REVOKE_PATH
            ? Object.fromEntries(new URLSearchParams(raw))
            : raw
      }
    }
    p.requests.push(entry)

    const send = (status: number, body: unknown, headers: Record<string, string | string[]>) => {
      entry.status = status
      if (res.destroyed) return
      const skew = p.world.clockSkewMs
      res.writeHead(
        status,
        skew === 0 ? headers : { Date: new Date(p.world.now() + skew).toUTCString(), ...headers }
      )
      res.end(
        body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
      )
    }
    const reset = () => {
      entry.outcome = 'reset'
      req.socket.destroy()
    }
    const sendError = (answer: Answer) => {
      const code = (answer.body as { errorCode?: string } | undefined)?.errorCode
      send(answer.status, answer.body, {
        'Content-Type': 'application/json',
        ...(code && { 'X-Error-Code': code }),
        ...answer.headers
      })
    }
    const challenge = (stale: boolean) => {
      p.stats.digestChallenges += 1
      if (stale) p.stats.staleChallenges += 1
      send(401, CHALLENGE_BODY, {
        'Content-Type': 'application/json',
        'WWW-Authenticate': p.digest.challenge(stale)
      })
    }
    const injected = (action: Extract<FaultAction, { type: 'status' }>) => {
      const errorCode =
        action.errorCode ??
        (action.status === 429
          ? 'RATE_LIMITED'
          : action.status === 503
            ? 'SERVICE_UNAVAILABLE'
            : 'UNEXPECTED_ERROR')
      const answer = apiError(
        action.status,
        errorCode,
        action.detail ?? FAULT_DETAILS[errorCode] ?? `Injected fault: ${action.status}.`
      )
      if (action.retryAfterSeconds !== undefined)
        answer.headers = { 'Retry-After': String(action.retryAfterSeconds) }
      sendError(answer)
    }
    /** Answers after the post-handling faults: error instead, no answer at all, or late. */
    const finish = async (fault: FaultAction | undefined, deliver: () => void) => {
      if (fault?.type === 'resetAfterHandling') return reset()
      if (fault?.type === 'statusAfterHandling')
        return sendError(
          apiError(
            fault.status,
            fault.errorCode ?? (fault.status === 429 ? 'RATE_LIMITED' : 'UNEXPECTED_ERROR'),
            `Injected fault after handling: ${fault.status}.`
          )
        )
      if (fault?.type === 'delay') await new Promise(done => setTimeout(done, fault.ms))
      deliver()
    }

    // The OAuth token endpoint (client credentials).
    if (path === TOKEN_PATH) {
      const fault = p.faults.take({ method, path, scheme: 'Basic' })
      if (fault?.type === 'reset') return reset()
      if (fault?.type === 'status') return injected(fault)
      if (method !== 'POST')
        return send(
          405,
          { error: 'invalid_request', error_description: 'Use POST.' },
          {
            'Content-Type': 'application/json',
            Allow: 'POST'
          }
        )
      p.stats.tokenRequests += 1
      const answer = p.tokens.issue(authorization, req.headers['content-type'], raw)
      return finish(fault, () =>
        send(answer.status, answer.body, {
          'Content-Type': 'application/json',
          'Cache-Control': 'no-store'
        })
      )
    }

    // OAuth token revocation (RFC 7009).
    if (path === REVOKE_PATH) {
      const fault = p.faults.take({ method, path, scheme: 'Basic' })
      if (fault?.type === 'reset') return reset()
      if (fault?.type === 'status') return injected(fault)
      if (method !== 'POST')
        return send(
          405,
          { error: 'invalid_request', error_description: 'Use POST.' },
          { 'Content-Type': 'application/json', Allow: 'POST' }
        )
      p.stats.revokeRequests += 1
      const answer = p.tokens.revoke(authorization, req.headers['content-type'], raw)
      return finish(fault, () =>
        send(answer.status, answer.body, {
          ...(answer.body !== undefined && { 'Content-Type': 'application/json' }),
          'Cache-Control': 'no-store'
        })
      )
    }

    // Authentication: a Digest answer or a bearer token; anything else gets the challenge.
    let bearer: string | undefined
    let nonce: string | undefined
    if (entry.authScheme === 'Digest') {
      const verdict = p.digest.verify(authorization, method, req.url ?? path)
      if (!verdict.ok) return challenge(verdict.stale)
      nonce = verdict.nonce
    } else if (entry.authScheme === 'Bearer') {
      bearer = authorization.replace(/^Bearer\s+/i, '').trim()
      if (!p.tokens.valid(bearer)) return sendError(errors.badToken())
    } else {
      return challenge(false)
    }

    const fault = p.faults.take({ method, path, scheme: entry.authScheme })
    switch (fault?.type) {
      case 'reset':
        return reset()
      case 'status':
        return injected(fault)
      case 'staleNonce':
        p.digest.expire(nonce ?? parseAuthParams(authorization).nonce ?? '')
        return challenge(true)
      case 'expireToken':
        p.tokens.expire(bearer ?? '')
        return sendError(errors.badToken())
    }

    const answer = route(p, method, path, url, req, raw)
    return finish(fault, () => {
      if (answer.status >= 400) return sendError(answer)
      let body = shiftDates(answer.body, p.world.clockSkewMs)
      if (body !== undefined && url.searchParams.get('envelope') === 'true') {
        body =
          typeof body === 'object' && body !== null && 'results' in body
            ? { ...body, status: answer.status }
            : { content: body, status: answer.status }
      }
      const pretty = url.searchParams.get('pretty') === 'true'
      send(
        answer.status,
        body === undefined ? undefined : JSON.stringify(body, null, pretty ? 2 : undefined),
        answer.headers ?? {}
      )
    })
  }
}

/** Spec enforcement, then the operation. Answers carry their headers (rate limit and others). */
function route(
  p: Pipeline,
  method: string,
  path: string,
  url: URL,
  req: IncomingMessage,
  raw: string
): Answer {
  if (!path.startsWith(API_PREFIX)) return errors.resourceNotFound(path)
  const candidates = p.routes.filter(r => r.regex.test(path))
  if (candidates.length === 0) return errors.resourceNotFound(path)
  const r = candidates.find(c => c.method === method)
  if (!r) {
    const allowed = [...new Set(candidates.map(c => c.method))].join(', ')
    return {
      ...apiError(
        405,
        'METHOD_NOT_ALLOWED',
        `${method} is not supported on ${path}. Allowed: ${allowed}.`,
        [method]
      ),
      headers: { Allow: allowed }
    }
  }
  const values = r.regex.exec(path)!.slice(1)
  const params: Record<string, string> = {}
  for (const [i, name] of r.paramNames.entries()) {
    try {
      params[name] = decodeURIComponent(values[i])
    } catch {
      params[name] = values[i]
    }
  }
  for (const [name, pattern] of Object.entries(r.paramPatterns)) {
    if (params[name] !== undefined && !pattern.test(params[name])) {
      return name === 'groupId'
        ? apiError(400, 'INVALID_GROUP_ID', `An invalid group ID ${params[name]} was specified.`, [
            params[name]
          ])
        : apiError(
            400,
            'INVALID_PATH_PARAMETER',
            `Invalid path parameter ${name}: ${params[name]} does not match ${pattern.source}.`,
            [name, params[name]]
          )
    }
  }
  const groupId = params.groupId
  if (!p.world.projects.has(groupId)) return errors.groupNotFound(groupId)
  // A project the key cannot read: 403 on every call, without rate-limit headers.
  if (p.world.denied.has(groupId)) return cannotAccess(groupId)

  const family = apiFamily(r.template)
  const retired = retiredOn(r)
  const kind = family === 'tenant' ? 'shared' : family === 'serverless' ? 'serverless' : undefined
  if (kind && p.sunset.has(kind) && retired !== undefined && retired <= RETIREMENT) {
    return apiError(
      404,
      'RESOURCE_NOT_FOUND',
      `Cannot find resource ${path}: ${kind === 'shared' ? 'the shared-tier (M2/M5) tenant backup' : 'the serverless backup'} endpoints were retired on ${retired}. Use the flex cluster endpoints.`,
      [path]
    )
  }

  // A serverless instance that runs on flex: its serverless backup endpoints are gone.
  if (family === 'serverless' && r.operationId !== 'getGroupServerlessInstance') {
    const d = findDeployment(p.world, groupId, params.clusterName ?? params.name ?? '')
    if (d?.kind === 'serverless' && d.flexBacked)
      return apiError(
        404,
        'RESOURCE_NOT_FOUND',
        `Cannot find resource ${path}: serverless instance ${d.name} runs on flex, and the serverless backup endpoints were retired on ${RETIREMENT}. Use the flex cluster endpoints (/flexClusters/${d.name}/backup/…).`,
        [path]
      )
  }

  const limited = p.limiter.take(groupId, family)
  const headers: Record<string, string> = { ...limited.headers }
  const fail = (answer: Answer): Answer => ({
    ...answer,
    headers: { ...headers, ...answer.headers }
  })
  if (limited.exceeded) {
    return fail({
      ...apiError(
        429,
        limited.errorCode,
        limited.errorCode === 'RATE_LIMITED'
          ? `You have exceeded the rate limit for this endpoint family. Retry after ${limited.retryAfterSeconds} s.`
          : limited.detail
      ),
      headers: { 'Retry-After': String(limited.retryAfterSeconds) }
    })
  }

  const accept = req.headers.accept
  const version = acceptedVersion(accept)
  const wanted = r.versions.map(v => `application/vnd.atlas.${v}+json`).join(', ')
  if (version === undefined)
    return fail(
      apiError(
        406,
        'NOT_ACCEPTABLE',
        `Accept must name a versioned media type for this resource: ${wanted}.`,
        [accept ?? '']
      )
    )
  if (!r.versions.includes(version))
    return fail(
      apiError(
        406,
        'INVALID_VERSION_DATE',
        `The version ${version} is not available for this resource. Available: ${wanted}.`,
        [version]
      )
    )
  const sunsetDay = r.versionSunset[version] ?? r.sunset
  if (sunsetDay) {
    headers.Sunset = HTTP_DATE(sunsetDay)
    const newer = r.versions.find(v => v > version)
    if (newer) headers.Deprecation = HTTP_DATE(newer)
  }

  for (const q of r.query) {
    const value = url.searchParams.get(q.name)
    if (value === null) continue
    let parsed: unknown = value
    if (q.type === 'boolean') parsed = value === 'true' ? true : value === 'false' ? false : value
    else if (q.type === 'integer' || q.type === 'number')
      parsed = /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value
    if (!q.validate(parsed))
      return fail(
        apiError(
          400,
          'INVALID_QUERY_PARAMETER',
          `Invalid query parameter ${q.name}: ${value} (${q.validate.errors?.[0]?.message ?? 'invalid'}).`,
          [q.name, value]
        )
      )
  }

  let body: Record<string, unknown> = {}
  if (r.requestMediaTypes.length > 0 && (raw.trim() !== '' || r.requestBodyRequired)) {
    const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
    if (!r.requestMediaTypes.includes(contentType))
      return fail(
        apiError(
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          `Content-Type ${contentType || '(none)'} is not supported here: send ${r.requestMediaTypes.join(' or ')}.`,
          [contentType]
        )
      )
    try {
      body = JSON.parse(raw) as Record<string, unknown>
    } catch {
      return fail(apiError(400, 'INVALID_JSON', 'The request body is not valid JSON.'))
    }
    const validate = r.validator(contentType)
    if (!validate(body)) {
      const problem = describeProblem(validate.errors ?? [])
      return fail(apiError(400, problem.errorCode, problem.detail, [problem.field]))
    }
  }

  const answer = handle(p.world, {
    operationId: r.operationId,
    api: family,
    params,
    query: url.searchParams,
    pageable: r.query.some(q => q.name === 'pageNum'),
    body,
    version,
    path
  })
  if (answer.status >= 400) return fail(answer)
  return {
    ...answer,
    headers: {
      ...headers,
      'Content-Type': `application/vnd.atlas.${version}+json;charset=utf-8`,
      ...answer.headers
    }
  }
}
