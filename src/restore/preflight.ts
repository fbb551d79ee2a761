// Stage 3: the preflight reads (target, and for a point in time the source and its backup
// schedule), run concurrently with the snapshot choice so checking costs no extra round trip;
// the rules themselves are pure (plan/preflight.ts).

import type { AtlasClient } from '../atlas/client.js'
import { AtlasApiError } from '../atlas/errors.js'
import type { DeploymentRef, DeploymentState, KindAdapter } from '../kinds/adapter.js'
import { describeDeployment } from '../kinds/detect.js'
import type { ClusterKind } from '../kinds/index.js'

export interface PreflightReads {
  target?: DeploymentState & { kind: ClusterKind }
  source?: DeploymentState
  restoreWindowDays?: number
  /** A target that cannot be read: the reason, naming the call's answer. */
  targetProblem?: string
}

export async function readPreflight(
  client: AtlasClient,
  adapter: KindAdapter,
  source: DeploymentRef,
  target: DeploymentRef | undefined,
  pointInTime: boolean
): Promise<PreflightReads> {
  const readTarget = async (): Promise<Partial<PreflightReads>> => {
    if (target === undefined) return {}
    try {
      return { target: await describeDeployment(client, target, adapter) }
    } catch (error) {
      if (
        !(error instanceof AtlasApiError) ||
        (error.status !== 404 && error.status !== 403 && error.status !== 401)
      )
        throw error
      const where = `target ${target.clusterName} in project ${target.groupId}`
      return {
        targetProblem:
          error.status === 404
            ? `${where} does not exist or is not a deployment this key can see (${error.message}). Check targetClusterName and targetGroupId; nothing was restored`
            : `this key cannot read ${where} (${error.message}). The credentials need at least Project Read Only there, and a restore role; nothing was restored`
      }
    }
  }
  const readSource = async (): Promise<Partial<PreflightReads>> => {
    if (!pointInTime) return {}
    const [state, schedule] = await Promise.all([
      client.send(adapter.describe(source)).then(d => adapter.parseDeployment(d)),
      adapter.describeSchedule
        ? client
            .send(adapter.describeSchedule(source))
            .then(d => adapter.parseSchedule?.(d) ?? {})
            // Older media versions of the schedule are retired in places: the window stays unknown.
            .catch((error: unknown) => {
              if (error instanceof AtlasApiError && error.status < 500 && error.status !== 429)
                return {}
              throw error
            })
        : Promise.resolve({})
    ])
    return { source: state, ...schedule }
  }
  const [t, s] = await Promise.all([readTarget(), readSource()])
  return { ...t, ...s }
}
