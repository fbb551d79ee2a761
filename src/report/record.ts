// Everything a run learns, gathered as it goes; outputs and the summary are pure functions of
// it, so they can be written whenever the run ends, failed or not.

import type { ApiCall } from '../atlas/operations.js'
import type { ClusterKind, DeliveryType, DeploymentRef, RestoreJob } from '../kinds/adapter.js'

export type RunResult =
  | 'running'
  | 'succeeded'
  | 'created' // not waited for
  | 'dryRun'
  | 'failed'
  | 'timedOut'
  | 'aborted'

export interface RunRecord {
  startedAt: Date
  baseUrl: string
  source?: DeploymentRef
  clusterKind?: ClusterKind
  deliveryType?: DeliveryType
  target?: DeploymentRef
  snapshot?: { id: string; createdAt?: Date }
  job?: RestoreJob
  /** When the job was created: Atlas's date, or for a job this run created, the run's timing. */
  createdAt?: Date
  /** When this run first saw the job completed. */
  completedSeenAt?: Date
  targetState?: { stateName?: string; connectionString?: string; ready: boolean }
  /** The create call a dry run would have sent. */
  plannedCall?: ApiCall
  result: RunResult
  failure?: string
}

export const newRecord = (startedAt: Date, baseUrl = 'https://cloud.mongodb.com'): RunRecord => ({
  startedAt,
  baseUrl,
  result: 'running'
})
