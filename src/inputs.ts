// Raw step inputs → one typed, validated Settings object. Pure: the caller passes the raw
// values in; nothing here touches the network or @actions/core. Every problem is collected so
// the user sees them all at once.

import { parseDuration } from './durations.js'
import type { Credentials } from './atlas/auth/types.js'
import { CLUSTER_NAME, DEPLOYMENT_ITEM_NAME, OBJECT_ID } from './atlas/names.js'
import type { ClusterKind, DeliveryType, KindCapabilities, PointInTime } from './kinds/adapter.js'

/** Every input the action declares, spelled as in action.yml. */
export const INPUT_NAMES = [
  'groupId',
  'clusterName',
  'clusterKind',
  'deliveryType',
  'snapshotId',
  'pointInTime',
  'pointInTimeUTCSeconds',
  'oplogTs',
  'oplogInc',
  'targetGroupId',
  'targetClusterName',
  'restoreJobId',
  'waitForCompletion',
  'timeout',
  'pollInterval',
  'cancelOnAbort',
  'maxSnapshotAge',
  'allowSourceOverwrite',
  'dryRun',
  'maskDeliveryUrls',
  'publicKey',
  'privateKey',
  'clientId',
  'clientSecret',
  'baseUrl'
] as const

export type InputName = (typeof INPUT_NAMES)[number]
export type RawInputs = Partial<Record<InputName, string>>

/** Inputs whose values must never be echoed. */
export const SECRET_INPUTS: readonly InputName[] = ['privateKey', 'clientSecret']

/** The environment variables the Atlas CLI and the Terraform provider read. */
export const CREDENTIAL_ENV = {
  publicKey: 'MONGODB_ATLAS_PUBLIC_API_KEY',
  privateKey: 'MONGODB_ATLAS_PRIVATE_API_KEY',
  clientId: 'MONGODB_ATLAS_CLIENT_ID',
  clientSecret: 'MONGODB_ATLAS_CLIENT_SECRET'
} as const

export const CLUSTER_KINDS: readonly ClusterKind[] = ['dedicated', 'flex', 'shared', 'serverless']
export const DELIVERY_TYPES: readonly DeliveryType[] = ['automated', 'download', 'pointInTime']

export interface Settings {
  groupId: string
  clusterName: string
  clusterKind: ClusterKind | 'auto'
  /** Watch this existing job instead of creating one. */
  restoreJobId?: string
  deliveryType: DeliveryType
  /** A 24-hex snapshot ID or `latest`; not used for pointInTime. */
  snapshotId: string
  pointInTime?: PointInTime
  targetGroupId: string
  targetClusterName?: string
  waitForCompletion: boolean
  timeoutMs: number
  pollIntervalMs: number
  cancelOnAbort: boolean
  maxSnapshotAgeMs?: number
  allowSourceOverwrite: boolean
  dryRun: boolean
  maskDeliveryUrls: boolean
  credentials: Credentials
  /** Origin of the Atlas API, without a trailing slash. */
  baseUrl: string
}

export interface Problem {
  input: string
  message: string
}

export class InputError extends Error {
  constructor(readonly problems: Problem[]) {
    super(
      `${problems.length === 1 ? 'An input is' : `${problems.length} inputs are`} invalid:\n` +
        problems.map(p => `- ${p.input}: ${p.message}`).join('\n')
    )
    this.name = 'InputError'
  }
}

/** The spec's minimum for pointInTimeUTCSeconds and oplogTs: 2008-01-01T00:00:00Z. */
export const MIN_EPOCH_SECONDS = 1199145600
const INT32_MAX = 2147483647
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/
const MIN_POLL_INTERVAL_MS = 100

/** How a value appears in a message: quoted, escaped, and short. */
export function showValue(value: string): string {
  const short = value.length > 64 ? `${value.slice(0, 61)}...` : value
  return JSON.stringify(short)
}

/**
 * Validates raw inputs (already trimmed, empty = not set) and the environment for credential
 * fallbacks. Throws InputError naming every problem.
 */
