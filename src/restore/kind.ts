// Stage 1: the deployment kind, found with read-only calls or confirmed when given.

import type { AtlasClient } from '../atlas/client.js'
import type { DeploymentRef } from '../kinds/adapter.js'
import { confirmKind, detectKind } from '../kinds/detect.js'
import type { ClusterKind } from '../kinds/index.js'
import type { Log } from '../log.js'

export async function resolveKind(
  wanted: ClusterKind | 'auto',
  source: DeploymentRef,
  client: AtlasClient,
  log: Log
): Promise<ClusterKind> {
  if (wanted === 'auto') {
    const kind = await detectKind(client, source)
    log.info(`clusterKind: ${kind} (found with read-only calls)`)
    return kind
  }
  const kind = await confirmKind(client, source, wanted)
  log.info(
    kind === wanted
      ? `clusterKind: ${kind}`
      : `clusterKind: ${kind} (the ${wanted} instance runs on flex underneath, and the ${wanted} backup endpoints are retired)`
  )
  return kind
}
