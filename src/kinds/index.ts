// The kinds the action serves, in detection order. A new kind is an adapter file and an entry
// here: its type, inputs' accepted clusterKind values and detection all follow from this list.

import type { KindAdapter } from './adapter.js'
import { dedicated } from './dedicated.js'
import { flex } from './flex.js'
import { serverless } from './serverless.js'
import { shared } from './shared.js'

const LIST = [dedicated, flex, shared, serverless] as const

export type ClusterKind = (typeof LIST)[number]['kind']

/** An adapter of one of the kinds above. */
export type Adapter = KindAdapter & { kind: ClusterKind }

export const ADAPTERS: readonly Adapter[] = LIST

export const CLUSTER_KINDS: readonly ClusterKind[] = ADAPTERS.map(a => a.kind)

export const adapters = Object.fromEntries(ADAPTERS.map(a => [a.kind, a])) as Record<
  ClusterKind,
  Adapter
>
