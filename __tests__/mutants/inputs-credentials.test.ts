// Tests written to kill the mutants that survived in src/inputs/credentials.ts (CONTRIBUTING.md,
// Mutation testing): which pair is chosen, inputs against variables, and each message.

import { describe, expect, it } from '@jest/globals'
import type { RawInputs } from '../../src/inputs/contract.js'
import { parseCredentials } from '../../src/inputs/credentials.js'
import { FieldReader } from '../../src/inputs/fields.js'

function parse(raw: RawInputs, env: Record<string, string | undefined> = {}) {
  const problems: [string, string][] = []
  const fields = new FieldReader(raw, (input, message) => problems.push([input, message]))
  return { credentials: parseCredentials(fields, env), problems }
}

const ENV = {
  publicKey: 'MONGODB_ATLAS_PUBLIC_API_KEY',
  privateKey: 'MONGODB_ATLAS_PRIVATE_API_KEY',
  clientId: 'MONGODB_ATLAS_CLIENT_ID',
  clientSecret: 'MONGODB_ATLAS_CLIENT_SECRET'
} as const

const NONE =
  'no credentials: set publicKey and privateKey (API key) or clientId and clientSecret (service account), as inputs or as MONGODB_ATLAS_PUBLIC_API_KEY, MONGODB_ATLAS_PRIVATE_API_KEY, MONGODB_ATLAS_CLIENT_ID, MONGODB_ATLAS_CLIENT_SECRET. If they come from secrets: secrets are empty in pull requests from forks and in Dependabot runs'
const BOTH =
  'both an API key (publicKey, privateKey) and a service account (clientId, clientSecret) are set: give one credential pair'

describe('parseCredentials', () => {
  it('takes an API key from the inputs', () => {
    expect(parse({ publicKey: ' pub ', privateKey: ' priv ' })).toStrictEqual({
      credentials: { type: 'apiKey', publicKey: 'pub', privateKey: 'priv' },
      problems: []
    })
  })

  it('takes a service account from the inputs', () => {
    expect(parse({ clientId: 'id', clientSecret: 'sec' })).toStrictEqual({
      credentials: { type: 'serviceAccount', clientId: 'id', clientSecret: 'sec' },
      problems: []
    })
  })

  it('takes a service account from the variables, trimmed', () => {
    expect(parse({}, { [ENV.clientId]: ' id ', [ENV.clientSecret]: 'sec\n' })).toStrictEqual({
      credentials: { type: 'serviceAccount', clientId: 'id', clientSecret: 'sec' },
      problems: []
    })
  })

  it('takes an API key from the variables', () => {
    expect(parse({}, { [ENV.publicKey]: 'pub', [ENV.privateKey]: 'priv' })).toStrictEqual({
      credentials: { type: 'apiKey', publicKey: 'pub', privateKey: 'priv' },
      problems: []
    })
  })

  it('lets a whole pair of inputs win over the other pair in the variables', () => {
    expect(
      parse(
        { clientId: 'id', clientSecret: 'sec' },
        { [ENV.publicKey]: 'p', [ENV.privateKey]: 'q' }
      )
    ).toStrictEqual({
      credentials: { type: 'serviceAccount', clientId: 'id', clientSecret: 'sec' },
      problems: []
    })
    expect(
      parse({ publicKey: 'p', privateKey: 'q' }, { [ENV.clientId]: 'i', [ENV.clientSecret]: 's' })
    ).toStrictEqual({
      credentials: { type: 'apiKey', publicKey: 'p', privateKey: 'q' },
      problems: []
    })
  })

  it('lets a whole pair of inputs ignore a half pair in the variables', () => {
    expect(parse({ publicKey: 'p', privateKey: 'q' }, { [ENV.clientId]: 'i' })).toStrictEqual({
      credentials: { type: 'apiKey', publicKey: 'p', privateKey: 'q' },
      problems: []
    })
  })

  it('lets an input override its own variable', () => {
    expect(
      parse({ publicKey: 'input' }, { [ENV.publicKey]: 'variable', [ENV.privateKey]: 'priv' })
    ).toStrictEqual({
      credentials: { type: 'apiKey', publicKey: 'input', privateKey: 'priv' },
      problems: []
    })
    expect(parse({ clientSecret: 's' }, { [ENV.clientId]: 'i' })).toStrictEqual({
      credentials: { type: 'serviceAccount', clientId: 'i', clientSecret: 's' },
      problems: []
    })
  })

  it('names the inputs alone when a whole pair was given as inputs', () => {
    expect(parse({ publicKey: 'p', privateKey: 'q', clientId: 'i' }).problems).toStrictEqual([
      ['clientSecret', 'is missing: clientId is set, so clientSecret is needed too']
    ])
  })

  it.each([
    [
      { publicKey: 'p' },
      'privateKey',
      'publicKey (or MONGODB_ATLAS_PUBLIC_API_KEY) is set, so privateKey (or MONGODB_ATLAS_PRIVATE_API_KEY) is needed too'
    ],
    [
      { privateKey: 'q' },
      'publicKey',
      'privateKey (or MONGODB_ATLAS_PRIVATE_API_KEY) is set, so publicKey (or MONGODB_ATLAS_PUBLIC_API_KEY) is needed too'
    ],
    [
      { clientId: 'i' },
      'clientSecret',
      'clientId (or MONGODB_ATLAS_CLIENT_ID) is set, so clientSecret (or MONGODB_ATLAS_CLIENT_SECRET) is needed too'
    ],
    [
      { clientSecret: 's' },
      'clientId',
      'clientSecret (or MONGODB_ATLAS_CLIENT_SECRET) is set, so clientId (or MONGODB_ATLAS_CLIENT_ID) is needed too'
    ]
  ] as const)('reports half a pair %j, naming the variable too', (raw, missing, message) => {
    expect(parse(raw).problems).toStrictEqual([[missing, `is missing: ${message}`]])
  })

  it('reports half a pair given in the variables', () => {
    expect(parse({}, { [ENV.privateKey]: 'q' }).problems).toStrictEqual([
      [
        'publicKey',
        'is missing: privateKey (or MONGODB_ATLAS_PRIVATE_API_KEY) is set, so publicKey (or MONGODB_ATLAS_PUBLIC_API_KEY) is needed too'
      ]
    ])
  })

  it('reports both halves missing from two half pairs', () => {
    expect(parse({ publicKey: 'p', clientSecret: 's' }).problems.map(p => p[0])).toStrictEqual([
      'privateKey',
      'clientId'
    ])
  })

  it('refuses two whole pairs, from the inputs or the variables, as the API key', () => {
    expect(
      parse({ publicKey: 'p', privateKey: 'q', clientId: 'i', clientSecret: 's' })
    ).toStrictEqual({
      credentials: { type: 'apiKey', publicKey: 'p', privateKey: 'q' },
      problems: [['clientId', BOTH]]
    })
    expect(
      parse(
        {},
        {
          [ENV.publicKey]: 'p',
          [ENV.privateKey]: 'q',
          [ENV.clientId]: 'i',
          [ENV.clientSecret]: 's'
        }
      ).problems
    ).toStrictEqual([['clientId', BOTH]])
  })

  it('refuses no credentials at all, listing the variables and why secrets may be empty', () => {
    expect(parse({}, { [ENV.publicKey]: '  ', OTHER: 'x' })).toStrictEqual({
      credentials: { type: 'apiKey', publicKey: '', privateKey: '' },
      problems: [['publicKey', NONE]]
    })
  })
})
