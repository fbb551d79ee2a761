// Raw step inputs → one typed, validated Settings object. Pure: the caller passes the raw
// values in; nothing here touches the network or @actions/core. Every problem is collected so
// the user sees them all at once. The single-input readers are in fields.ts; this file holds
// the rules between inputs.

import type { Credentials } from '../atlas/auth/types.js'
import { CLUSTER_NAME, DEPLOYMENT_ITEM_NAME, OBJECT_ID } from '../atlas/names.js'
import type { DeliveryType, PointInTime } from '../kinds/adapter.js'
import { CLUSTER_KINDS, type ClusterKind } from '../kinds/index.js'
import { parseBaseUrl } from './base-url.js'
import { INPUT_DEFAULTS, SECRET_INPUTS, type RawInputs } from './contract.js'
import { parseCredentials } from './credentials.js'
import { FieldReader } from './fields.js'
import { checkNamespaces } from './namespaces.js'
import { parsePointInTime, pointInTimeForms } from './point-in-time.js'
import { InputError, showValue, type Problem } from './problems.js'

export const DELIVERY_TYPES: readonly DeliveryType[] = ['automated', 'download', 'pointInTime']
export const WRITE_STRATEGIES = ['CREATE_NEW', 'OVERWRITE_EXISTING'] as const
export const INDEX_STRATEGIES = ['ALL', 'NONE', 'ALL_EXCEPT_TTL'] as const
const MIN_POLL_INTERVAL_MS = 100

/** A collection-level restore: only these namespaces, through the collection restore API. */
export interface CollectionScope {
  databases: string[]
  collections: string[]
  writeStrategy: (typeof WRITE_STRATEGIES)[number]
  indexStrategy: (typeof INDEX_STRATEGIES)[number]
  databaseSuffix?: string
  collectionSuffix?: string
}

export interface Settings {
  groupId: string
  clusterName: string
  clusterKind: ClusterKind | 'auto'
  /** Watch this existing job instead of creating one. */
  restoreJobId?: string
  deliveryType: DeliveryType
  /** A 24-hex snapshot ID or `latest`; not used for pointInTime. */
  snapshotId: string
  allowFallbackSnapshot: boolean
  pointInTime?: PointInTime
  targetGroupId: string
  targetClusterName?: string
  /** Set for a collection-level restore. */
  collections?: CollectionScope
  waitForCompletion: boolean
  timeoutMs: number
  pollIntervalMs: number
  cancelOnAbort: boolean
  maxSnapshotAgeMs?: number
  maxRestoreDurationMs?: number
  /** Download every archive into this directory once the URLs are ready. */
  downloadPath?: string
  /** With downloadPath: unpack each .tar.gz beside it. */
  extract: boolean
  allowSourceOverwrite: boolean
  allowProductionTarget: boolean
  reportPath?: string
  dryRun: boolean
  maskDeliveryUrls: boolean
  credentials: Credentials
  /** Origin of the Atlas API, without a trailing slash. */
  baseUrl: string
}

/**
 * Validates raw inputs (empty = not set) and the environment for credential fallbacks. Throws
 * InputError naming every problem.
 */
