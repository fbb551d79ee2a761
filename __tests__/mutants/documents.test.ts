// Tests written to kill the mutants that survived in src/kinds/documents/*.ts (CONTRIBUTING.md,
// Mutation testing): each reader, each fallback, each status rule, on small hand-made documents.

import { describe, expect, it } from '@jest/globals'
import {
  providersAndSizes,
  parseDeployment,
  runsOnFlex
} from '../../src/kinds/documents/deployment.js'
import {
  asDoc,
  connectionString,
  date,
  docs,
  flag,
  id,
  objectIdTime,
  optional,
  text,
  texts
} from '../../src/kinds/documents/fields.js'
import {
  clusterRestoreBody,
  parseClusterSnapshot,
  parseFlaggedJob
} from '../../src/kinds/documents/flagged.js'
import {
  deploymentItemBody,
  parseStatusJob,
  parseStatusSnapshot
} from '../../src/kinds/documents/status.js'

const ID = '6a794733c1a2b3c4d5e6f708'
const source = { groupId: 'p1', clusterName: 'prod' }
const T = '2026-08-10T03:36:19Z'

describe('fields', () => {
  it('asDoc keeps objects and turns anything else into {}', () => {
    const o = { a: 1 }
    expect(asDoc(o)).toBe(o)
    for (const v of [null, undefined, 'x', 3, true, [1]]) expect(asDoc(v)).toStrictEqual({})
  })

  it('text: non-empty strings only', () => {
    expect(text({ k: 'v' }, 'k')).toBe('v')
    for (const v of ['', 1, null, ['v'], {}]) expect(text({ k: v }, 'k')).toBeUndefined()
  })

  it('flag: true only', () => {
    expect(flag({ k: true }, 'k')).toBe(true)
    for (const v of ['true', 1, null, undefined]) expect(flag({ k: v }, 'k')).toBe(false)
  })

  it('date: a parseable non-empty string', () => {
    expect(date({ k: T }, 'k')).toStrictEqual(new Date(T))
    expect(date({ k: 'not a date' }, 'k')).toBeUndefined()
    expect(date({ k: '' }, 'k')).toBeUndefined()
    expect(date({ k: 1_786_000_000_000 }, 'k')).toBeUndefined()
    expect(date({}, 'k')).toBeUndefined()
  })

  it('texts: the non-empty strings of an array', () => {
    expect(texts({ k: ['a', '', 3, null, 'b'] }, 'k')).toStrictEqual(['a', 'b'])
    expect(texts({ k: 'a' }, 'k')).toStrictEqual([])
  })

  it('docs: each entry of an array as a document', () => {
    expect(docs({ k: [{ a: 1 }, 'x', null] }, 'k')).toStrictEqual([{ a: 1 }, {}, {}])
    expect(docs({ k: { a: 1 } }, 'k')).toStrictEqual([])
  })

  it('id: required, with what it was in the message', () => {
    expect(id({ id: ID }, 'snapshot')).toBe(ID)
    expect(() => id({ id: '' }, 'snapshot')).toThrow('Atlas returned a snapshot without an id')
    expect(() => id({}, 'restore job')).toThrow('Atlas returned a restore job without an id')
  })

  it('connectionString: SRV first, then standard', () => {
    expect(
      connectionString({ connectionStrings: { standard: 'mongodb://a', standardSrv: 'srv://b' } })
    ).toBe('srv://b')
    expect(connectionString({ connectionStrings: { standard: 'mongodb://a' } })).toBe('mongodb://a')
    expect(connectionString({})).toBeUndefined()
  })

  it('optional: a key only when the value is known', () => {
    expect(optional('k', 0)).toStrictEqual({ k: 0 })
    expect(optional('k', undefined)).toStrictEqual({})
  })

  it('objectIdTime: the first 4 bytes as epoch seconds, within a year back and a day ahead', () => {
    const now = Date.parse(T)
    expect(objectIdTime(ID, now)).toStrictEqual(new Date(T))
    expect(objectIdTime('6A794733C1A2B3C4D5E6F708', now)).toBeUndefined()
    expect(objectIdTime(`${ID}0`, now)).toBeUndefined()
    expect(objectIdTime(ID.slice(1), now)).toBeUndefined()
    const seconds = (ms: number) =>
      `${Math.floor(ms / 1000)
        .toString(16)
        .padStart(8, '0')}0000000000000000`
    const DAY = 24 * 3600_000
    expect(objectIdTime(seconds(now - 365 * DAY), now)).toBeDefined()
    expect(objectIdTime(seconds(now - 367 * DAY), now)).toBeUndefined()
    expect(objectIdTime(seconds(now + DAY - 2000), now)).toBeDefined()
    expect(objectIdTime(seconds(now + DAY + 2000), now)).toBeUndefined()
  })
})

