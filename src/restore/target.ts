// The last stage: after a restore onto a cluster completes, wait (within the same deadline)
// until the target reports IDLE, so the next step can connect.

import type { AtlasClient } from '../atlas/client.js'
import { formatDuration } from '../durations.js'
import type { DeploymentRef, DeploymentState } from '../kinds/adapter.js'
import type { Adapter } from '../kinds/index.js'
import { describeDeployment } from '../kinds/detect.js'
import type { Log } from '../log.js'
import { waitFor } from '../wait/waiter.js'
import type { Clock } from '../wait/clock.js'
import { RestoreFailure } from './context.js'
import { quote } from '../atlas/redact.js'

export async function waitForTarget(
  target: DeploymentRef,
  likely: Adapter,
  deps: {
    client: AtlasClient
    clock: Clock
    log: Log
    signal: AbortSignal
    deadline: number
    pollIntervalMs: number
    timeoutMs: number
    onState: (state: DeploymentState, ready: boolean) => void
  }
): Promise<void> {
  const { log, clock } = deps
  let previous: string | undefined
  const waited = await waitFor<DeploymentState>({
    poll: () => describeDeployment(deps.client, target, likely),
    isDone: state => state.stateName === 'IDLE',
    onValue: (state, elapsed) => {
      deps.onState(state, state.stateName === 'IDLE')
      if (state.stateName !== previous) {
        log.info(
          `[+${formatDuration(elapsed)}] target ${target.clusterName}: ${quote(state.stateName ?? 'state unknown')}`
        )
      }
      previous = state.stateName
    },
    startedAt: clock.now(),
    deadline: deps.deadline,
    pollIntervalMs: deps.pollIntervalMs,
    clock,
    rateLimit: () => deps.client.lastRateLimit,
    signal: deps.signal
  })
  if (waited.outcome === 'done') return
  throw waited.outcome === 'timeout'
    ? new RestoreFailure(
        `The restore completed, but target ${target.clusterName} was still ${quote(waited.last.stateName ?? 'not ready')} when timeout ${formatDuration(deps.timeoutMs)} ran out.`,
        'timedOut'
      )
    : new RestoreFailure(
        `The workflow run was cancelled while waiting for target ${target.clusterName} (the restore itself completed).`,
        'aborted'
      )
}
