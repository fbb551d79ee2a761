// The kinds the action serves. A new kind is a new adapter file plus one line here.

import type { ClusterKind, KindAdapter } from './adapter.js'
import { dedicated } from './dedicated.js'
import { flex } from './flex.js'
import { serverless } from './serverless.js'
import { shared } from './shared.js'

export const adapters: Record<ClusterKind, KindAdapter> = { dedicated, flex, shared, serverless }
