// Watching an existing job (restoreJobId): what the job says it restores, and which creation
// inputs it overrides. Pure.

import type { DeliveryType, DeploymentRef, RestoreJob } from '../kinds/adapter.js'
import type { Settings } from '../inputs/settings.js'
import { INPUT_DEFAULTS } from '../inputs/contract.js'

/** The inputs a watched job makes moot, because the job says otherwise (or says it all). */
export function ignoredWhenWatching(settings: Settings, job: RestoreJob): string[] {
  const differs = <T>(given: T | undefined, actual: T | undefined) =>
    given !== undefined && actual !== undefined && given !== actual
  return [
    settings.deliveryType !== INPUT_DEFAULTS.deliveryType &&
      differs(settings.deliveryType, job.deliveryType) &&
      'deliveryType',
    settings.snapshotId !== INPUT_DEFAULTS.snapshotId && 'snapshotId',
    settings.pointInTime !== undefined && 'pointInTime',
    differs(settings.targetClusterName, job.target?.clusterName) && 'targetClusterName'
  ].filter((name): name is string => name !== false)
}

/** What a watched job tells the record: its delivery type, target and point in time. */
export function watchedFacts(job: RestoreJob): {
  deliveryType?: DeliveryType
  target?: DeploymentRef
  requestedPointInTime?: Date
} {
  return {
    ...(job.deliveryType !== undefined && { deliveryType: job.deliveryType }),
    ...(job.target !== undefined && { target: job.target }),
    ...(job.pointInTimeUTCSeconds !== undefined && {
      requestedPointInTime: new Date(job.pointInTimeUTCSeconds * 1000)
    })
  }
}
