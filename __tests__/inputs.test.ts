import { describe, expect, it } from '@jest/globals'
import type { RawInputs } from '../src/inputs/contract.js'
import { checkKindSupport } from '../src/inputs/kind-rules.js'
import { InputError } from '../src/inputs/problems.js'
import { parseInputs, type Settings } from '../src/inputs/settings.js'
import { adapters } from '../src/kinds/index.js'
import {
  badInputs,
  CLIENT_SECRET,
  PRIVATE_KEY,
  validInputs,
  withChange
} from './helpers/bad-inputs.js'

const GROUP = '6a793f6b2c88faeba59bae37'
const OTHER_GROUP = '6a794320c0eb9e7a17728a63'
const SECRET = 'b1c2d3e4-secret-private-key'

const base: RawInputs = {
  groupId: GROUP,
  clusterName: 'backupRestores-305',
  targetClusterName: 'scratch-1',
  publicKey: 'abcdefgh',
  privateKey: SECRET
}

const parse = (raw: RawInputs, env: Record<string, string> = {}): Settings => parseInputs(raw, env)

function problemsOf(raw: RawInputs, env: Record<string, string> = {}) {
  try {
    parseInputs(raw, env)
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return (error as InputError).problems
  }
  throw new Error('expected an InputError')
}

describe('parseInputs: valid inputs', () => {
  it('applies the contract defaults', () => {
    const s = parse(base)
    expect(s).toMatchObject({
      groupId: GROUP,
      clusterName: 'backupRestores-305',
      clusterKind: 'auto',
      deliveryType: 'automated',
      snapshotId: 'latest',
      targetGroupId: GROUP,
      targetClusterName: 'scratch-1',
      waitForCompletion: true,
      timeoutMs: 2 * 3600_000,
      pollIntervalMs: 30_000,
      cancelOnAbort: false,
      allowSourceOverwrite: false,
      dryRun: false,
      maskDeliveryUrls: true,
      baseUrl: 'https://cloud.mongodb.com',
      credentials: { type: 'apiKey', publicKey: 'abcdefgh', privateKey: SECRET }
    })
    expect(s.maxSnapshotAgeMs).toBeUndefined()
    expect(s.restoreJobId).toBeUndefined()
  })

  it('reads durations, booleans as GitHub writes them, and the point-in-time forms', () => {
    const s = parse({
      ...base,
      deliveryType: 'pointInTime',
      pointInTime: '2026-11-20T03:00:00Z',
      timeout: '90m',
      pollInterval: '250ms',
      maxSnapshotAge: '26h',
      waitForCompletion: 'False',
      dryRun: 'TRUE',
      targetGroupId: OTHER_GROUP
    })
    expect(s.pointInTime).toEqual({ pointInTimeUTCSeconds: 1795143600 })
    expect(s.timeoutMs).toBe(90 * 60_000)
    expect(s.pollIntervalMs).toBe(250)
    expect(s.maxSnapshotAgeMs).toBe(26 * 3600_000)
    expect(s.waitForCompletion).toBe(false)
    expect(s.dryRun).toBe(true)
    expect(s.targetGroupId).toBe(OTHER_GROUP)
  })

  it.each([
    [{ pointInTime: '1763607600' }, { pointInTimeUTCSeconds: 1763607600 }],
    [{ pointInTime: '2026-11-20T04:00:00+01:00' }, { pointInTimeUTCSeconds: 1795143600 }],
    [{ pointInTimeUTCSeconds: '1199145600' }, { pointInTimeUTCSeconds: 1199145600 }],
    [
      { oplogTs: '1763607600', oplogInc: '3' },
      { oplogTs: 1763607600, oplogInc: 3 }
    ]
  ])('point in time %j', (form, expected) => {
    expect(parse({ ...base, deliveryType: 'pointInTime', ...form }).pointInTime).toEqual(expected)
  })

  it('takes credentials from the Atlas CLI variables when no credential input is set', () => {
    const s = parse(
      { groupId: GROUP, clusterName: 'c1', deliveryType: 'download' },
      { MONGODB_ATLAS_CLIENT_ID: 'mdb_sa_id_1', MONGODB_ATLAS_CLIENT_SECRET: 'mdb_sa_sk_2' }
    )
    expect(s.credentials).toEqual({
      type: 'serviceAccount',
      clientId: 'mdb_sa_id_1',
      clientSecret: 'mdb_sa_sk_2'
    })
  })

  it('lets each credential input fall back to its variable', () => {
    const s = parse(
      { groupId: GROUP, clusterName: 'c1', deliveryType: 'download', publicKey: 'k' },
      { MONGODB_ATLAS_PRIVATE_API_KEY: SECRET }
    )
    expect(s.credentials).toEqual({ type: 'apiKey', publicKey: 'k', privateKey: SECRET })
  })

  it('refuses two complete pairs from the variables, or from the inputs', () => {
    const both = {
      MONGODB_ATLAS_PUBLIC_API_KEY: 'k',
      MONGODB_ATLAS_PRIVATE_API_KEY: SECRET,
      MONGODB_ATLAS_CLIENT_ID: 'i',
      MONGODB_ATLAS_CLIENT_SECRET: 's'
    }
    expect(
      problemsOf({ groupId: GROUP, clusterName: 'c1', deliveryType: 'download' }, both).map(
        p => p.input
      )
    ).toEqual(['clientId'])
    expect(problemsOf({ ...base, clientId: 'i', clientSecret: 's' }).map(p => p.input)).toEqual([
      'clientId'
    ])
  })

  it('lets a pair given whole as inputs win over the variables', () => {
    const s = parse(base, { MONGODB_ATLAS_CLIENT_ID: 'x', MONGODB_ATLAS_CLIENT_SECRET: 'y' })
    expect(s.credentials.type).toBe('apiKey')
  })

  it('needs no creation inputs when watching an existing job', () => {
    const s = parse({
      groupId: GROUP,
      clusterName: 'c1',
      restoreJobId: '6a794733c0eb9e7a17740663',
      publicKey: 'k',
      privateKey: SECRET
    })
    expect(s.restoreJobId).toBe('6a794733c0eb9e7a17740663')
  })

  it('allows loopback http, and restoring onto the source when told to', () => {
    expect(parse({ ...base, baseUrl: 'http://127.0.0.1:8080/' }).baseUrl).toBe(
      'http://127.0.0.1:8080'
    )
    expect(parse({ ...base, baseUrl: 'http://localhost:9' }).baseUrl).toBe('http://localhost:9')
    expect(parse({ ...base, baseUrl: 'https://cloud.mongodbgov.com' }).baseUrl).toBe(
      'https://cloud.mongodbgov.com'
    )
    const s = parse({ ...base, targetClusterName: base.clusterName, allowSourceOverwrite: 'true' })
    expect(s.allowSourceOverwrite).toBe(true)
  })

  it('accepts the Unicode target names of flex clusters', () => {
    expect(parse({ ...base, targetClusterName: 'données-test_1' }).targetClusterName).toBe(
      'données-test_1'
    )
  })
})

