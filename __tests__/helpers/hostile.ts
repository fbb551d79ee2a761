// Misbehaving servers on loopback for the transport tests: each behaviour is a handler for one
// request, scripted in order; what the server saw is recorded. Raw (node:net) servers cover what
// node:http cannot do (drip the status line, keep a socket half-open), and a CONNECT proxy
// answers tunnels with a chosen status or opens them.

import { afterAll, afterEach, beforeAll } from '@jest/globals'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { connect, createServer as createNetServer, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import type { AtlasAuth } from '../../src/atlas/auth/index.js'
import { AtlasClient, type AtlasClientOptions } from '../../src/atlas/client.js'

export type Behaviour = (req: IncomingMessage, res: ServerResponse, body: string) => void

export interface Seen {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

export interface Hostile {
  url: string
  port: number
  seen: Seen[]
  /** Behaviours for the next requests, in order; `fallback` answers once they run out. */
  script: Behaviour[]
  close(): Promise<void>
}

function tracked(server: Server | ReturnType<typeof createNetServer>) {
  const sockets = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  return () =>
    new Promise<void>(done => {
      for (const socket of sockets) socket.destroy()
      server.close(() => done())
    })
}

export async function startHostile(
  fallback: Behaviour = json(500, { error: 500, errorCode: 'UNSCRIPTED' }),
  host = '127.0.0.1'
): Promise<Hostile> {
  const hostile: Partial<Hostile> = { seen: [], script: [] }
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', c => (body += c))
    req.on('end', () => {
      hostile.seen!.push({ method: req.method!, url: req.url!, headers: req.headers, body })
      ;(hostile.script!.shift() ?? fallback)(req, res, body)
    })
  })
  const close = tracked(server)
  await new Promise<void>(done => server.listen(0, host, done))
  const port = (server.address() as AddressInfo).port
  const shown = host.includes(':') ? `[${host}]` : host
  return Object.assign(hostile, { url: `http://${shown}:${port}`, port, close }) as Hostile
}

/** A raw TCP server: `onSocket` does whatever it likes with each connection. */
export async function startRaw(
  onSocket: (socket: Socket) => void
): Promise<{ url: string; connections: () => number; close: () => Promise<void> }> {
  let count = 0
  const server = createNetServer(socket => {
    count += 1
    socket.on('error', () => {})
    onSocket(socket)
  })
  const close = tracked(server)
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done))
  const port = (server.address() as AddressInfo).port
  return { url: `http://127.0.0.1:${port}`, connections: () => count, close }
}

export const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Behaviour =>
  (_, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers })
    res.end(JSON.stringify(body))
  }

/** A body exactly as given (malformed JSON, empty, `null`...). */
export const text =
  (status: number, body: string, headers: Record<string, string> = {}): Behaviour =>
  (_, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers })
    res.end(body)
  }

/** Headers promising 100 bytes, part of the body, then the connection destroyed. */
export const cutAfterHeaders: Behaviour = (req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' })
  res.write('{"id":"6a79')
  setTimeout(() => req.socket.destroy(), 20)
}

/** A chunked body whose last chunk never comes: the socket ends (FIN) halfway. */
export const truncatedChunked: Behaviour = (req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' })
  res.write('{"results":[{"id":')
  setTimeout(() => req.socket.end(), 20)
}

/** Headers, then nothing, forever. */
export const stallAfterHeaders: Behaviour = (_, res) => {
  res.writeHead(200, { 'content-type': 'application/json' })
  res.flushHeaders()
}

/** Nothing at all: the request is read and never answered. */
export const silent: Behaviour = () => {}

/** Headers, then the body one byte every `everyMs`: each byte alone would reset an idle timer. */
export const dripBody =
  (everyMs: number): Behaviour =>
  (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000000' })
    const timer = setInterval(() => res.write(' '), everyMs)
    req.socket.on('close', () => clearInterval(timer))
  }

/** Raw: the status line and headers one byte every `everyMs`. */
export const dripHeaders =
  (everyMs: number) =>
  (socket: Socket): void => {
    const bytes = Buffer.from(`HTTP/1.1 200 OK\r\n${'x-padding: drip\r\n'.repeat(1000)}\r\n`)
    let i = 0
    const timer = setInterval(() => {
      if (i < bytes.length) socket.write(bytes.subarray(i, ++i))
    }, everyMs)
    socket.on('close', () => clearInterval(timer))
  }

/** Raw: the connection is accepted and then neither read nor written (half-open). */
export const halfOpen = (socket: Socket): void => {
  socket.pause()
}

