// The least any Node program pays to send one HTTP request (node:http through require, as the
// bundle loads it).
import { createRequire } from 'node:module'

createRequire(import.meta.url)('http')
  .get(`${process.env.INPUT_BASEURL}/probe`, response => response.resume())
  .on('error', () => undefined)
