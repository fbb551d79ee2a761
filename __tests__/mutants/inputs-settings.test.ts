// Tests written to kill the mutants that survived in src/inputs/settings.ts (CONTRIBUTING.md,
// Mutation testing): the whole Settings object, each rule between inputs and its exact message.

import { describe, expect, it } from '@jest/globals'
import type { RawInputs } from '../../src/inputs/contract.js'
import { InputError, type Problem } from '../../src/inputs/problems.js'
import {
  DELIVERY_TYPES,
  INDEX_STRATEGIES,
  parseInputs,
  WRITE_STRATEGIES,
  type Settings
} from '../../src/inputs/settings.js'

const GROUP = '6a793f6b2c88faeba59bae37'
const OTHER_GROUP = '6a794320c0eb9e7a17728a63'
const JOB = '6a794733c0eb9e7a17740663'
const SNAPSHOT = '6a79468a2c88faeba59de489'

const base: RawInputs = {
  groupId: GROUP,
  clusterName: 'prod',
  targetClusterName: 'scratch',
  publicKey: 'pub',
  privateKey: 'priv'
}

const parse = (raw: RawInputs, env: Record<string, string> = {}): Settings => parseInputs(raw, env)

function problemsOf(raw: RawInputs, env: Record<string, string> = {}): Problem[] {
  try {
    parseInputs(raw, env)
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return (error as InputError).problems
  }
  throw new Error('expected an InputError')
}

const defaults: Settings = {
  groupId: GROUP,
  clusterName: 'prod',
  clusterKind: 'auto',
  deliveryType: 'automated',
  snapshotId: 'latest',
  allowFallbackSnapshot: false,
  targetGroupId: GROUP,
  targetClusterName: 'scratch',
  waitForCompletion: true,
  timeoutMs: 7_200_000,
  pollIntervalMs: 30_000,
  cancelOnAbort: false,
  extract: false,
  allowSourceOverwrite: false,
  allowProductionTarget: false,
  dryRun: false,
  maskDeliveryUrls: true,
  credentials: { type: 'apiKey', publicKey: 'pub', privateKey: 'priv' },
  baseUrl: 'https://cloud.mongodb.com'
}

