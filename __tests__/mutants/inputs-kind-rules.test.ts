// Tests written to kill the mutants that survived in src/inputs/kind-rules.ts (CONTRIBUTING.md,
// Mutation testing): the rules that wait for the deployment kind, with their exact messages.

import { describe, expect, it } from '@jest/globals'
import { checkKindSupport } from '../../src/inputs/kind-rules.js'
import type { Settings } from '../../src/inputs/settings.js'
import { adapters } from '../../src/kinds/index.js'

const settings = (change: Partial<Settings> = {}): Settings => ({
  groupId: '6a793f6b2c88faeba59bae37',
  clusterName: 'prod',
  clusterKind: 'auto',
  deliveryType: 'automated',
  snapshotId: 'latest',
  allowFallbackSnapshot: false,
  targetGroupId: '6a793f6b2c88faeba59bae37',
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
  credentials: { type: 'apiKey', publicKey: 'p', privateKey: 'q' },
  baseUrl: 'https://cloud.mongodb.com',
  ...change
})

const scope = (databases: string[], collections: string[]): Settings['collections'] => ({
  databases,
  collections,
  writeStrategy: 'CREATE_NEW',
  indexStrategy: 'ALL'
})

describe('checkKindSupport', () => {
  it('accepts what every kind supports', () => {
    for (const kind of Object.values(adapters)) {
      expect(checkKindSupport(settings(), kind)).toStrictEqual([])
    }
  })

  it('checks nothing when watching an existing job', () => {
    const s = settings({
      restoreJobId: '6a794733c0eb9e7a17740663',
      deliveryType: 'pointInTime',
      targetClusterName: 'données',
      collections: scope(['sales'], [])
    })
    expect(checkKindSupport(s, adapters.flex)).toStrictEqual([])
  })

  it('keeps collection-level restores to dedicated clusters, naming databases when set', () => {
    const s = settings({
      collections: scope(['sales'], ['crm.people']),
      deliveryType: 'pointInTime'
    })
    expect(checkKindSupport(s, adapters.flex)).toStrictEqual([
      {
        input: 'databases',
        message:
          'collection-level restores are for dedicated clusters only: prod is a flex deployment'
      }
    ])
    expect(checkKindSupport(s, adapters.dedicated)).toStrictEqual([])
  })

  it('names collections when only collections are set', () => {
    const s = settings({ collections: scope([], ['crm.people']) })
    expect(checkKindSupport(s, adapters.serverless)).toStrictEqual([
      {
        input: 'collections',
        message:
          'collection-level restores are for dedicated clusters only: prod is a serverless deployment'
      }
    ])
  })

  it('refuses a delivery type the kind does not offer, listing those it does', () => {
    const s = settings({ deliveryType: 'pointInTime', targetClusterName: 'scratch' })
    expect(checkKindSupport(s, adapters.shared)).toStrictEqual([
      {
        input: 'deliveryType',
        message: 'pointInTime is not available for shared clusters: expected automated or download'
      }
    ])
  })

  it('holds the target name to the pattern of the kind, with its own message', () => {
    const s = settings({ targetClusterName: 'données' })
    expect(checkKindSupport(s, adapters.dedicated)).toStrictEqual([
      { input: 'targetClusterName', message: '"données" is not a valid dedicated target name' }
    ])
    expect(checkKindSupport(s, adapters.flex)).toStrictEqual([])
  })

  it('reports a bad delivery type and a bad target name together', () => {
    const s = settings({ deliveryType: 'pointInTime', targetClusterName: 'a/b' })
    expect(checkKindSupport(s, adapters.flex).map(p => p.input)).toStrictEqual([
      'deliveryType',
      'targetClusterName'
    ])
  })

  it('ignores the target name of a download, which restores onto nothing', () => {
    const s = settings({ deliveryType: 'download', targetClusterName: 'données' })
    expect(checkKindSupport(s, adapters.dedicated)).toStrictEqual([])
  })

  it('accepts a settings object without a target name', () => {
    const untargeted = settings()
    delete untargeted.targetClusterName
    expect(checkKindSupport(untargeted, adapters.dedicated)).toStrictEqual([])
  })
})
