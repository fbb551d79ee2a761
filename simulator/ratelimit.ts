// Atlas's rate limits as the recordings show them: a counter per project and endpoint family
// (1200 for the backup, flex, serverless and tenant APIs, 10000 for the cluster API), reported
// in Ratelimit-Limit / Ratelimit-Remaining, refilling over time; at zero a 429 RATE_LIMITED.

import type { ApiFamily } from './handlers.js'

export const FAMILY_LIMITS: Record<ApiFamily, number> = {
  cluster: 10_000,
  backup: 1_200,
  tenant: 1_200,
  flex: 1_200,
  serverless: 1_200
}

export interface RateVerdict {
  headers: Record<string, string>
  exceeded: boolean
  /** Seconds until one call is allowed again (when exceeded). */
  retryAfterSeconds: number
}

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>()
  private readonly refillPerSecond: number

  constructor(
    private readonly options: { limit?: number; refillPerSecond?: number },
    private readonly now: () => number
  ) {
    this.refillPerSecond = options.refillPerSecond ?? 2
  }

  /** Counts one call of `family` in project `groupId`. */
  take(groupId: string, family: ApiFamily): RateVerdict {
    const limit = this.options.limit ?? FAMILY_LIMITS[family]
    const key = `${groupId}:${family}`
    const now = this.now()
    const bucket = this.buckets.get(key) ?? { tokens: limit, at: now }
    bucket.tokens = Math.min(
      limit,
      bucket.tokens + ((now - bucket.at) / 1000) * this.refillPerSecond
    )
    bucket.at = now
    this.buckets.set(key, bucket)
    const exceeded = bucket.tokens < 1
    if (!exceeded) bucket.tokens -= 1
    const wait =
      this.refillPerSecond > 0 ? Math.ceil((1 - bucket.tokens) / this.refillPerSecond) : 60
    return {
      headers: {
        'Ratelimit-Limit': String(limit),
        'Ratelimit-Remaining': String(Math.max(0, Math.floor(bucket.tokens)))
      },
      exceeded,
      retryAfterSeconds: Math.max(1, wait)
    }
  }
}
