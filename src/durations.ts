// Durations as the contract writes them: numbers with units, alone or combined (`250ms`, `45s`,
// `90m`, `2h`, `1h30m`, `7d`), and a short human form for logs and the summary.

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const

const PART = /(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)/y
const WHOLE = /^(?:\d+(?:\.\d+)?\s*(?:ms|s|m|h|d)\s*)+$/

/** Milliseconds for a duration such as `90m` or `1h30m`, or undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const value = text.trim()
  if (!WHOLE.test(value)) return undefined
  let ms = 0
  PART.lastIndex = 0
  for (let i = 0; i < value.length;) {
    if (/\s/.test(value[i])) {
      i += 1
      continue
    }
    PART.lastIndex = i
    const match = PART.exec(value)
    if (!match) return undefined
    ms += Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]
    i = PART.lastIndex
  }
  return Number.isFinite(ms) ? Math.round(ms) : undefined
}

/** A short human form: `850ms`, `42s`, `3m 52s`, `2h 5m`, `3d 2h`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`
  const totalSeconds = Math.round(ms / 1000)
  const d = Math.floor(totalSeconds / 86_400)
  const h = Math.floor((totalSeconds % 86_400) / 3600)
  const m = Math.floor((totalSeconds % 3600) / 60)
  const s = totalSeconds % 60
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`
  if (m > 0) return s > 0 ? `${m}m ${s}s` : `${m}m`
  return `${s}s`
}