describe('parseInputs: invalid inputs', () => {
  it.each(badInputs)('%s', (_, change, input) => {
    const problems = problemsOf(withChange(validInputs(), change))
    expect(problems.map(p => p.input)).toContain(input)
    const message = new InputError(problems).message
    expect(message).not.toContain(PRIVATE_KEY)
    expect(message).not.toContain(CLIENT_SECRET)
  })

  it('reports every problem at once', () => {
    const problems = problemsOf({
      groupId: 'x',
      clusterName: 'a b',
      timeout: 'soon',
      privateKey: SECRET
    })
    expect(problems.map(p => p.input)).toEqual(
      expect.arrayContaining([
        'groupId',
        'clusterName',
        'timeout',
        'publicKey',
        'targetClusterName'
      ])
    )
  })

  it('never echoes a secret, even when the secret is the bad value', () => {
    const problems = problemsOf({ ...base, publicKey: undefined, clientSecret: 'leak-me-not' })
    expect(JSON.stringify(problems)).not.toMatch(/leak-me-not|b1c2d3e4/)
  })

  it('shows values escaped and short, so an input cannot inject a workflow command', () => {
    const problems = problemsOf({
      ...base,
      clusterName: 'x\n::set-output name=a::b' + 'y'.repeat(100)
    })
    const shown = problems.find(p => p.input === 'clusterName')!.message
    expect(shown).not.toContain('\n')
    expect(shown.length).toBeLessThan(200)
  })
})

describe('checkKindSupport', () => {
  it('refuses pointInTime on flex and shared, naming deliveryType', () => {
    const s = parse({ ...base, deliveryType: 'pointInTime', pointInTime: '1763607600' })
    for (const kind of ['flex', 'shared'] as const) {
      expect(checkKindSupport(s, adapters[kind]).map(p => p.input)).toEqual(['deliveryType'])
    }
    expect(checkKindSupport(s, adapters.dedicated)).toEqual([])
    expect(checkKindSupport(s, adapters.serverless)).toEqual([])
  })

  it('holds dedicated targets to the cluster-name pattern, flex targets to the Unicode one', () => {
    const s = parse({ ...base, targetClusterName: 'données' })
    expect(checkKindSupport(s, adapters.dedicated).map(p => p.input)).toEqual(['targetClusterName'])
    expect(checkKindSupport(s, adapters.flex)).toEqual([])
  })
})
