// Which credential pair to use: inputs first, a whole pair of inputs winning over the
// MONGODB_ATLAS_* variables the Atlas CLI reads; exactly one pair must be complete.

import type { Credentials } from '../atlas/auth/types.js'
import { CREDENTIAL_ENV, type InputName } from './contract.js'
import type { FieldReader } from './fields.js'

export function parseCredentials(
  fields: FieldReader,
  env: Record<string, string | undefined>
): Credentials {
  const value = (name: InputName) => fields.value(name)
  const problem = fields.problem
  type Field = keyof typeof CREDENTIAL_ENV
  const pairs: [Field, Field][] = [
    ['publicKey', 'privateKey'],
    ['clientId', 'clientSecret']
  ]
  const variable = (n: Field) => (env[CREDENTIAL_ENV[n]] ?? '').trim()
  // A pair given whole as inputs wins over variables set for the whole runner; otherwise
  // each input falls back to the variable the Atlas CLI reads.
  const explicit = pairs.filter(pair => pair.every(n => value(n) !== '')).length === 1
  const get = (n: Field) => (explicit ? value(n) : value(n) || variable(n))
  const named = (n: Field) => (explicit ? n : `${n} (or ${CREDENTIAL_ENV[n]})`)

  const [apiKey, serviceAccount] = pairs.map(pair => pair.every(n => get(n) !== ''))
  for (const [a, b] of pairs) {
    const [given, missing] = get(a) !== '' ? [a, b] : [b, a]
    if (get(given) !== '' && get(missing) === '') {
      problem(missing, `is missing: ${named(given)} is set, so ${named(missing)} is needed too`)
    }
  }
  if (apiKey && serviceAccount) {
    problem(
      'clientId',
      'both an API key (publicKey, privateKey) and a service account (clientId, clientSecret) are set: give one credential pair'
    )
  } else if (pairs.flat().every(n => get(n) === '')) {
    problem(
      'publicKey',
      `no credentials: set publicKey and privateKey (API key) or clientId and clientSecret (service account), as inputs or as ${Object.values(CREDENTIAL_ENV).join(', ')}. If they come from secrets: secrets are empty in pull requests from forks and in Dependabot runs`
    )
  }
  return serviceAccount && !apiKey
    ? { type: 'serviceAccount', clientId: get('clientId'), clientSecret: get('clientSecret') }
    : { type: 'apiKey', publicKey: get('publicKey'), privateKey: get('privateKey') }
}
