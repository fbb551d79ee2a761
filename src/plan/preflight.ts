// Preflight: what Atlas would refuse, or a user would regret, checked with read-only answers
// before anything is created (also in a dry run). Pure: the reads are done by the pipeline
// (restore/preflight.ts) and their answers come in here. Each failure names the rule, the
// values seen and the fix.

import type { DeploymentState, Snapshot } from '../kinds/adapter.js'
import type { ClusterKind } from '../kinds/index.js'
import { quote } from '../atlas/redact.js'
import { rfc3339 } from '../time.js'

export interface PreflightFacts {
  sourceKind: ClusterKind
  targetName?: string
  /** The target's state as read, with its kind; absent for downloads. */
  target?: DeploymentState & { kind: ClusterKind }
  /** The chosen snapshot (not for point in time). */
  snapshot?: Snapshot
  /** The source's own state, read for point-in-time restores. */
  source?: DeploymentState
  restoreWindowDays?: number
  /** The moment a point-in-time restore reaches. */
  moment?: Date
  collectionLevel: boolean
  allowProductionTarget: boolean
  now: number
}

export interface PreflightFailure {
  rule: string
  message: string
}

const SHARDED = new Set(['SHARDED', 'GEOSHARDED'])
const PRODUCTION_KEYS = new Set(['environment', 'env'])
const PRODUCTION_VALUES = new Set(['production', 'prod'])

/** `8.0.4` → [8, 0]; undefined when it does not start with major.minor. */
export function majorMinor(version: string | undefined): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)/.exec(version ?? '')
  return m ? [Number(m[1]), Number(m[2])] : undefined
}

/** Atlas restores onto the same major with an equal or higher minor, or onto the next major. */
export function versionsCompatible(snapshot: [number, number], target: [number, number]): boolean {
  if (target[0] === snapshot[0]) return target[1] >= snapshot[1]
  return target[0] === snapshot[0] + 1
}

export function isProductionTagged(
  state: DeploymentState
): { key: string; value: string } | undefined {
  return state.tags?.find(
    t => PRODUCTION_KEYS.has(t.key.toLowerCase()) && PRODUCTION_VALUES.has(t.value.toLowerCase())
  )
}

export function preflight(facts: PreflightFacts): PreflightFailure[] {
  const failures: PreflightFailure[] = []
  const fail = (rule: string, message: string) => failures.push({ rule, message })
  const { target, targetName } = facts
  if (target !== undefined && targetName !== undefined) {
    const name = targetName
    if (facts.sourceKind === 'dedicated' && target.kind !== 'dedicated') {
      fail(
        'target kind',
        `target ${name} is a ${target.kind} deployment, but a dedicated cluster's snapshot can only be restored onto a dedicated cluster (M10+): pick a dedicated targetClusterName`
      )
    }
    if (facts.collectionLevel && target.kind !== 'dedicated') {
      fail(
        'target kind',
        `target ${name} is a ${target.kind} deployment: collection-level restores go onto dedicated clusters only`
      )
    }
    if (target.paused === true) {
      fail(
        'target paused',
        `target ${name} is paused: Atlas cannot restore onto a paused cluster (CLUSTER_PAUSED_CANNOT_RESTORE). Resume it, then run again`
      )
    } else if (target.stateName !== undefined && target.stateName !== 'IDLE') {
      fail(
        'target busy',
        `target ${name} is ${quote(target.stateName)}, not IDLE: another restore or change is under way. Wait until it is IDLE, then run again`
      )
    }
    const production = isProductionTagged(target)
    if (production && !facts.allowProductionTarget) {
      fail(
        'production target',
        `target ${name} is tagged ${quote(`${production.key}=${production.value}`)}: restoring would overwrite a production deployment. Pick another target, or set allowProductionTarget: true if that is really what you want`
      )
    }
    checkVersions(facts, fail)
    checkTopology(facts, fail)
  }
  if (facts.moment !== undefined) checkPointInTime(facts, facts.moment, fail)
  return failures
}

type Fail = (rule: string, message: string) => void

function checkVersions(facts: PreflightFacts, fail: Fail): void {
  const fromVersion = facts.snapshot?.mongodVersion ?? facts.source?.mongoDBVersion
  const from = majorMinor(fromVersion)
  const to = majorMinor(facts.target?.mongoDBVersion)
  if (from === undefined || to === undefined || versionsCompatible(from, to)) return
  fail(
    'MongoDB version',
    `target ${facts.targetName} runs MongoDB ${quote(facts.target?.mongoDBVersion)}, but the ${facts.snapshot ? 'snapshot was taken from' : 'source runs'} MongoDB ${quote(fromVersion)}: Atlas restores onto the same major version with an equal or higher minor, or onto the next major. Upgrade the target or pick another one`
  )
}

function checkTopology(facts: PreflightFacts, fail: Fail): void {
  const targetType = facts.target?.clusterType
  const targetSharded = targetType !== undefined && SHARDED.has(targetType)
  const sourceSharded =
    facts.snapshot?.sharded ??
    (facts.source?.clusterType !== undefined ? SHARDED.has(facts.source.clusterType) : undefined)
  if (sourceSharded === true && targetType !== undefined && !targetSharded) {
    fail(
      'topology',
      `the ${facts.snapshot ? 'snapshot is' : 'source is'} of a sharded cluster, but target ${facts.targetName} is ${quote(targetType)}: a sharded backup needs a sharded target`
    )
  }
  if (facts.sourceKind === 'flex' && targetSharded) {
    fail(
      'topology',
      `target ${facts.targetName} is ${quote(targetType)}: a flex snapshot cannot be restored onto a sharded cluster`
    )
  }
}

function checkPointInTime(facts: PreflightFacts, moment: Date, fail: Fail): void {
  if (facts.source?.pitEnabled === false) {
    fail(
      'continuous backup',
      `the source does not have continuous cloud backup (${facts.sourceKind === 'serverless' ? 'serverlessContinuousBackupEnabled' : 'pitEnabled'} is false), so it cannot be restored to a point in time. Turn on continuous cloud backup, or restore a snapshot (deliveryType: automated)`
    )
  }
  if (moment.getTime() > facts.now) {
    fail(
      'point in time',
      `the point in time ${rfc3339(moment)} is in the future: pick a moment that has passed`
    )
    return
  }
  const days = facts.restoreWindowDays
  if (days !== undefined && facts.now - moment.getTime() > days * 86_400_000) {
    fail(
      'point in time',
      `the point in time ${rfc3339(moment)} is older than the restore window of ${days} day${days === 1 ? '' : 's'} (restoreWindowDays of the backup schedule): pick a moment after ${rfc3339(new Date(facts.now - days * 86_400_000))}`
    )
  }
}