describe('parseInputs: the Settings object', () => {
  it('exports the values each enumerated input accepts', () => {
    expect(DELIVERY_TYPES).toStrictEqual(['automated', 'download', 'pointInTime'])
    expect(WRITE_STRATEGIES).toStrictEqual(['CREATE_NEW', 'OVERWRITE_EXISTING'])
    expect(INDEX_STRATEGIES).toStrictEqual(['ALL', 'NONE', 'ALL_EXCEPT_TTL'])
  })

  it('holds the defaults and no optional key that was not set', () => {
    expect(parse(base)).toStrictEqual(defaults)
  })

  it('reads every input into its own field', () => {
    expect(
      parse(
        {
          groupId: GROUP,
          clusterName: 'prod',
          clusterKind: 'flex',
          restoreJobId: JOB,
          deliveryType: 'download',
          snapshotId: SNAPSHOT,
          allowFallbackSnapshot: 'true',
          targetGroupId: OTHER_GROUP,
          targetClusterName: 'scratch',
          waitForCompletion: 'true',
          timeout: '90m',
          pollInterval: '100ms',
          cancelOnAbort: 'true',
          maxSnapshotAge: '26h',
          maxRestoreDuration: '3h',
          downloadPath: ' ./backups ',
          extract: 'true',
          allowSourceOverwrite: 'true',
          allowProductionTarget: 'true',
          reportPath: ' report.json ',
          dryRun: 'true',
          maskDeliveryUrls: 'false',
          clientId: 'id',
          clientSecret: 'sec',
          baseUrl: 'http://localhost:8080'
        },
        {}
      )
    ).toStrictEqual({
      groupId: GROUP,
      clusterName: 'prod',
      clusterKind: 'flex',
      restoreJobId: JOB,
      deliveryType: 'download',
      snapshotId: SNAPSHOT,
      allowFallbackSnapshot: true,
      targetGroupId: OTHER_GROUP,
      targetClusterName: 'scratch',
      waitForCompletion: true,
      timeoutMs: 90 * 60_000,
      pollIntervalMs: 100,
      cancelOnAbort: true,
      maxSnapshotAgeMs: 26 * 3_600_000,
      maxRestoreDurationMs: 3 * 3_600_000,
      downloadPath: './backups',
      extract: true,
      allowSourceOverwrite: true,
      allowProductionTarget: true,
      reportPath: 'report.json',
      dryRun: true,
      maskDeliveryUrls: false,
      credentials: { type: 'serviceAccount', clientId: 'id', clientSecret: 'sec' },
      baseUrl: 'http://localhost:8080'
    })
  })

  it('keeps the point in time only for deliveryType pointInTime', () => {
    expect(
      parse({ ...base, deliveryType: 'pointInTime', pointInTimeUTCSeconds: '1795143600' })
    ).toStrictEqual({
      ...defaults,
      deliveryType: 'pointInTime',
      pointInTime: { pointInTimeUTCSeconds: 1795143600 }
    })
    // Watching a job: a stray point in time is neither checked against the type nor kept.
    const watched = parse({ ...base, restoreJobId: JOB, pointInTime: '1795143600' })
    expect('pointInTime' in watched).toBe(false)
  })

  it('takes credentials from the environment it is given', () => {
    const s = parse(
      { groupId: GROUP, clusterName: 'prod', targetClusterName: 'scratch' },
      { MONGODB_ATLAS_CLIENT_ID: 'id', MONGODB_ATLAS_CLIENT_SECRET: 'sec' }
    )
    expect(s.credentials).toStrictEqual({
      type: 'serviceAccount',
      clientId: 'id',
      clientSecret: 'sec'
    })
  })

  it('reads a collection-level scope, without suffix keys when none are set', () => {
    expect(parse({ ...base, databases: 'sales, hr', collections: 'crm.people' })).toStrictEqual({
      ...defaults,
      collections: {
        databases: ['sales', 'hr'],
        collections: ['crm.people'],
        writeStrategy: 'CREATE_NEW',
        indexStrategy: 'ALL'
      }
    })
  })

  it('reads the strategies and suffixes of a collection-level scope', () => {
    expect(
      parse({
        ...base,
        collections: 'crm.people',
        writeStrategy: 'OVERWRITE_EXISTING',
        indexStrategy: 'ALL_EXCEPT_TTL',
        databaseSuffix: ' _r ',
        collectionSuffix: ' _c '
      }).collections
    ).toStrictEqual({
      databases: [],
      collections: ['crm.people'],
      writeStrategy: 'OVERWRITE_EXISTING',
      indexStrategy: 'ALL_EXCEPT_TTL',
      databaseSuffix: '_r',
      collectionSuffix: '_c'
    })
  })
})

describe('parseInputs: the source', () => {
  it('requires groupId and clusterName, with exact messages', () => {
    expect(problemsOf({ publicKey: 'p', privateKey: 'q', deliveryType: 'download' })).toStrictEqual(
      [
        { input: 'groupId', message: 'is required: the source project ID (24 hex characters)' },
        { input: 'clusterName', message: 'is required: the source cluster or instance name' }
      ]
    )
  })

  it('reports a bad groupId once, not as missing', () => {
    expect(problemsOf({ ...base, groupId: 'x' })).toStrictEqual([
      {
        input: 'groupId',
        message: '"x" is not a project ID: expected 24 lowercase hexadecimal characters'
      }
    ])
  })

  it('allows cluster names of up to 64 characters', () => {
    const name = 'c'.repeat(64)
    expect(parse({ ...base, clusterName: name }).clusterName).toBe(name)
  })

  it.each(['c'.repeat(65), '-c', 'a_b', 'a b'])('refuses the cluster name %j', name => {
    expect(problemsOf({ ...base, clusterName: name })).toStrictEqual([
      {
        input: 'clusterName',
        message: `${JSON.stringify(name.length > 64 ? name.slice(0, 61) + '...' : name)} is not a cluster name: expected 1 to 64 letters, digits and hyphens, starting with a letter or digit`
      }
    ])
  })

  it('accepts every kind as clusterKind and refuses others, listing them', () => {
    for (const kind of ['auto', 'dedicated', 'flex', 'shared', 'serverless']) {
      expect(parse({ ...base, clusterKind: kind }).clusterKind).toBe(kind)
    }
    expect(problemsOf({ ...base, clusterKind: 'atlas' })).toStrictEqual([
      {
        input: 'clusterKind',
        message: '"atlas" is not valid: expected one of auto, dedicated, flex, shared, serverless'
      }
    ])
  })

  it('never shows a secret with a control character', () => {
    expect(
      problemsOf({ ...base, privateKey: 'pr\u0001iv', clientSecret: undefined })
    ).toStrictEqual([
      {
        input: 'privateKey',
        message:
          'contains a control character (a line break or similar): check how the secret was pasted'
      }
    ])
    expect(problemsOf({ ...base, publicKey: 'p\u0001ub' })).toStrictEqual([
      {
        input: 'publicKey',
        message: '"p\\u0001ub" contains a control character (a line break or similar)'
      }
    ])
    expect(
      problemsOf({ ...base, clientId: 'i', clientSecret: 's\u0001', publicKey: '', privateKey: '' })
    ).toStrictEqual([
      {
        input: 'clientSecret',
        message:
          'contains a control character (a line break or similar): check how the secret was pasted'
      }
    ])
  })
})

