// Finding a deployment's kind with read-only calls. Every name answers the cluster API in its
// own way: a dedicated or shared-tier cluster with its document, a flex cluster or serverless
// instance with a 400 naming its API (see kind-probes.json in the recordings).

import type { AtlasClient } from '../atlas/client.js'
import { AtlasApiError } from '../atlas/errors.js'
import type { ClusterKind, DeploymentRef, DeploymentState, KindAdapter } from './adapter.js'
import { asDoc, docs, text } from './fields.js'
import { adapters } from './index.js'

/**
 * The kind a cluster-API refusal names: CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API (recorded) and
 * its serverless counterpart. Read by keyword, so a variant of the code still tells the kind.
 */
function kindNamedBy(errorCode: string | undefined): ClusterKind | undefined {
  if (errorCode === undefined || !errorCode.startsWith('CANNOT_USE_')) return undefined
  if (errorCode.includes('NON_FLEX')) return undefined
  if (errorCode.includes('FLEX')) return 'flex'
  if (errorCode.includes('SERVERLESS')) return 'serverless'
  return undefined
}

/** A deployment that exists but cannot be restored from (an M0 free cluster). */
export class NoCloudBackupError extends Error {}

/** The kind of a cluster-API document: dedicated or shared tier; an M0 is refused. */
export function kindOfClusterDocument(
  document: unknown,
  ref: DeploymentRef
): 'dedicated' | 'shared' {
  const doc = asDoc(document)
  const providers = new Set<string>()
  const sizes = new Set<string>()
  const settings = asDoc(doc.providerSettings)
  const add = (set: Set<string>, value: string | undefined) => value !== undefined && set.add(value)
  add(providers, text(settings, 'providerName'))
  add(sizes, text(settings, 'instanceSizeName'))
  for (const spec of [
    ...docs(doc, 'replicationSpecs'),
    ...docs(doc, 'effectiveReplicationSpecs')
  ]) {
    for (const region of docs(spec, 'regionConfigs')) {
      add(providers, text(region, 'providerName'))
      add(sizes, text(asDoc(region.electableSpecs), 'instanceSize'))
    }
  }
  if (!providers.has('TENANT')) return 'dedicated'
  if (sizes.has('M0')) {
    throw new NoCloudBackupError(
      `${ref.clusterName} is an M0 free cluster: M0 clusters have no cloud backup, so there is no snapshot to restore. Upgrade it to a flex or dedicated cluster to get backups.`
    )
  }
  return 'shared'
}

/** Finds the kind of a deployment: one call for dedicated and shared, two for flex and serverless. */
export async function detectKind(
  client: Pick<AtlasClient, 'send'>,
  ref: DeploymentRef
): Promise<ClusterKind> {
  try {
    return kindOfClusterDocument(await client.send(adapters.dedicated.describe(ref)), ref)
  } catch (error) {
    if (!(error instanceof AtlasApiError)) throw error
    const named = kindNamedBy(error.errorCode)
    if (named !== undefined) return named
    if ((error.status !== 404 && error.status !== 400) || error.errorCode === 'GROUP_NOT_FOUND')
      throw error
    // Unknown to (or refused by) the cluster API without naming the kind: ask the flex and
    // serverless APIs, read-only. If neither knows the name, Atlas's first answer stands.
    for (const kind of ['flex', 'serverless'] as const) {
      try {
        await client.send(adapters[kind].describe(ref))
        return kind
      } catch (other) {
        // A retired serverless API may answer anything; only an Atlas refusal means "not this kind".
        if (!(other instanceof AtlasApiError) || other.status >= 500 || other.status === 429)
          throw other
      }
    }
    throw error
  }
}

/**
 * Checks an explicit clusterKind where a wrong one would reach the wrong API: a name given as
 * shared tier may be an M0 free cluster, which has no backup, so it is described first.
 */
export async function confirmKind(
  client: Pick<AtlasClient, 'send'>,
  ref: DeploymentRef,
  kind: ClusterKind
): Promise<void> {
  if (kind === 'shared')
    kindOfClusterDocument(await client.send(adapters.shared.describe(ref)), ref)
}

/**
 * The state of a (target) deployment, asked through the API of `likely` first; a target may be
 * of another kind than its source (a flex snapshot restored onto a dedicated cluster).
 */
export async function describeDeployment(
  client: Pick<AtlasClient, 'send'>,
  ref: DeploymentRef,
  likely: KindAdapter
): Promise<DeploymentState> {
  try {
    return likely.parseDeployment(await client.send(likely.describe(ref)))
  } catch (error) {
    if (
      !(error instanceof AtlasApiError) ||
      error.status !== 400 ||
      !error.errorCode?.startsWith('CANNOT_USE_')
    ) {
      throw error
    }
    const adapter = adapters[await detectKind(client, ref)]
    return adapter.parseDeployment(await client.send(adapter.describe(ref)))
  }
}
