import { expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { VERSION } from '../src/version.js'

it("the User-Agent version is package.json's", () => {
  expect(VERSION).toBe(
    (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version
  )
})
