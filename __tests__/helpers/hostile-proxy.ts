// A reverse proxy on 127.0.0.1 in front of the simulator: it passes every request through, and
// misbehaves for real on the requests a rule matches — the body cut mid-way, dripped, stalled
// after the headers, a half-open socket, the body replaced, or an answer of its own (before or
// after forwarding). Rules match authenticated requests only (the Digest challenge round passes
// untouched), and a forwarded one only when the simulator did not answer 401.

import {
  Agent,
  createServer,
  request,
  type IncomingMessage,
  type OutgoingHttpHeaders
} from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface Upstream {
  status: number
  headers: IncomingMessage['headers']
  body: string
}

type BodyOf = string | ((upstream: Upstream, req: IncomingMessage) => string)

export type Misbehaviour =
  /** The simulator's headers with its Content-Length, part of the body, then a reset. */
  | { type: 'cutBody' }
  /** Chunked, part of the body, then FIN: the last chunk never comes. */
  | { type: 'truncatedChunked' }
  /** The headers, then nothing. */
  | { type: 'stallAfterHeaders' }
  /** The headers, then one byte of the body every `everyMs`. */
  | { type: 'drip'; everyMs: number }
  /** Not forwarded: the request is neither read nor answered. */
  | { type: 'halfOpen' }
  /** Forwarded; the answer's body (and maybe status) replaced. */
  | { type: 'replaceBody'; body: BodyOf; status?: number; headers?: Record<string, string> }
  /** Answered by the proxy; with `forward`, only after the simulator handled the request. */
  | {
      type: 'answer'
      status: number
      body: BodyOf
      headers?: Record<string, string>
      forward?: boolean
    }

export interface ProxyRule {
  method?: string
  path: RegExp
  /** How many matching requests misbehave (default 1; Infinity for all). */
  times?: number
  /** Matching requests passed through untouched before the rule applies (default 0). */
  skip?: number
  /** A pause before misbehaving (after forwarding, for forwarded actions). */
  delayMs?: number
  action: Misbehaviour
}

export interface SeenRequest {
  method: string
  path: string
  /** Which rule's action was applied, if any. */
  action?: Misbehaviour['type']
}

export interface HostileProxy {
  url: string
  seen: SeenRequest[]
  add(rule: ProxyRule): void
  clear(): void
  /** Rules not used up yet. */
  pending(): number
  close(): Promise<void>
}

const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'content-length']

function forwardable(headers: IncomingMessage['headers']): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {}
  for (const [name, value] of Object.entries(headers))
    if (!HOP_BY_HOP.includes(name) && value !== undefined) out[name] = value
  return out
}

export async function startHostileProxy(target: string): Promise<HostileProxy> {
  const upstreamUrl = new URL(target)
  const agent = new Agent({ keepAlive: true })
  const rules: { rule: ProxyRule; left: number; skip: number }[] = []
  const seen: SeenRequest[] = []
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()

  const forward = (req: IncomingMessage, body: Buffer) =>
    new Promise<Upstream>((resolve, reject) => {
      const out = request(
        {
          host: upstreamUrl.hostname,
          port: upstreamUrl.port,
          method: req.method,
          path: req.url,
          headers: { ...forwardable(req.headers), 'content-length': String(body.length) },
          agent
        },
        res => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 502,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8')
            })
          )
          res.on('error', reject)
        }
      )
      out.on('error', reject)
      out.end(body)
    })

  const take = (req: IncomingMessage): ProxyRule | undefined => {
    if (req.headers.authorization === undefined) return undefined
    const path = req.url!.split('?')[0]
    const entry = rules.find(
      r => r.left > 0 && r.rule.path.test(path) && (r.rule.method ?? req.method) === req.method
    )
    if (entry === undefined) return undefined
    if (entry.skip > 0) {
      entry.skip -= 1
      return undefined
    }
    return entry.rule
  }
  const use = (rule: ProxyRule) => {
    const entry = rules.find(r => r.rule === rule)
    if (entry) entry.left -= 1
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks)
        const note: SeenRequest = { method: req.method!, path: req.url! }
        seen.push(note)
        const rule = take(req)
        const action = rule?.action
        const pause = () => new Promise<void>(done => later(done, rule?.delayMs ?? 0))
        if (rule && action?.type === 'halfOpen') {
          use(rule)
          note.action = action.type
          req.socket.pause()
          return
        }
        if (rule && action?.type === 'answer' && !action.forward) {
          use(rule)
          note.action = action.type
          await pause()
          return answer(res, action.status, bodyOf(action.body, undefined, req), action.headers)
        }
        let upstream: Upstream
        try {
          upstream = await forward(req, body)
        } catch {
          res.socket?.destroy()
          return
        }
        if (!rule || !action || upstream.status === 401) {
          return answer(res, upstream.status, upstream.body, forwardable(upstream.headers))
        }
        use(rule)
        note.action = action.type
        await pause()
        if (res.socket === null || res.socket.destroyed) return
        const headers = forwardable(upstream.headers)
        const bytes = Buffer.from(upstream.body, 'utf8')
        const half = bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2)))
        switch (action.type) {
          case 'cutBody':
            res.writeHead(upstream.status, { ...headers, 'content-length': bytes.length })
            res.write(half)
            return later(() => req.socket.destroy(), 20)
          case 'truncatedChunked':
            res.writeHead(upstream.status, headers)
            res.write(half)
            return later(() => req.socket.end(), 20)
          case 'stallAfterHeaders':
            res.writeHead(upstream.status, { ...headers, 'content-length': bytes.length })
            return res.flushHeaders()
          case 'drip': {
            res.writeHead(upstream.status, { ...headers, 'content-length': bytes.length })
            let i = 0
            const timer = setInterval(() => {
              if (i < bytes.length - 1) res.write(bytes.subarray(i, ++i))
            }, action.everyMs)
            timers.add(timer)
            req.socket.on('close', () => clearInterval(timer))
            return
          }
          case 'replaceBody':
            return answer(
              res,
              action.status ?? upstream.status,
              bodyOf(action.body, upstream, req),
              { ...headers, ...action.headers }
            )
          case 'answer':
            return answer(res, action.status, bodyOf(action.body, upstream, req), action.headers)
        }
      })()
    })
  })
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  const later = (fn: () => void, ms: number) => {
    const timer = setTimeout(fn, ms)
    timers.add(timer)
  }
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    add: rule => rules.push({ rule, left: rule.times ?? 1, skip: rule.skip ?? 0 }),
    clear: () => {
      rules.splice(0)
      seen.splice(0)
    },
    pending: () => rules.filter(r => r.left > 0 && Number.isFinite(r.left)).length,
    close: () =>
      new Promise<void>(done => {
        for (const timer of timers) clearTimeout(timer)
        for (const timer of timers) clearInterval(timer)
        for (const socket of sockets) socket.destroy()
        agent.destroy()
        server.close(() => done())
      })
  }
}

function bodyOf(body: BodyOf, upstream: Upstream | undefined, req: IncomingMessage): string {
  if (typeof body === 'string') return body
  return body(upstream ?? { status: 0, headers: {}, body: '' }, req)
}

function answer(
  res: import('node:http').ServerResponse,
  status: number,
  body: string,
  headers: OutgoingHttpHeaders = {}
): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    ...headers,
    'content-length': Buffer.byteLength(body)
  })
  res.end(body)
}