/** Every pageNum gets the same full page (a server that ignores pageNum). */
export const samePage =
  (totalCount?: number): Behaviour =>
  (req, res) => {
    const size = Number(new URL(req.url!, 'http://x').searchParams.get('itemsPerPage'))
    const results = Array.from({ length: size }, (_, i) => ({ id: `same-${i}` }))
    json(200, totalCount === undefined ? { results } : { results, totalCount })(req, res, '')
  }

/** Honest paging at the server's own page size, whatever itemsPerPage asked. */
export const pagesOf =
  (perPage: number, totalCount: number, reportTotal: number = totalCount): Behaviour =>
  (req, res) => {
    const pageNum = Number(new URL(req.url!, 'http://x').searchParams.get('pageNum'))
    const from = (pageNum - 1) * perPage
    const results = Array.from(
      { length: Math.max(0, Math.min(perPage, totalCount - from)) },
      (_, i) => ({ id: `item-${from + i}` })
    )
    json(200, { results, totalCount: reportTotal })(req, res, '')
  }

/** An Atlas 429 (or a gateway's, with `body` undefined), with optional headers. */
export const rateLimited = (
  errorCode: string | undefined,
  headers: Record<string, string> = {}
): Behaviour =>
  errorCode === undefined
    ? text(429, '<html>Too Many Requests</html>', { 'content-type': 'text/html', ...headers })
    : json(429, { error: 429, errorCode, detail: 'Too many requests.' }, headers)

/** An error whose detail echoes the request's Authorization header, newlines and all. */
export const echoAuthorization: Behaviour = (req, res) =>
  json(400, {
    error: 400,
    errorCode: 'INVALID_PARAMETER',
    detail: `Bad header\n\u001b[31m${req.headers.authorization ?? ''}\r\nend`
  })(req, res, '')

export interface Proxy {
  url: string
  connects: string[]
  close: () => Promise<void>
}

/**
 * A CONNECT proxy: answers `status` (407, 502...) or, for 200, opens the tunnel to 127.0.0.1
 * at the port asked for (whatever host name was asked: the client never resolves it).
 */
export async function startProxy(status: number): Promise<Proxy> {
  const connects: string[] = []
  const server = createServer((_, res) => {
    res.writeHead(405)
    res.end()
  })
  server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    connects.push(req.url!)
    socket.on('error', () => {})
    if (status !== 200) {
      const reason = status === 407 ? 'Proxy Authentication Required' : 'Bad Gateway'
      socket.end(
        `HTTP/1.1 ${status} ${reason}\r\nproxy-authenticate: Basic realm="p"\r\ncontent-length: 0\r\n\r\n`
      )
      return
    }
    const port = Number(req.url!.split(':').pop())
    const upstream = connect(port, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length > 0) upstream.write(head)
      upstream.pipe(socket)
      socket.pipe(upstream)
    })
    upstream.on('error', () => socket.destroy())
    socket.on('close', () => upstream.destroy())
  })
  const close = tracked(server)
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connects, close }
}

/** No credentials: for servers that ask for none. */
export const noAuth: AtlasAuth = {
  prepare: async () => {},
  authorize: () => undefined,
  onUnauthorized: async () => false,
  revoke: async () => {}
}

/** A client with short limits and instant sleeps; `clients` collects them for disposal. */
export function testClient(
  clients: AtlasClient[],
  baseUrl: string,
  overrides: Partial<AtlasClientOptions> = {}
): AtlasClient {
  const c = new AtlasClient({
    baseUrl,
    auth: noAuth,
    userAgent: 'test',
    requestTimeoutMs: 1_500,
    sleep: async () => {},
    random: () => 0.5,
    deadline: Date.now() + 20_000,
    deadlineSlackMs: 200,
    ...overrides
  })
  clients.push(c)
  return c
}

/**
 * One hostile server for a test file: started before the tests, closed after them, its script
 * and log cleared and its clients disposed after each test. `server` stands for the current one.
 */
export function useHostile(): {
  server: Hostile
  clients: AtlasClient[]
  client: (overrides?: Partial<AtlasClientOptions>) => AtlasClient
  /** Starts a fresh server after a test closed the current one. */
  reopen: () => Promise<void>
} {
  let current: Hostile | undefined
  const clients: AtlasClient[] = []
  const live = (): Hostile => {
    if (current === undefined) throw new Error('the hostile server is not started')
    return current
  }
  beforeAll(async () => {
    current = await startHostile()
  })
  afterAll(() => current?.close())
  afterEach(() => {
    if (current) {
      current.script = []
      current.seen = []
    }
    for (const c of clients.splice(0)) c.dispose()
  })
  const server = new Proxy({} as Hostile, {
    get: (_, key) => Reflect.get(live(), key),
    set: (_, key, value) => Reflect.set(live(), key, value)
  })
  return {
    server,
    clients,
    client: (overrides = {}) => testClient(clients, live().url, overrides),
    reopen: async () => {
      current = await startHostile()
    }
  }
}