describe('parseInputs: what to restore', () => {
  it('accepts a snapshot ID and refuses anything but an ID or latest', () => {
    expect(parse({ ...base, snapshotId: SNAPSHOT }).snapshotId).toBe(SNAPSHOT)
    expect(parse({ ...base, snapshotId: ' ' }).snapshotId).toBe('latest')
    expect(problemsOf({ ...base, snapshotId: 'yesterday' })).toStrictEqual([
      {
        input: 'snapshotId',
        message:
          '"yesterday" is not a snapshot ID: expected latest or 24 lowercase hexadecimal characters'
      }
    ])
  })

  it('refuses an unknown deliveryType, listing the known ones', () => {
    expect(problemsOf({ ...base, deliveryType: 'copy' })).toStrictEqual([
      {
        input: 'deliveryType',
        message: '"copy" is not valid: expected one of automated, download, pointInTime'
      }
    ])
  })

  it('needs the moment for deliveryType pointInTime', () => {
    expect(problemsOf({ ...base, deliveryType: 'pointInTime' })).toStrictEqual([
      {
        input: 'pointInTime',
        message:
          'deliveryType pointInTime needs the moment to restore to: set pointInTime, pointInTimeUTCSeconds, or oplogTs with oplogInc'
      }
    ])
  })

  it('takes only one point-in-time form, naming those given', () => {
    expect(
      problemsOf({
        ...base,
        deliveryType: 'pointInTime',
        pointInTime: '1795143600',
        pointInTimeUTCSeconds: '1795143600'
      })
    ).toStrictEqual([
      {
        input: 'pointInTime',
        message: 'give only one point-in-time form, not pointInTime and pointInTimeUTCSeconds'
      }
    ])
    expect(
      problemsOf({
        ...base,
        deliveryType: 'pointInTime',
        pointInTimeUTCSeconds: '1795143600',
        oplogTs: '1795143600',
        oplogInc: '1'
      })
    ).toStrictEqual([
      {
        input: 'pointInTime',
        message: 'give only one point-in-time form, not pointInTimeUTCSeconds and oplogTs/oplogInc'
      }
    ])
  })

  it('refuses a snapshot ID with pointInTime, but not an explicit latest', () => {
    const pit = { ...base, deliveryType: 'pointInTime', pointInTime: '1795143600' }
    expect(problemsOf({ ...pit, snapshotId: SNAPSHOT })).toStrictEqual([
      {
        input: 'snapshotId',
        message: 'is not used with deliveryType pointInTime: Atlas picks the snapshot itself'
      }
    ])
    expect(parse({ ...pit, snapshotId: 'latest' }).snapshotId).toBe('latest')
  })

  it('reports a bad snapshot ID with pointInTime twice: as no ID and as not used', () => {
    expect(
      problemsOf({
        ...base,
        deliveryType: 'pointInTime',
        pointInTime: '1795143600',
        snapshotId: 'x'
      }).map(p => p.input)
    ).toStrictEqual(['snapshotId', 'snapshotId'])
  })

  it('refuses each point-in-time form with another deliveryType, naming its first input', () => {
    expect(
      problemsOf({
        ...base,
        pointInTime: '1795143600',
        pointInTimeUTCSeconds: '1795143600',
        oplogTs: '1795143600',
        oplogInc: '1'
      })
    ).toStrictEqual([
      {
        input: 'pointInTime',
        message: 'is only used with deliveryType pointInTime, not automated'
      },
      {
        input: 'pointInTimeUTCSeconds',
        message: 'is only used with deliveryType pointInTime, not automated'
      },
      { input: 'oplogTs', message: 'is only used with deliveryType pointInTime, not automated' }
    ])
    expect(problemsOf({ ...base, deliveryType: 'download', oplogInc: '1' })).toStrictEqual([
      { input: 'oplogTs', message: 'oplogTs and oplogInc go together: set both or neither' },
      { input: 'oplogTs', message: 'is only used with deliveryType pointInTime, not download' }
    ])
  })
})