describe('status family', () => {
  const job = (over: Record<string, unknown>) => parseStatusJob({ id: ID, ...over })

  it('maps every status, and an unknown or missing one to inProgress', () => {
    const cases: [unknown, string][] = [
      ['PENDING', 'pending'],
      ['QUEUED', 'pending'],
      ['RUNNING', 'inProgress'],
      ['COMPLETED', 'completed'],
      ['CLOSED', 'completed'],
      ['FAILED', 'failed'],
      ['WHATEVER', 'inProgress'],
      [undefined, 'inProgress'],
      ['', 'inProgress']
    ]
    for (const [status, expected] of cases) expect(job({ status }).status).toBe(expected)
  })

  it('a restore onto a deployment: target, dates, no expiry', () => {
    const j = job({
      status: 'COMPLETED',
      deliveryType: 'RESTORE',
      snapshotId: 'snap',
      snapshotFinishedDate: '2026-08-09T00:00:00Z',
      targetDeploymentItemName: 'scratch',
      targetProjectId: 'p2',
      restoreScheduledDate: '2026-08-10T01:00:00Z',
      restoreFinishedDate: '2026-08-10T02:00:00Z',
      expirationDate: '2026-08-11T00:00:00Z'
    })
    expect(j).toStrictEqual({
      id: ID,
      status: 'completed',
      deliveryType: 'automated',
      snapshotId: 'snap',
      snapshotCreatedAt: new Date('2026-08-09T00:00:00Z'),
      target: { groupId: 'p2', clusterName: 'scratch' },
      deliveryUrls: [],
      privateDeliveryUrls: [],
      createdAt: new Date('2026-08-10T01:00:00Z'),
      finishedAt: new Date('2026-08-10T02:00:00Z'),
      document: expect.any(Object)
    })
  })

  it('a download: its URL and expiry, no target even when named', () => {
    const j = job({
      status: 'COMPLETED',
      deliveryType: 'DOWNLOAD',
      snapshotUrl: 'https://x/y.tar.gz',
      targetDeploymentItemName: 'scratch',
      targetProjectId: 'p2',
      expirationDate: '2026-08-11T00:00:00Z'
    })
    expect(j.deliveryType).toBe('download')
    expect(j.deliveryUrls).toStrictEqual(['https://x/y.tar.gz'])
    expect(j.expiresAt).toStrictEqual(new Date('2026-08-11T00:00:00Z'))
    expect('target' in j).toBe(false)
  })

  it('no delivery type, or half a target: left out', () => {
    const j = job({ targetDeploymentItemName: 'scratch' })
    expect('deliveryType' in j).toBe(false)
    expect('target' in j).toBe(false)
    expect('target' in job({ targetProjectId: 'p2' })).toBe(false)
    expect('snapshotId' in j).toBe(false)
    expect('createdAt' in j).toBe(false)
  })

  it('snapshots: completed only when COMPLETED, finishTime, either version spelling', () => {
    expect(
      parseStatusSnapshot({ id: ID, status: 'COMPLETED', finishTime: T, mongoDBVersion: '8.0.4' })
    ).toStrictEqual({ id: ID, completed: true, createdAt: new Date(T), mongodVersion: '8.0.4' })
    expect(
      parseStatusSnapshot({ id: ID, status: 'PENDING', mongoDbVersion: '7.0.1' })
    ).toStrictEqual({ id: ID, completed: false, mongodVersion: '7.0.1' })
    expect(parseStatusSnapshot({ id: ID, status: 'completed' }).completed).toBe(false)
  })

  it('the create body names the target as a deployment item', () => {
    expect(
      deploymentItemBody({
        source,
        deliveryType: 'automated',
        snapshotId: 's',
        target: { groupId: 'p2', clusterName: 'c2' }
      })
    ).toStrictEqual({ snapshotId: 's', targetDeploymentItemName: 'c2', targetProjectId: 'p2' })
  })
})

