// Wrong inputs, given to the bundled action as the runner gives them: each must fail the step,
// name the input, echo no secret, and send no HTTP request at all.

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { runAction, runtimes, visibleLog } from '../../scripts/runner.js'

const runtime = runtimes().at(-1)!
const GROUP = '6a793f6b2c88faeba59bae37'
const PRIVATE_KEY = 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b'
const CLIENT_SECRET = 'mdb_sa_sk_Zx8TopSecretValue1234567890'

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

const valid = () => ({
  groupId: GROUP,
  clusterName: 'prod',
  targetClusterName: 'scratch',
  publicKey: 'abcdefgh',
  privateKey: PRIVATE_KEY,
  baseUrl
})

// [what is wrong, inputs changed (undefined = left out), the input the message must name]
const cases: [string, Record<string, string | undefined>, string][] = [
  ['groupId missing', { groupId: undefined }, 'groupId'],
  ['groupId too short', { groupId: '6a793f6b' }, 'groupId'],
  ['groupId upper case', { groupId: GROUP.toUpperCase() }, 'groupId'],
  ['groupId not hex', { groupId: 'zz793f6b2c88faeba59bae37' }, 'groupId'],
  ['clusterName missing', { clusterName: undefined }, 'clusterName'],
  ['clusterName with a space', { clusterName: 'my cluster' }, 'clusterName'],
  ['clusterName with an underscore', { clusterName: 'my_cluster' }, 'clusterName'],
  ['clusterName too long', { clusterName: 'c'.repeat(65) }, 'clusterName'],
  ['clusterKind unknown', { clusterKind: 'atlas' }, 'clusterKind'],
  ['deliveryType unknown', { deliveryType: 'copy' }, 'deliveryType'],
  ['snapshotId not an ID', { snapshotId: 'yesterday' }, 'snapshotId'],
  ['targetGroupId not an ID', { targetGroupId: 'other-project' }, 'targetGroupId'],
  [
    'targetClusterName missing for automated',
    { targetClusterName: undefined },
    'targetClusterName'
  ],
  [
    'targetClusterName missing for pointInTime',
    { targetClusterName: undefined, deliveryType: 'pointInTime', pointInTime: '1795143600' },
    'targetClusterName'
  ],
  ['targetClusterName with a slash', { targetClusterName: 'a/b' }, 'targetClusterName'],
  [
    'restore onto the source without allowSourceOverwrite',
    { targetClusterName: 'prod' },
    'targetClusterName'
  ],
  ['pointInTime delivery without a moment', { deliveryType: 'pointInTime' }, 'pointInTime'],
  [
    'pointInTime not a date',
    { deliveryType: 'pointInTime', pointInTime: 'last night' },
    'pointInTime'
  ],
  [
    'pointInTime before 2008',
    { deliveryType: 'pointInTime', pointInTime: '1999-01-01T00:00:00Z' },
    'pointInTime'
  ],
  [
    'two point-in-time forms',
    {
      deliveryType: 'pointInTime',
      pointInTime: '1795143600',
      oplogTs: '1795143600',
      oplogInc: '1'
    },
    'pointInTime'
  ],
  [
    'pointInTimeUTCSeconds below the minimum',
    { deliveryType: 'pointInTime', pointInTimeUTCSeconds: '1000' },
    'pointInTimeUTCSeconds'
  ],
  ['oplogTs without oplogInc', { deliveryType: 'pointInTime', oplogTs: '1795143600' }, 'oplogInc'],
  [
    'oplogInc of zero',
    { deliveryType: 'pointInTime', oplogTs: '1795143600', oplogInc: '0' },
    'oplogInc'
  ],
  [
    'a point in time with download',
    { deliveryType: 'download', pointInTime: '1795143600' },
    'pointInTime'
  ],
  [
    'snapshotId with pointInTime',
    {
      deliveryType: 'pointInTime',
      pointInTime: '1795143600',
      snapshotId: '6a79468a2c88faeba59de489'
    },
    'snapshotId'
  ],
  ['restoreJobId not an ID', { restoreJobId: 'job-1' }, 'restoreJobId'],
  ['waitForCompletion not a boolean', { waitForCompletion: 'sometimes' }, 'waitForCompletion'],
  ['cancelOnAbort not a boolean', { cancelOnAbort: 'y' }, 'cancelOnAbort'],
  ['dryRun not a boolean', { dryRun: 'on' }, 'dryRun'],
  ['maskDeliveryUrls not a boolean', { maskDeliveryUrls: 'no' }, 'maskDeliveryUrls'],
  ['allowSourceOverwrite not a boolean', { allowSourceOverwrite: '1' }, 'allowSourceOverwrite'],
  ['timeout without a unit', { timeout: '7200' }, 'timeout'],
  ['timeout negative', { timeout: '-5m' }, 'timeout'],
  ['pollInterval in days', { pollInterval: '1d' }, 'pollInterval'],
  ['pollInterval too short', { pollInterval: '5ms' }, 'pollInterval'],
  ['maxSnapshotAge not a duration', { maxSnapshotAge: 'one day' }, 'maxSnapshotAge'],
  ['baseUrl plain http to a remote host', { baseUrl: 'http://cloud.mongodb.com' }, 'baseUrl'],
  ['baseUrl with a path', { baseUrl: 'https://cloud.mongodb.com/api/atlas/v2' }, 'baseUrl'],
  ['baseUrl not a URL', { baseUrl: 'cloud dot mongodb' }, 'baseUrl'],
  ['publicKey without privateKey', { privateKey: undefined }, 'privateKey'],
  ['privateKey without publicKey', { publicKey: undefined }, 'publicKey'],
  [
    'clientId without clientSecret',
    { publicKey: undefined, privateKey: undefined, clientId: 'mdb_sa_id_1' },
    'clientSecret'
  ],
  [
    'clientSecret without clientId',
    { publicKey: undefined, privateKey: undefined, clientSecret: CLIENT_SECRET },
    'clientId'
  ],
  ['both credential pairs', { clientId: 'mdb_sa_id_1', clientSecret: CLIENT_SECRET }, 'clientId'],
  ['no credentials at all', { publicKey: undefined, privateKey: undefined }, 'publicKey']
]

describe('bad inputs', () => {
  it('has at least 35 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(35)
  })

  it.each(cases)('%s', async (_, change, input) => {
    const inputs: Record<string, string> = valid()
    for (const [name, value] of Object.entries(change)) {
      if (value === undefined) delete inputs[name]
      else inputs[name] = value
    }
    const before = requests
    const r = await runAction({ runtime, inputs })
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