describe('parseInputs: the target', () => {
  it('requires a target name for automated and pointInTime, not for download', () => {
    const noTarget = { ...base }
    delete noTarget.targetClusterName
    expect(problemsOf(noTarget)).toStrictEqual([
      {
        input: 'targetClusterName',
        message: 'is required for deliveryType automated: the cluster to restore onto'
      }
    ])
    expect(
      problemsOf({ ...noTarget, deliveryType: 'pointInTime', pointInTime: '1795143600' })
    ).toStrictEqual([
      {
        input: 'targetClusterName',
        message: 'is required for deliveryType pointInTime: the cluster to restore onto'
      }
    ])
    const download = parse({ ...noTarget, deliveryType: 'download', targetClusterName: ' ' })
    expect('targetClusterName' in download).toBe(false)
  })

  it('refuses a target name outside the widest pattern', () => {
    expect(problemsOf({ ...base, targetClusterName: 'a/b' })).toStrictEqual([
      {
        input: 'targetClusterName',
        message:
          '"a/b" is not a cluster name: expected 1 to 64 letters, digits or - _ . ( ) , : & @ + \''
      }
    ])
  })

  it('reports a bad targetGroupId and falls back to the source project', () => {
    expect(problemsOf({ ...base, targetGroupId: 'other' })).toStrictEqual([
      {
        input: 'targetGroupId',
        message: '"other" is not a project ID: expected 24 lowercase hexadecimal characters'
      }
    ])
  })

  const SOURCE_ITSELF =
    '"prod" is the source cluster itself: a restore would overwrite its data. Set allowSourceOverwrite: true if that is what you want'

  it('refuses restoring onto the source cluster itself, for automated and pointInTime', () => {
    expect(problemsOf({ ...base, targetClusterName: 'prod' })).toStrictEqual([
      { input: 'targetClusterName', message: SOURCE_ITSELF }
    ])
    expect(
      problemsOf({
        ...base,
        targetClusterName: 'prod',
        deliveryType: 'pointInTime',
        pointInTime: '1795143600'
      })
    ).toStrictEqual([{ input: 'targetClusterName', message: SOURCE_ITSELF }])
  })

  it('allows the source name in another project, with allowSourceOverwrite, or for a download', () => {
    expect(
      parse({ ...base, targetClusterName: 'prod', targetGroupId: OTHER_GROUP }).targetClusterName
    ).toBe('prod')
    expect(
      parse({ ...base, targetClusterName: 'prod', allowSourceOverwrite: 'TRUE' })
        .allowSourceOverwrite
    ).toBe(true)
    expect(
      parse({ ...base, targetClusterName: 'prod', deliveryType: 'download' }).deliveryType
    ).toBe('download')
    expect(parse({ ...base, targetClusterName: 'prod', restoreJobId: JOB }).restoreJobId).toBe(JOB)
  })

  it('allows a collection-level CREATE_NEW onto the source, not OVERWRITE_EXISTING', () => {
    const onto = { ...base, targetClusterName: 'prod', collections: 'crm.people' }
    expect(parse(onto).collections?.writeStrategy).toBe('CREATE_NEW')
    expect(problemsOf({ ...onto, writeStrategy: 'OVERWRITE_EXISTING' })).toStrictEqual([
      { input: 'targetClusterName', message: SOURCE_ITSELF }
    ])
  })
})

describe('parseInputs: watching an existing job', () => {
  it('checks no creation rule', () => {
    const s = parse({
      groupId: GROUP,
      clusterName: 'prod',
      restoreJobId: JOB,
      deliveryType: 'pointInTime',
      snapshotId: SNAPSHOT,
      publicKey: 'p',
      privateKey: 'q'
    })
    const untargeted: Settings = { ...defaults }
    delete untargeted.targetClusterName
    expect(s).toStrictEqual({
      ...untargeted,
      restoreJobId: JOB,
      deliveryType: 'pointInTime',
      snapshotId: SNAPSHOT,
      credentials: { type: 'apiKey', publicKey: 'p', privateKey: 'q' }
    })
  })
})