describe('flagged family', () => {
  const job = (over: Record<string, unknown>) => parseFlaggedJob({ id: ID, ...over })

  it('failed, then cancelled, then expired, then finished, decide the status', () => {
    expect(job({ failed: true, cancelled: true, expired: true }).status).toBe('failed')
    expect(job({ cancelled: true, expired: true, finishedAt: T }).status).toBe('cancelled')
    expect(job({ expired: true, finishedAt: T }).status).toBe('expired')
    expect(job({ finishedAt: T }).status).toBe('completed')
    expect(job({ finishedAt: 'soon' }).status).toBe('inProgress')
    expect(job({ failed: 'true' }).status).toBe('inProgress')
  })

  it('a download is completed once it has a URL, an automated restore is not', () => {
    expect(job({ deliveryType: 'download', deliveryUrl: ['https://a'] }).status).toBe('completed')
    expect(job({ deliveryType: 'download', deliveryUrl: [] }).status).toBe('inProgress')
    expect(job({ deliveryType: 'automated', deliveryUrl: ['https://a'] }).status).toBe('inProgress')
  })

  it('collects one URL per shard from the components, without repeats', () => {
    const j = job({
      deliveryType: 'download',
      deliveryUrl: ['https://a'],
      components: [
        { downloadUrl: 'https://a' },
        { downloadUrl: 'https://b' },
        { downloadUrl: '' },
        {},
        'junk'
      ]
    })
    expect(j.deliveryUrls).toStrictEqual(['https://a', 'https://b'])
  })

  it('collects private-endpoint URLs from the job and its components, without repeats', () => {
    const j = job({
      privateDownloadDeliveryUrls: [
        { deliveryUrl: 'https://p1', endpointId: 'vpce-1' },
        { deliveryUrl: '' },
        { endpointId: 'vpce-x' }
      ],
      components: [
        { privateDownloadDeliveryUrls: [{ deliveryUrl: 'https://p1', endpointId: 'vpce-1' }] },
        { privateDownloadDeliveryUrls: [{ deliveryUrl: 'https://p2' }] }
      ]
    })
    expect(j.privateDeliveryUrls).toStrictEqual([
      { deliveryUrl: 'https://p1', endpointId: 'vpce-1' },
      { deliveryUrl: 'https://p2' }
    ])
  })

  it('reads every field it knows, and leaves out what is missing', () => {
    expect(
      job({
        deliveryType: 'download',
        snapshotId: 'snap',
        timestamp: '2026-08-09T00:00:00Z',
        targetClusterName: 'c2',
        targetGroupId: 'p2',
        deliveryUrl: ['https://a'],
        finishedAt: T,
        expiresAt: '2026-08-11T00:00:00Z',
        pointInTimeUTCSeconds: 1_786_000_000
      })
    ).toStrictEqual({
      id: ID,
      status: 'completed',
      deliveryType: 'download',
      snapshotId: 'snap',
      snapshotCreatedAt: new Date('2026-08-09T00:00:00Z'),
      target: { groupId: 'p2', clusterName: 'c2' },
      deliveryUrls: ['https://a'],
      privateDeliveryUrls: [],
      finishedAt: new Date(T),
      expiresAt: new Date('2026-08-11T00:00:00Z'),
      pointInTimeUTCSeconds: 1_786_000_000,
      document: expect.any(Object)
    })
    const bare = job({
      deliveryType: 'automated',
      expiresAt: T,
      targetClusterName: 'c2',
      pointInTimeUTCSeconds: '1786000000'
    })
    expect(Object.keys(bare).sort()).toStrictEqual(
      ['deliveryType', 'deliveryUrls', 'document', 'id', 'privateDeliveryUrls', 'status'].sort()
    )
    expect('target' in job({ targetGroupId: 'p2' })).toBe(false)
  })

  it('snapshots: type only when one of the three, sharded from the shape', () => {
    expect(
      parseClusterSnapshot({
        id: ID,
        status: 'completed',
        createdAt: T,
        snapshotType: 'onDemand',
        mongodVersion: '8.0.4',
        type: 'shardedCluster'
      })
    ).toStrictEqual({
      id: ID,
      completed: true,
      createdAt: new Date(T),
      type: 'onDemand',
      mongodVersion: '8.0.4',
      sharded: true
    })
    for (const t of ['scheduled', 'fallback'])
      expect(parseClusterSnapshot({ id: ID, snapshotType: t }).type).toBe(t)
    const other = parseClusterSnapshot({
      id: ID,
      status: 'COMPLETED',
      snapshotType: 'other',
      type: 'replicaSet'
    })
    expect(other).toStrictEqual({ id: ID, completed: false, sharded: false })
    expect('sharded' in parseClusterSnapshot({ id: ID })).toBe(false)
  })

  it('the create body: snapshot, point in time and target only when given', () => {
    expect(clusterRestoreBody({ source, deliveryType: 'download' })).toStrictEqual({
      deliveryType: 'download'
    })
    expect(
      clusterRestoreBody({
        source,
        deliveryType: 'pointInTime',
        pointInTime: { pointInTimeUTCSeconds: 5 },
        target: { groupId: 'p2', clusterName: 'c2' }
      })
    ).toStrictEqual({
      deliveryType: 'pointInTime',
      pointInTimeUTCSeconds: 5,
      targetClusterName: 'c2',
      targetGroupId: 'p2'
    })
    expect(
      clusterRestoreBody({ source, deliveryType: 'automated', snapshotId: 's' })
    ).toStrictEqual({
      deliveryType: 'automated',
      snapshotId: 's'
    })
  })
})