export function parseInputs(raw: RawInputs, env: Record<string, string | undefined>): Settings {
  const problems: Problem[] = []
  const problem = (input: string, message: string): void => {
    problems.push({ input, message })
  }
  const value = (name: InputName): string => (raw[name] ?? '').trim()

  const objectId = (name: InputName, what: string): string | undefined => {
    const v = value(name)
    if (v === '') return undefined
    if (!OBJECT_ID.test(v)) {
      problem(name, `${showValue(v)} is not ${what}: expected 24 lowercase hexadecimal characters`)
      return undefined
    }
    return v
  }

  const boolean = (name: InputName, fallback: boolean): boolean => {
    const v = value(name)
    if (v === '') return fallback
    // The YAML 1.2 core schema, as core.getBooleanInput accepts it.
    if (['true', 'True', 'TRUE'].includes(v)) return true
    if (['false', 'False', 'FALSE'].includes(v)) return false
    problem(name, `${showValue(v)} is not a boolean: expected true or false`)
    return fallback
  }

  const duration = (name: InputName, fallback: string | undefined): number | undefined => {
    const v = value(name) || fallback
    if (v === undefined) return undefined
    const ms = parseDuration(v)
    if (ms === undefined || ms <= 0) {
      problem(
        name,
        `${showValue(v)} is not a duration: expected a positive number with a unit, ms, s, m or h (e.g. 45s, 90m, 2h)`
      )
      return undefined
    }
    return ms
  }

  const oneOf = <T extends string>(name: InputName, allowed: readonly T[], fallback: T): T => {
    const v = value(name)
    if (v === '') return fallback
    if (!(allowed as readonly string[]).includes(v)) {
      problem(name, `${showValue(v)} is not valid: expected one of ${allowed.join(', ')}`)
      return fallback
    }
    return v as T
  }

  // Source
  const groupId = objectId('groupId', 'a project ID') ?? ''
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
  const clusterKind = oneOf('clusterKind', ['auto', ...CLUSTER_KINDS], 'auto')

  // What to restore
  const restoreJobId = objectId('restoreJobId', 'a restore job ID')
  const watching = restoreJobId !== undefined
  const deliveryType = oneOf('deliveryType', DELIVERY_TYPES, 'automated')
  const snapshotId = value('snapshotId') || 'latest'
  if (snapshotId !== 'latest' && !OBJECT_ID.test(snapshotId)) {
    problem(
      'snapshotId',
      `${showValue(snapshotId)} is not a snapshot ID: expected latest or 24 lowercase hexadecimal characters`
    )
  }
  const pointInTime = parsePointInTime(value, problem)
  const pitForms = [
    value('pointInTime') !== '' && 'pointInTime',
    value('pointInTimeUTCSeconds') !== '' && 'pointInTimeUTCSeconds',
    (value('oplogTs') !== '' || value('oplogInc') !== '') && 'oplogTs/oplogInc'
  ].filter((f): f is string => f !== false)

  // Target
  const targetGroupId = objectId('targetGroupId', 'a project ID') ?? groupId
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
    if (
      restoresOntoTarget &&
      targetClusterName === clusterName &&
      targetGroupId === groupId &&
      !boolean('allowSourceOverwrite', false)
    ) {
      problem(
        'targetClusterName',
        `${showValue(clusterName)} is the source cluster itself: a restore would overwrite its data. Set allowSourceOverwrite: true if that is what you want`
      )
    }
  }

  // Waiting and safety
  const timeoutMs = duration('timeout', '2h') ?? 0
  const pollIntervalMs = duration('pollInterval', '30s') ?? 0
  if (pollIntervalMs > 0 && pollIntervalMs < MIN_POLL_INTERVAL_MS) {
    problem('pollInterval', `${showValue(value('pollInterval'))} is too short: at least 100ms`)
  }
  const maxSnapshotAgeMs = duration('maxSnapshotAge', undefined)

  const settings: Settings = {
    groupId,
    clusterName,
    clusterKind,
    ...(restoreJobId !== undefined && { restoreJobId }),
    deliveryType,
    snapshotId,
    ...(deliveryType === 'pointInTime' && pointInTime !== undefined && { pointInTime }),
    targetGroupId,
    ...(targetClusterName !== undefined && { targetClusterName }),
    waitForCompletion: boolean('waitForCompletion', true),
    timeoutMs,
    pollIntervalMs,
    cancelOnAbort: boolean('cancelOnAbort', false),
    ...(maxSnapshotAgeMs !== undefined && { maxSnapshotAgeMs }),
    allowSourceOverwrite: boolean('allowSourceOverwrite', false),
    dryRun: boolean('dryRun', false),
    maskDeliveryUrls: boolean('maskDeliveryUrls', true),
    credentials: parseCredentials(value, env, problem),
    baseUrl: parseBaseUrl(value('baseUrl') || 'https://cloud.mongodb.com', problem)
  }
  if (problems.length > 0) throw new InputError(problems)
  return settings
}

