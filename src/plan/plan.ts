// What to create, from the settings and the chosen snapshot: the CreatePlan the restore API
// turns into its request, and how a dry run shows that request. Pure.

import { mediaType, resolvePath, type ApiCall } from '../atlas/operations.js'
import type { CreatePlan, DeploymentRef, PointInTime } from '../kinds/adapter.js'
import type { Settings } from '../inputs/settings.js'

/** The target of a restore onto a cluster; downloads have none. */
export function targetOf(settings: Settings): DeploymentRef | undefined {
  return settings.deliveryType === 'download' || settings.targetClusterName === undefined
    ? undefined
    : { groupId: settings.targetGroupId, clusterName: settings.targetClusterName }
}

export function buildPlan(settings: Settings, snapshotId: string | undefined): CreatePlan {
  const plan: CreatePlan = {
    source: { groupId: settings.groupId, clusterName: settings.clusterName },
    deliveryType: settings.deliveryType
  }
  if (settings.deliveryType === 'pointInTime' && settings.pointInTime !== undefined) {
    plan.pointInTime = settings.pointInTime
  } else if (snapshotId !== undefined) {
    plan.snapshotId = snapshotId
  }
  const target = targetOf(settings)
  if (target) plan.target = target
  const scope = settings.collections
  if (scope) plan.namespaces = { ...scope }
  return plan
}

/** The moment a point-in-time plan reaches, as a date (oplogTs is epoch seconds too). */
export function requestedMoment(pit: PointInTime | undefined): Date | undefined {
  if (pit === undefined) return undefined
  return new Date(('pointInTimeUTCSeconds' in pit ? pit.pointInTimeUTCSeconds : pit.oplogTs) * 1000)
}

/** A request as a dry run prints it. */
export interface PlannedCall {
  method: string
  path: string
  mediaType: string
  body?: Record<string, unknown>
}

export function describeCall(call: ApiCall): PlannedCall {
  return {
    method: call.operation.method,
    path: resolvePath(call.operation, call.params),
    mediaType: mediaType(call.operation),
    ...(call.body !== undefined && { body: call.body })
  }
}
