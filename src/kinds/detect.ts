// Finding a deployment's kind with read-only calls, by asking each adapter's detection hints.
// Every name answers the cluster API in its own way: a dedicated or shared-tier cluster with
// its document, a flex cluster or serverless instance with a 400 naming its API (see
// kind-probes.json in the recordings).

import type { AtlasClient } from '../atlas/client.js'
import { AtlasApiError } from '../atlas/errors.js'
import type { DeploymentRef, DeploymentState } from './adapter.js'
import { providersAndSizes, runsOnFlex } from './documents/deployment.js'
import { asDoc } from './documents/fields.js'
import { ADAPTERS, adapters, type Adapter, type ClusterKind } from './index.js'

type Client = Pick<AtlasClient, 'send'>

/** A deployment that exists but cannot be restored from (an M0 free cluster). */
export class NoCloudBackupError extends Error {}

/** The kind of a cluster-API document: dedicated or shared tier; an M0 is refused. */
export function kindOfClusterDocument(document: unknown, ref: DeploymentRef): ClusterKind {
  const { providers, sizes } = providersAndSizes(document)
  if (providers.has('TENANT') && sizes.has('M0')) {
    throw new NoCloudBackupError(
      `${ref.clusterName} is an M0 free cluster: M0 clusters have no cloud backup, so there is no snapshot to restore. Upgrade it to a flex or dedicated cluster to get backups.`
    )
  }
  return (ADAPTERS.find(a => a.detection.clusterDocument?.(document)) ?? adapters.dedicated).kind
}

/** Finds the kind of a deployment: one call for dedicated and shared, two for flex and serverless. */
export async function detectKind(client: Client, ref: DeploymentRef): Promise<ClusterKind> {
  try {
    return kindOfClusterDocument(await client.send(adapters.dedicated.describe(ref)), ref)
  } catch (error) {
    if (!(error instanceof AtlasApiError)) throw error
    const code = error.errorCode ?? ''
    const named = ADAPTERS.find(a => a.detection.namedByRefusal?.(code))
    if (named !== undefined) return underneath(client, ref, named.kind)
    if ((error.status !== 404 && error.status !== 400) || code === 'GROUP_NOT_FOUND') throw error
    // Unknown to (or refused by) the cluster API without naming the kind: ask the kinds that
    // have an API of their own, read-only. If none knows the name, Atlas's first answer stands.
    for (const adapter of ADAPTERS.filter(a => a.detection.probe)) {
      let document: unknown
      try {
        document = await client.send(adapter.describe(ref))
      } catch (other) {
        // A retired serverless API may answer anything; only an Atlas refusal means "not this kind".
        if (!(other instanceof AtlasApiError) || other.status >= 500 || other.status === 429)
          throw other
        continue
      }
      return adapter.kind === 'serverless' && runsOnFlex(asDoc(document))
        ? underneath(client, ref, adapter.kind)
        : adapter.kind
    }
    throw error
  }
}

/**
 * The kind to use once a kind is named: an M0 given as shared tier is refused, and a serverless
 * instance that runs on flex underneath is restored through the flex endpoints (the serverless
 * backup endpoints are retired).
 */
export async function confirmKind(
  client: Client,
  ref: DeploymentRef,
  kind: ClusterKind
): Promise<ClusterKind> {
  if (kind === 'shared') {
    kindOfClusterDocument(await client.send(adapters.shared.describe(ref)), ref)
    return kind
  }
  return underneath(client, ref, kind)
}

async function underneath(
  client: Client,
  ref: DeploymentRef,
  kind: ClusterKind
): Promise<ClusterKind> {
  if (kind !== 'serverless') return kind
  try {
    if (!runsOnFlex(asDoc(await client.send(adapters.serverless.describe(ref))))) return kind
    // The document says flex underneath; the flex API decides whether it serves the name yet.
    await client.send(adapters.flex.describe(ref))
    return 'flex'
  } catch (error) {
    // Either API may refuse: the serverless endpoints then speak for themselves.
    if (
      error instanceof AtlasApiError &&
      error.status >= 400 &&
      error.status < 500 &&
      error.status !== 429
    )
      return kind
    throw error
  }
}

/**
 * The state of a (target) deployment, asked through the API of `likely` first; a target may be
 * of another kind than its source (a flex snapshot restored onto a dedicated cluster).
 */
export async function describeDeployment(
  client: Client,
  ref: DeploymentRef,
  likely: Adapter
): Promise<DeploymentState & { kind: ClusterKind }> {
  try {
    return {
      ...likely.parseDeployment(await client.send(likely.describe(ref))),
      kind: likely.kind
    }
  } catch (error) {
    if (
      !(error instanceof AtlasApiError) ||
      error.status !== 400 ||
      !error.errorCode?.startsWith('CANNOT_USE_')
    ) {
      throw error
    }
    const adapter = adapters[await detectKind(client, ref)]
    return {
      ...adapter.parseDeployment(await client.send(adapter.describe(ref))),
      kind: adapter.kind
    }
  }
}