function parsePointInTime(
  value: (name: InputName) => string,
  problem: (input: string, message: string) => void
): PointInTime | undefined {
  const checkSeconds = (input: string, shown: string, seconds: number): number | undefined => {
    if (!Number.isInteger(seconds) || seconds < MIN_EPOCH_SECONDS || seconds > INT32_MAX) {
      problem(
        input,
        `${shown} is out of range: expected a moment from 2008-01-01T00:00:00Z to 2038-01-19`
      )
      return undefined
    }
    return seconds
  }

  const text = value('pointInTime')
  if (text !== '') {
    let seconds: number | undefined
    if (/^\d+$/.test(text)) {
      seconds = Number(text)
    } else {
      const m = RFC3339.exec(text)
      const ms = m ? Date.parse(text.replace(' ', 'T')) : NaN
      // Date.parse rolls 2026-02-30 over to March; a real date keeps its day.
      const sameDay = m && new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).getUTCDate() === +m[3]
      if (!m || Number.isNaN(ms) || !sameDay) {
        problem(
          'pointInTime',
          `${showValue(text)} is not a moment: expected RFC 3339 (2026-11-20T03:00:00Z) or epoch seconds`
        )
        return undefined
      }
      seconds = Math.floor(ms / 1000)
    }
    const checked = checkSeconds('pointInTime', showValue(text), seconds)
    return checked === undefined ? undefined : { pointInTimeUTCSeconds: checked }
  }

  const utc = value('pointInTimeUTCSeconds')
  if (utc !== '') {
    if (!/^\d+$/.test(utc)) {
      problem(
        'pointInTimeUTCSeconds',
        `${showValue(utc)} is not epoch seconds: expected a whole number`
      )
      return undefined
    }
    const checked = checkSeconds('pointInTimeUTCSeconds', showValue(utc), Number(utc))
    return checked === undefined ? undefined : { pointInTimeUTCSeconds: checked }
  }

  const ts = value('oplogTs')
  const inc = value('oplogInc')
  if (ts === '' && inc === '') return undefined
  if (ts === '' || inc === '') {
    problem(
      ts === '' ? 'oplogTs' : 'oplogInc',
      'oplogTs and oplogInc go together: set both or neither'
    )
    return undefined
  }
  let ok = true
  if (!/^\d+$/.test(ts)) {
    problem('oplogTs', `${showValue(ts)} is not epoch seconds: expected a whole number`)
    ok = false
  } else if (checkSeconds('oplogTs', showValue(ts), Number(ts)) === undefined) {
    ok = false
  }
  if (!/^\d+$/.test(inc) || Number(inc) < 1 || Number(inc) > INT32_MAX) {
    problem('oplogInc', `${showValue(inc)} is not valid: expected a whole number of at least 1`)
    ok = false
  }
  return ok ? { oplogTs: Number(ts), oplogInc: Number(inc) } : undefined
}

function parseCredentials(
  value: (name: InputName) => string,
  env: Record<string, string | undefined>,
  problem: (input: string, message: string) => void
): Credentials {
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
      `no credentials: set publicKey and privateKey (API key) or clientId and clientSecret (service account), as inputs or as ${Object.values(CREDENTIAL_ENV).join(', ')}`
    )
  }
  return serviceAccount && !apiKey
    ? { type: 'serviceAccount', clientId: get('clientId'), clientSecret: get('clientSecret') }
    : { type: 'apiKey', publicKey: get('publicKey'), privateKey: get('privateKey') }
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i

function parseBaseUrl(text: string, problem: (input: string, message: string) => void): string {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    problem('baseUrl', `${showValue(text)} is not a URL: expected e.g. https://cloud.mongodb.com`)
    return text
  }
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) {
    problem(
      'baseUrl',
      `${showValue(text)} uses plain http: only https is allowed (http only for loopback hosts)`
    )
  } else if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    problem('baseUrl', `${showValue(text)} is not an https URL`)
  } else if (url.username || url.password) {
    problem(
      'baseUrl',
      'must not carry credentials: use publicKey/privateKey or clientId/clientSecret'
    )
  } else if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    problem(
      'baseUrl',
      `${showValue(text)} has a path: give the origin only, e.g. https://cloud.mongodb.com`
    )
  }
  return url.origin
}

/** The rules that depend on the kind, checked as soon as the kind is known. */
export function checkKindSupport(settings: Settings, kind: KindCapabilities): Problem[] {
  if (settings.restoreJobId !== undefined) return []
  const problems: Problem[] = []
  if (!kind.deliveryTypes.includes(settings.deliveryType)) {
    problems.push({
      input: 'deliveryType',
      message: `${settings.deliveryType} is not available for ${kind.kind} clusters: expected ${kind.deliveryTypes.join(' or ')}`
    })
  }
  const target = settings.targetClusterName
  if (
    settings.deliveryType !== 'download' &&
    target !== undefined &&
    !kind.targetNamePattern.test(target)
  ) {
    problems.push({
      input: 'targetClusterName',
      message: `${showValue(target)} is not a valid ${kind.kind} target name`
    })
  }
  return problems
}
