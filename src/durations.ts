// Durations as the contract writes them: a number and a unit (`250ms`, `45s`, `90m`, `2h`).

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/

/** Milliseconds for a duration such as `90m`, or undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim())
  if (!match) return undefined
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]
  return Number.isFinite(ms) ? Math.round(ms) : undefined
}

/** A short human form for logs: `850ms`, `42s`, `3m 52s`, `2h 5m`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`
  const totalSeconds = Math.round(ms / 1000)
  const h = Math.floor(totalSeconds / 3600)
  const m = Math.floor((totalSeconds % 3600) / 60)
  const s = totalSeconds % 60
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`
  if (m > 0) return s > 0 ? `${m}m ${s}s` : `${m}m`
  return `${s}s`
}