describe('parseInputs: waiting and downloads', () => {
  it('allows a poll interval of 100ms and refuses a shorter one', () => {
    expect(parse({ ...base, pollInterval: '100ms' }).pollIntervalMs).toBe(100)
    expect(problemsOf({ ...base, pollInterval: '99ms' })).toStrictEqual([
      { input: 'pollInterval', message: '"99ms" is too short: at least 100ms' }
    ])
  })

  it('reports an unreadable poll interval once, not as too short', () => {
    expect(problemsOf({ ...base, pollInterval: '0ms' }).map(p => p.input)).toStrictEqual([
      'pollInterval'
    ])
  })

  it('needs downloadPath for extract', () => {
    expect(problemsOf({ ...base, extract: 'true' })).toStrictEqual([
      { input: 'extract', message: 'needs downloadPath: the folder the archives are downloaded to' }
    ])
  })

  it('takes downloadPath only for a download, or when watching', () => {
    expect(problemsOf({ ...base, downloadPath: 'out' })).toStrictEqual([
      {
        input: 'downloadPath',
        message:
          'is only used with deliveryType download, not automated: the archives a download job delivers'
      }
    ])
    expect(parse({ ...base, downloadPath: 'out', restoreJobId: JOB }).downloadPath).toBe('out')
    expect(parse({ ...base, downloadPath: 'out', deliveryType: 'download' }).downloadPath).toBe(
      'out'
    )
  })

  it('needs waitForCompletion for downloadPath, even when watching', () => {
    expect(
      problemsOf({ ...base, downloadPath: 'out', restoreJobId: JOB, waitForCompletion: 'false' })
    ).toStrictEqual([
      {
        input: 'downloadPath',
        message:
          'needs waitForCompletion: true: the archives are downloaded once the URLs are ready'
      }
    ])
    expect(
      problemsOf({ ...base, downloadPath: 'out', waitForCompletion: 'false' }).map(p => p.message)
    ).toHaveLength(2)
  })
})

describe('parseInputs: collection-level inputs', () => {
  it('refuses each collection-level input set without databases or collections', () => {
    const alone = 'is only used for a collection-level restore: set databases or collections too'
    expect(
      problemsOf({
        ...base,
        databaseSuffix: '_r',
        collectionSuffix: '_c',
        writeStrategy: 'OVERWRITE_EXISTING',
        indexStrategy: 'NONE'
      })
    ).toStrictEqual([
      { input: 'databaseSuffix', message: alone },
      { input: 'collectionSuffix', message: alone },
      { input: 'writeStrategy', message: alone },
      { input: 'indexStrategy', message: alone }
    ])
  })

  it('allows the default strategies spelled out without a scope', () => {
    const s = parse({ ...base, writeStrategy: 'CREATE_NEW', indexStrategy: 'ALL' })
    expect('collections' in s).toBe(false)
  })

  it('refuses a collection-level download', () => {
    expect(problemsOf({ ...base, deliveryType: 'download', databases: 'sales' })).toStrictEqual([
      {
        input: 'deliveryType',
        message:
          'download cannot be combined with databases or collections: a collection-level restore is automated or pointInTime'
      }
    ])
  })

  it('checks the namespaces with the suffixes', () => {
    expect(problemsOf({ ...base, databases: 'sales', databaseSuffix: '.bak' })).toStrictEqual([
      {
        input: 'databases',
        message:
          '"sales" contains a character MongoDB forbids in database names (/\\. "$*<>:|? or NUL)'
      },
      {
        input: 'databaseSuffix',
        message: '".bak" contains a character MongoDB forbids in database names'
      }
    ])
    expect(problemsOf({ ...base, collections: 'crm.people', collectionSuffix: '$' })).toStrictEqual(
      [{ input: 'collectionSuffix', message: '"$" contains $ or NUL' }]
    )
  })
})

describe('parseInputs: the API origin', () => {
  it('reads baseUrl, or uses the default when it is empty', () => {
    expect(parse({ ...base, baseUrl: 'https://cloud.mongodbgov.com/' }).baseUrl).toBe(
      'https://cloud.mongodbgov.com'
    )
    expect(parse({ ...base, baseUrl: '  ' }).baseUrl).toBe('https://cloud.mongodb.com')
    expect(problemsOf({ ...base, baseUrl: 'http://remote.example' })).toStrictEqual([
      {
        input: 'baseUrl',
        message:
          '"http://remote.example" uses plain http: only https is allowed (http only for loopback hosts)'
      }
    ])
  })
})