export function parseInputs(raw: RawInputs, env: Record<string, string | undefined>): Settings {
  const problems: Problem[] = []
  const problem = (input: string, message: string): void => {
    problems.push({ input, message })
  }
  const fields = new FieldReader(raw, problem)
  const value = fields.value.bind(fields)
  fields.checkControlCharacters(name => SECRET_INPUTS.includes(name))

  // Source
  const groupId = fields.objectId('groupId', 'a project ID') ?? ''
  if (value('groupId') === '')
    problem('groupId', 'is required: the source project ID (24 hex characters)')
  const clusterName = value('clusterName')
  if (clusterName === '') {
    problem('clusterName', 'is required: the source cluster or instance name')
  } else if (!CLUSTER_NAME.test(clusterName) || clusterName.length > 64) {
    problem(
      'clusterName',
      `${showValue(clusterName)} is not a cluster name: expected 1 to 64 letters, digits and hyphens, starting with a letter or digit`
    )
  }
  const clusterKind = fields.oneOf('clusterKind', ['auto', ...CLUSTER_KINDS])

  // What to restore
  const restoreJobId = fields.objectId('restoreJobId', 'a restore job ID')
  const watching = restoreJobId !== undefined
  const deliveryType = fields.oneOf('deliveryType', DELIVERY_TYPES)
  const snapshotId = value('snapshotId') || INPUT_DEFAULTS.snapshotId
  if (snapshotId !== 'latest' && !OBJECT_ID.test(snapshotId)) {
    problem(
      'snapshotId',
      `${showValue(snapshotId)} is not a snapshot ID: expected latest or 24 lowercase hexadecimal characters`
    )
  }
  const pointInTime = parsePointInTime(fields)
  const pitForms = pointInTimeForms(fields)
  const collections = parseCollectionScope(fields, deliveryType)

  // Target
  const targetGroupId = fields.objectId('targetGroupId', 'a project ID') ?? groupId
  const targetClusterName = value('targetClusterName') || undefined
  if (targetClusterName !== undefined && !DEPLOYMENT_ITEM_NAME.test(targetClusterName)) {
    problem(
      'targetClusterName',
      `${showValue(targetClusterName)} is not a cluster name: expected 1 to 64 letters, digits or - _ . ( ) , : & @ + '`
    )
  }

  if (!watching) {
    const restoresOntoTarget = deliveryType === 'automated' || deliveryType === 'pointInTime'
    if (restoresOntoTarget && targetClusterName === undefined) {
      problem(
        'targetClusterName',
        `is required for deliveryType ${deliveryType}: the cluster to restore onto`
      )
    }
    if (deliveryType === 'pointInTime') {
      if (pitForms.length === 0) {
        problem(
          'pointInTime',
          'deliveryType pointInTime needs the moment to restore to: set pointInTime, pointInTimeUTCSeconds, or oplogTs with oplogInc'
        )
      } else if (pitForms.length > 1) {
        problem('pointInTime', `give only one point-in-time form, not ${pitForms.join(' and ')}`)
      }
      if (value('snapshotId') !== '' && snapshotId !== 'latest') {
        problem(
          'snapshotId',
          'is not used with deliveryType pointInTime: Atlas picks the snapshot itself'
        )
      }
    } else {
      for (const form of pitForms) {
        problem(
          form.split('/')[0],
          `is only used with deliveryType pointInTime, not ${deliveryType}`
        )
      }
    }
    // A collection-level CREATE_NEW never destroys data, so only OVERWRITE_EXISTING needs it.
    const overwrites =
      collections === undefined || collections.writeStrategy === 'OVERWRITE_EXISTING'
    if (
      restoresOntoTarget &&
      overwrites &&
      targetClusterName === clusterName &&
      targetGroupId === groupId &&
      !fields.boolean('allowSourceOverwrite')
    ) {
      problem(
        'targetClusterName',
        `${showValue(clusterName)} is the source cluster itself: a restore would overwrite its data. Set allowSourceOverwrite: true if that is what you want`
      )
    }
  }

  // Waiting and safety
  const timeoutMs = fields.duration('timeout') ?? 0
  const pollIntervalMs = fields.duration('pollInterval') ?? 0
  if (pollIntervalMs > 0 && pollIntervalMs < MIN_POLL_INTERVAL_MS) {
    problem('pollInterval', `${showValue(value('pollInterval'))} is too short: at least 100ms`)
  }
  const maxSnapshotAgeMs = fields.duration('maxSnapshotAge')
  const maxRestoreDurationMs = fields.duration('maxRestoreDuration')
  const reportPath = value('reportPath') || undefined
  const downloadPath = value('downloadPath') || undefined
  const extract = fields.boolean('extract')
  const waitForCompletion = fields.boolean('waitForCompletion')
  checkDownloadInputs(fields, { downloadPath, extract, watching, deliveryType, waitForCompletion })

  const settings: Settings = {
    groupId,
    clusterName,
    clusterKind,
    ...(restoreJobId !== undefined && { restoreJobId }),
    deliveryType,
    snapshotId,
    allowFallbackSnapshot: fields.boolean('allowFallbackSnapshot'),
    ...(deliveryType === 'pointInTime' && pointInTime !== undefined && { pointInTime }),
    targetGroupId,
    ...(targetClusterName !== undefined && { targetClusterName }),
    ...(collections !== undefined && { collections }),
    waitForCompletion,
    timeoutMs,
    pollIntervalMs,
    cancelOnAbort: fields.boolean('cancelOnAbort'),
    ...(maxSnapshotAgeMs !== undefined && { maxSnapshotAgeMs }),
    ...(maxRestoreDurationMs !== undefined && { maxRestoreDurationMs }),
    ...(downloadPath !== undefined && { downloadPath }),
    extract,
    allowSourceOverwrite: fields.boolean('allowSourceOverwrite'),
    allowProductionTarget: fields.boolean('allowProductionTarget'),
    ...(reportPath !== undefined && { reportPath }),
    dryRun: fields.boolean('dryRun'),
    maskDeliveryUrls: fields.boolean('maskDeliveryUrls'),
    credentials: parseCredentials(fields, env),
    baseUrl: parseBaseUrl(value('baseUrl') || INPUT_DEFAULTS.baseUrl, problem)
  }
  if (problems.length > 0) throw new InputError(problems)
  return settings
}

