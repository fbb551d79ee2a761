// Wrong inputs, given to the bundled action as the runner gives them: each must fail the step,
// name the input, echo no secret, and send no HTTP request at all.

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { runAction, runtimes, visibleLog } from '../../scripts/runner.js'
import {
  badInputs,
  CLIENT_SECRET,
  PRIVATE_KEY,
  validInputs,
  withChange
} from '../helpers/bad-inputs.js'

const runtime = runtimes().at(-1)!

let server: Server
let requests = 0
let baseUrl = ''
beforeAll(async () => {
  server = createServer((_, res) => {
    requests += 1
    res.writeHead(500).end()
  })
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>(done => server.close(() => done())))

describe('bad inputs', () => {
  it('has at least 35 cases', () => {
    expect(badInputs.length).toBeGreaterThanOrEqual(35)
  })

  it.each(badInputs)('%s', async (_, change, input) => {
    const before = requests
    const r = await runAction({ runtime, inputs: withChange(validInputs(baseUrl), change) })
    expect(r.code).not.toBe(0)
    expect(requests).toBe(before)
    const message = r.errors.join('\n')
    expect(message).toMatch(new RegExp(`^- ${input}: `, 'm'))
    for (const secret of [PRIVATE_KEY, CLIENT_SECRET]) {
      expect(visibleLog(r)).not.toContain(secret)
      expect(r.summary).not.toContain(secret)
    }
  })
})