describe('deployment documents', () => {
  it('providers and sizes from the top level, the specs and the effective specs', () => {
    const { providers, sizes } = providersAndSizes({
      providerSettings: { providerName: 'AWS', instanceSizeName: 'M10' },
      replicationSpecs: [
        { regionConfigs: [{ providerName: 'GCP', electableSpecs: { instanceSize: 'M30' } }] }
      ],
      effectiveReplicationSpecs: [
        { regionConfigs: [{ providerName: 'AZURE', electableSpecs: { instanceSize: 'M40' } }, {}] }
      ]
    })
    expect([...providers]).toStrictEqual(['AWS', 'GCP', 'AZURE'])
    expect([...sizes]).toStrictEqual(['M10', 'M30', 'M40'])
    const none = providersAndSizes(null)
    expect(none.providers.size + none.sizes.size).toBe(0)
  })

  it('runsOnFlex: any of the three signs', () => {
    expect(runsOnFlex({ providerSettings: { effectiveInstanceSizeName: 'FLEX' } })).toBe(true)
    expect(runsOnFlex({ providerSettings: { effectiveProviderName: 'TENANT' } })).toBe(true)
    expect(runsOnFlex({ effectiveInstanceSizeName: 'FLEX' })).toBe(true)
    expect(
      runsOnFlex({
        providerSettings: { effectiveInstanceSizeName: 'M10', effectiveProviderName: 'AWS' },
        effectiveInstanceSizeName: 'SERVERLESS'
      })
    ).toBe(false)
  })

  it('parseDeployment reads every field, and leaves out what is missing or mistyped', () => {
    expect(
      parseDeployment({
        stateName: 'IDLE',
        connectionStrings: { standardSrv: 'mongodb+srv://x' },
        paused: false,
        mongoDBVersion: '8.0.4',
        clusterType: 'REPLICASET',
        tags: [{ key: 'env', value: 'prod' }, { key: 'k' }, { value: 'v' }],
        pitEnabled: true,
        effectiveInstanceSizeName: 'FLEX'
      })
    ).toStrictEqual({
      stateName: 'IDLE',
      connectionString: 'mongodb+srv://x',
      paused: false,
      mongoDBVersion: '8.0.4',
      clusterType: 'REPLICASET',
      tags: [{ key: 'env', value: 'prod' }],
      pitEnabled: true,
      runsOnFlex: true
    })
    expect(
      parseDeployment({ paused: 'no', pitEnabled: 'yes', tags: [{ key: 'k' }] })
    ).toStrictEqual({})
  })

  it('serverless: continuous backup read from serverlessBackupOptions, pitEnabled first', () => {
    const on = { serverlessBackupOptions: { serverlessContinuousBackupEnabled: true } }
    expect(parseDeployment(on).pitEnabled).toBe(true)
    expect(parseDeployment({ ...on, pitEnabled: false }).pitEnabled).toBe(false)
  })
})

