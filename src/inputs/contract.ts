// The inputs as action.yml declares them: names, defaults, which are secret, and the
// environment variables credentials fall back to. __tests__/metadata.test.ts checks this table
// against action.yml, the file users read.

export const INPUT_DEFAULTS = {
  groupId: undefined,
  clusterName: undefined,
  clusterKind: 'auto',
  deliveryType: 'automated',
  snapshotId: 'latest',
  allowFallbackSnapshot: 'false',
  pointInTime: undefined,
  pointInTimeUTCSeconds: undefined,
  oplogTs: undefined,
  oplogInc: undefined,
  targetGroupId: undefined,
  targetClusterName: undefined,
  restoreJobId: undefined,
  waitForCompletion: 'true',
  timeout: '2h',
  pollInterval: '30s',
  cancelOnAbort: 'false',
  maxSnapshotAge: undefined,
  allowSourceOverwrite: 'false',
  allowProductionTarget: 'false',
  databases: undefined,
  collections: undefined,
  writeStrategy: 'CREATE_NEW',
  indexStrategy: 'ALL',
  databaseSuffix: undefined,
  collectionSuffix: undefined,
  maxRestoreDuration: undefined,
  downloadPath: undefined,
  extract: 'false',
  reportPath: undefined,
  dryRun: 'false',
  maskDeliveryUrls: 'true',
  publicKey: undefined,
  privateKey: undefined,
  clientId: undefined,
  clientSecret: undefined,
  baseUrl: 'https://cloud.mongodb.com'
} as const satisfies Record<string, string | undefined>

export type InputName = keyof typeof INPUT_DEFAULTS
export type RawInputs = Partial<Record<InputName, string>>

/** Every input the action declares, spelled as in action.yml. */
export const INPUT_NAMES = Object.keys(INPUT_DEFAULTS) as InputName[]

/** Inputs whose values must never be echoed. */
export const SECRET_INPUTS: readonly InputName[] = ['privateKey', 'clientSecret']

/** The environment variables the Atlas CLI and the Terraform provider read. */
export const CREDENTIAL_ENV = {
  publicKey: 'MONGODB_ATLAS_PUBLIC_API_KEY',
  privateKey: 'MONGODB_ATLAS_PRIVATE_API_KEY',
  clientId: 'MONGODB_ATLAS_CLIENT_ID',
  clientSecret: 'MONGODB_ATLAS_CLIENT_SECRET'
} as const
