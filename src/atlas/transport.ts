// One HTTP exchange whose promise always settles: within a total limit (from the first byte of
// the request to the last of the answer, however slowly bytes drip), at a hard stop (the run's
// deadline plus a little), when a signal aborts, or when the body grows past a cap.
//
// Why node:http and not @actions/http-client's request(): http-client hides the ClientRequest
// (nothing to destroy when a limit passes), its timeout is an idle timer that each dripped byte
// resets, and readBody() waits for an 'end' that a cut response never emits, so an await hangs.
// The proxy support stays http-client's own: getAgent(url) reads HTTPS_PROXY/HTTP_PROXY/NO_PROXY
// at request time and gives its CONNECT tunnel agent (or a plain keep-alive agent), so proxies
// behave exactly as for every other action, and the bundle gains nothing (http-client is there
// for @actions/core anyway).

import http, { type IncomingHttpHeaders } from 'node:http'
import https from 'node:https'
import type { Socket } from 'node:net'
import { HttpClient } from '@actions/http-client'
import { getProxyUrl } from '@actions/http-client/lib/proxy'
import { clampTimer } from './retry.js'

export interface Exchange {
  method: string
  url: URL
  headers: Record<string, string>
  body?: string
}

export interface Limits {
  /** Longest the whole exchange may take. */
  timeoutMs: number
  /** Epoch ms after which the exchange is abandoned whatever timeoutMs says. */
  hardStop: number
  signal?: AbortSignal
  maxBodyBytes: number
  now: () => number
}

export interface RawResponse {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

export type FailureKind = 'timeout' | 'deadline' | 'aborted' | 'tooLarge' | 'proxy' | 'network'

/** Why an exchange gave no answer; `sent` says whether the request may have reached the server. */
export class TransportFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly sent: boolean,
    readonly code?: string,
    readonly proxy?: { address: string; status?: number }
  ) {
    super(message)
    this.name = 'TransportFailure'
  }
}

/** The agents requests go through: http-client's, so its proxy rules apply. */
export class Agents {
  private readonly client = new HttpClient(undefined, [], { keepAlive: true })

  agentFor(url: URL): http.Agent {
    return this.client.getAgent(url.href)
  }

  /** host:port of the proxy a request to `url` goes through, if any. */
  proxyFor(url: URL): string | undefined {
    const proxy = getProxyUrl(url)
    if (proxy === undefined || proxy.hostname === '') return undefined
    return `${proxy.hostname}:${proxy.port || (proxy.protocol === 'https:' ? '443' : '80')}`
  }

  dispose(): void {
    this.client.dispose()
  }
}

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024

const PROXY_STATUS_TEXT: Record<number, string> = {
  403: 'Forbidden',
  407: 'Proxy Authentication Required',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout'
}

export function exchange(request: Exchange, limits: Limits, agents: Agents): Promise<RawResponse> {
  return new Promise<RawResponse>((resolve, reject) => {
    const { url } = request
    const { signal } = limits
    if (signal?.aborted) return reject(new TransportFailure('aborted', 'cancelled', false))
    const untilStop = limits.hardStop - limits.now()
    if (untilStop <= 0) return reject(new TransportFailure('deadline', 'deadline passed', false))
    const byDeadline = untilStop < limits.timeoutMs
    const budget = byDeadline ? untilStop : limits.timeoutMs
    const proxy = agents.proxyFor(url)
    const isTls = url.protocol === 'https:'
    let sent = false
    let settled = false

    const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8')
    const headers: Record<string, string> = { ...request.headers }
    if (body !== undefined) headers['content-length'] = String(body.length)
    const req = (isTls ? https : http).request({
      method: request.method,
      // URL keeps IPv6 literals bracketed ([::1]); the socket wants the bare address.
      host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port === '' ? (isTls ? 443 : 80) : Number(url.port),
      path: `${url.pathname}${url.search}`,
      headers,
      agent: agents.agentFor(url)
    })

    const settle = (failure?: TransportFailure, response?: RawResponse) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      if (failure !== undefined) {
        req.destroy()
        reject(failure)
      } else resolve(response!)
    }
    const timer = setTimeout(
      () =>
        settle(
          byDeadline
            ? new TransportFailure('deadline', 'abandoned at the deadline', sent)
            : new TransportFailure(
                'timeout',
                `request timeout: no complete answer within ${limits.timeoutMs} ms`,
                sent
              )
        ),
      clampTimer(budget)
    )
    const onAbort = () => settle(new TransportFailure('aborted', 'cancelled', sent))
    signal?.addEventListener('abort', onAbort, { once: true })

    req.on('socket', (socket: Socket) => {
      // A pooled or tunnelled socket is connected already; a new one is once it says so. Until
      // then nothing of the request can have left this machine.
      if (!socket.connecting) sent = true
      else socket.once(isTls ? 'secureConnect' : 'connect', () => (sent = true))
    })
    req.on('error', error => settle(classify(error, sent, proxy)))
    req.on('response', res => {
      const declared = Number(res.headers['content-length'])
      if (Number.isFinite(declared) && declared > limits.maxBodyBytes)
        return settle(tooLarge(limits))
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size > limits.maxBodyBytes) settle(tooLarge(limits))
        else chunks.push(chunk)
      })
      res.on('end', () =>
        settle(undefined, {
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8')
        })
      )
      res.on('error', () => {}) // 'close' tells the story
      res.on('close', () =>
        settle(
          new TransportFailure(
            'network',
            'the connection closed before the whole answer arrived',
            true,
            'ECONNRESET'
          )
        )
      )
    })
    req.end(body)
  })
}

function tooLarge(limits: Limits): TransportFailure {
  return new TransportFailure(
    'tooLarge',
    `the answer is larger than ${limits.maxBodyBytes} bytes`,
    true
  )
}

/** Node's and the tunnel agent's errors, as failures that say what happened. */
function classify(error: unknown, sent: boolean, proxy: string | undefined): TransportFailure {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  const text = typeof message === 'string' ? message : String(error)
  const errorCode = typeof code === 'string' ? code : undefined
  // The tunnel agent reports a refused CONNECT as ECONNRESET: it is the proxy's answer.
  const tunnel =
    /^tunneling socket could not be established, (?:statusCode=(\d+)|cause=(.*))$/s.exec(text)
  if (tunnel !== null && proxy !== undefined) {
    const status = tunnel[1] === undefined ? undefined : Number(tunnel[1])
    const detail = status === undefined ? (tunnel[2] ?? '') : (PROXY_STATUS_TEXT[status] ?? '')
    return new TransportFailure('proxy', detail, false, errorCode, {
      address: proxy,
      ...(status !== undefined && { status })
    })
  }
  const reason =
    errorCode !== undefined && !text.includes(errorCode) ? `${errorCode} ${text}` : text
  return new TransportFailure(
    'network',
    reason,
    sent && !NOT_SENT_CODES.has(errorCode ?? ''),
    errorCode
  )
}

/** Codes of errors raised before the request could leave this machine. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH'
])