describe('what the readers say and leave out (second pass)', () => {
  it('each parser names what came without an id', () => {
    expect(() => parseFlaggedJob({})).toThrow('Atlas returned a restore job without an id')
    expect(() => parseStatusJob({})).toThrow('Atlas returned a restore job without an id')
    expect(() => parseClusterSnapshot({})).toThrow('Atlas returned a snapshot without an id')
    expect(() => parseStatusSnapshot({})).toThrow('Atlas returned a snapshot without an id')
  })

  it('objectIdTime: a year and a day back is too old, a day ahead too new, to the second', () => {
    const now = Date.parse('2026-08-10T03:36:19Z')
    const DAY = 24 * 3600_000
    const at = (ms: number) => `${(ms / 1000).toString(16).padStart(8, '0')}0000000000000000`
    expect(objectIdTime(at(now - 366 * DAY), now)).toBeUndefined()
    expect(objectIdTime(at(now - 366 * DAY + 1000), now)).toStrictEqual(
      new Date(now - 366 * DAY + 1000)
    )
    expect(objectIdTime(at(now + DAY), now)).toBeUndefined()
    expect(objectIdTime(at(now + DAY - 1000), now)).toStrictEqual(new Date(now + DAY - 1000))
  })

  it('a flagged job without a delivery type has no deliveryType key', () => {
    expect('deliveryType' in parseFlaggedJob({ id: ID })).toBe(false)
  })

  it("a component's private URL already listed by the job is not listed twice", () => {
    const j = parseFlaggedJob({
      id: ID,
      privateDownloadDeliveryUrls: [{ deliveryUrl: 'https://p1' }, { deliveryUrl: 'https://p2' }],
      components: [{ privateDownloadDeliveryUrls: [{ deliveryUrl: 'https://p2' }] }]
    })
    expect(j.privateDeliveryUrls.map(p => p.deliveryUrl)).toStrictEqual([
      'https://p1',
      'https://p2'
    ])
  })

  it('a deployment-item body without a target names none', () => {
    expect(deploymentItemBody({ source, deliveryType: 'download', snapshotId: 's' })).toStrictEqual(
      { snapshotId: 's', targetDeploymentItemName: undefined, targetProjectId: undefined }
    )
  })
})
