// Everything a run learns, gathered as it goes. The pipeline only writes it; outputs, the
// summary and the evidence file are pure functions of it, so they can be written whenever the
// run ends, failed or not.

import type {
  DeliveryType,
  DeploymentRef,
  RestoredNamespace,
  RestoreJob,
  SnapshotType
} from '../kinds/adapter.js'
import type { ClusterKind } from '../kinds/index.js'
import type { PlannedCall } from '../plan/plan.js'

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
  endedAt?: Date
  baseUrl: string
  source?: DeploymentRef
  clusterKind?: ClusterKind
  /** How the kind names its deployments ("dedicated cluster"). */
  kindLabel?: string
  /** "restore job" or "collection restore job". */
  jobLabel?: string
  deliveryType?: DeliveryType
  target?: DeploymentRef
  /** Atlas UI paths (relative to baseUrl) of the source and, where the data went, the target. */
  uiPaths?: { source?: string; target?: string }
  snapshot?: { id: string; createdAt?: Date; type?: SnapshotType }
  requestedPointInTime?: Date
  job?: RestoreJob
  /** When the job was created: Atlas's date, or for a job this run created, the run's timing. */
  jobCreatedAt?: Date
  /** When this run first saw the job completed. */
  completedSeenAt?: Date
  targetState?: { stateName?: string; connectionString?: string; ready: boolean }
  /** When the target (or, for a download, the URL) was first seen ready. */
  readyAt?: Date
  /** Collection-level restores: each namespace as Atlas reports it. */
  namespaces?: RestoredNamespace[]
  /** downloadPath: the archives written so far (all of them once ms is set), extracted or not. */
  download?: {
    dir: string
    files: { path: string; bytes: number; urlIndex: number; extractedTo?: string }[]
    bytes: number
    /** How long the downloads took, once they are all done. */
    ms?: number
    extract: boolean
  }
  /** The create call a dry run would have sent. */
  plannedCall?: PlannedCall
  maxRestoreDurationMs?: number
  dryRun?: boolean
  /** Where the evidence file goes (known even when other inputs are invalid). */
  reportPath?: string
  /** The preflight rules that refused the restore (nothing was created). */
  preflightFailures?: { rule: string; message: string }[]
  /** Input problems, when the inputs were invalid. */
  problems?: { input: string; message: string }[]
  /** Inputs that did not apply (watching an existing job). */
  ignoredInputs?: string[]
  /** HTTP requests sent to Atlas. */
  apiCalls?: number
  result: RunResult
  failure?: string
}

export const newRecord = (startedAt: Date, baseUrl = 'https://cloud.mongodb.com'): RunRecord => ({
  startedAt,
  baseUrl,
  result: 'running'
})
