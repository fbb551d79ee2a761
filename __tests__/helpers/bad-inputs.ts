// One table of wrong inputs, run twice: through parseInputs (__tests__/inputs.test.ts) and through
// the bundled action as the runner runs it (__tests__/e2e/bad-inputs.test.ts).

export const GROUP = '6a793f6b2c88faeba59bae37'
export const PRIVATE_KEY = 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b'
export const CLIENT_SECRET = 'mdb_sa_sk_Zx8TopSecretValue1234567890'

/** Inputs that pass validation; each bad case changes a few of them. */
export const validInputs = (baseUrl?: string): Record<string, string> => ({
  groupId: GROUP,
  clusterName: 'prod',
  targetClusterName: 'scratch',
  publicKey: 'abcdefgh',
  privateKey: PRIVATE_KEY,
  ...(baseUrl !== undefined && { baseUrl })
})

export type BadInput = [what: string, change: Record<string, string | undefined>, input: string]

/** The inputs with a case's change applied (undefined leaves an input out). */
export function withChange(
  inputs: Record<string, string>,
  change: BadInput[1]
): Record<string, string> {
  const changed = { ...inputs }
  for (const [name, value] of Object.entries(change)) {
    if (value === undefined) delete changed[name]
    else changed[name] = value
  }
  return changed
}

// [what is wrong, inputs changed, the input the message must name]
export const badInputs: BadInput[] = [
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
  ['pollInterval in weeks', { pollInterval: '1w' }, 'pollInterval'],
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
  ['no credentials at all', { publicKey: undefined, privateKey: undefined }, 'publicKey'],
  ['clusterName starting with a hyphen', { clusterName: '-c' }, 'clusterName'],
  ['a point in time with automated', { pointInTime: '1795143600' }, 'pointInTime'],
  [
    'pointInTime on a day that does not exist',
    { deliveryType: 'pointInTime', pointInTime: '2026-02-30T00:00:00Z' },
    'pointInTime'
  ],
  [
    'pointInTimeUTCSeconds not a whole number',
    { deliveryType: 'pointInTime', pointInTimeUTCSeconds: '12.5' },
    'pointInTimeUTCSeconds'
  ],
  [
    'oplogTs below the minimum',
    { deliveryType: 'pointInTime', oplogTs: '5', oplogInc: '1' },
    'oplogTs'
  ],
  ['timeout of zero', { timeout: '0s' }, 'timeout'],
  ['baseUrl with credentials', { baseUrl: 'https://u:p@cloud.mongodb.com' }, 'baseUrl']
]
