// The recovery-time objective (maxRestoreDuration): a restore that took too long until the
// data was usable fails after the fact. Pure.

import { formatDuration } from '../durations.js'

/** Why a restore missed its objective, or undefined when it met it (or none is set). */
export function objectiveProblem(
  tookMs: number,
  maxRestoreDurationMs: number | undefined
): string | undefined {
  if (maxRestoreDurationMs === undefined || tookMs <= maxRestoreDurationMs) return undefined
  return `The restore worked, but took ${formatDuration(tookMs)} from job creation until the data was usable: longer than maxRestoreDuration ${formatDuration(maxRestoreDurationMs)} (the recovery-time objective).`
}