/** The collection-level scope, when databases or collections are set. */
function parseCollectionScope(
  fields: FieldReader,
  deliveryType: DeliveryType
): CollectionScope | undefined {
  const databases = fields.list('databases')
  const collections = fields.list('collections')
  const writeStrategy = fields.oneOf('writeStrategy', WRITE_STRATEGIES)
  const indexStrategy = fields.oneOf('indexStrategy', INDEX_STRATEGIES)
  const databaseSuffix = fields.value('databaseSuffix') || undefined
  const collectionSuffix = fields.value('collectionSuffix') || undefined
  if (databases.length === 0 && collections.length === 0) {
    const stray = [
      databaseSuffix !== undefined && 'databaseSuffix',
      collectionSuffix !== undefined && 'collectionSuffix',
      writeStrategy !== INPUT_DEFAULTS.writeStrategy && 'writeStrategy',
      indexStrategy !== INPUT_DEFAULTS.indexStrategy && 'indexStrategy'
    ].filter((n): n is string => n !== false)
    for (const name of stray) {
      fields.problem(
        name,
        'is only used for a collection-level restore: set databases or collections too'
      )
    }
    return undefined
  }
  if (deliveryType === 'download') {
    fields.problem(
      'deliveryType',
      'download cannot be combined with databases or collections: a collection-level restore is automated or pointInTime'
    )
  }
  checkNamespaces({ databases, collections }, { databaseSuffix, collectionSuffix }, fields.problem)
  return {
    databases,
    collections,
    writeStrategy,
    indexStrategy,
    ...(databaseSuffix !== undefined && { databaseSuffix }),
    ...(collectionSuffix !== undefined && { collectionSuffix })
  }
}

/** downloadPath needs a download it can wait for; extract needs downloadPath. */
function checkDownloadInputs(
  fields: FieldReader,
  d: {
    downloadPath?: string
    extract: boolean
    watching: boolean
    deliveryType: DeliveryType
    waitForCompletion: boolean
  }
): void {
  if (d.extract && d.downloadPath === undefined)
    fields.problem('extract', 'needs downloadPath: the folder the archives are downloaded to')
  if (d.downloadPath === undefined) return
  if (!d.watching && d.deliveryType !== 'download')
    fields.problem(
      'downloadPath',
      `is only used with deliveryType download, not ${d.deliveryType}: the archives a download job delivers`
    )
  if (!d.waitForCompletion)
    fields.problem(
      'downloadPath',
      'needs waitForCompletion: true: the archives are downloaded once the URLs are ready'
    )
}
