// Atlas's rate limits as they are now: a token bucket per project and endpoint family, with a
// capacity and a refill rate (backup, flex, serverless and tenant: 1200, refilled at 500 per
// 60 s; the cluster API: 10000), reported in Ratelimit-Limit / Ratelimit-Remaining; an empty
// bucket answers 429 RATE_LIMITED_TOKEN_BUCKET ("Request capacity: 1200. Refill rate: 500 per 60
// seconds.") with Retry-After.

import type { ApiFamily } from './handlers.js'

/** Capacity and refill (tokens per 60 s) of each family. */
export const FAMILY_LIMITS: Record<ApiFamily, { capacity: number; refillPerMinute: number }> = {
  // The recordings show a limit of 10000 for the cluster API; its refill rate is not recorded:
  // the simulator's guess.
  cluster: { capacity: 10_000, refillPerMinute: 2_000 },
  backup: { capacity: 1_200, refillPerMinute: 500 },
  tenant: { capacity: 1_200, refillPerMinute: 500 },
  flex: { capacity: 1_200, refillPerMinute: 500 },
  serverless: { capacity: 1_200, refillPerMinute: 500 }
}

export interface RateLimitOptions {
  /** Replaces every family's capacity. */
  limit?: number
  /** Replaces every family's refill rate (tokens per second). */
  refillPerSecond?: number
  /** The 429's errorCode: RATE_LIMITED_TOKEN_BUCKET (default, as Atlas now) or the older RATE_LIMITED. */
  errorCode?: 'RATE_LIMITED_TOKEN_BUCKET' | 'RATE_LIMITED'
  /** false: no Ratelimit-* headers on any answer (Atlas sometimes sends none). Default true. */
  headers?: boolean
}

export interface RateVerdict {
  headers: Record<string, string>
  exceeded: boolean
  /** Seconds until one call is allowed again (when exceeded). */
  retryAfterSeconds: number
  errorCode: string
  /** The 429's detail, as Atlas words it. */
  detail: string
}

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>()

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number
  ) {}

  /** Counts one call of `family` in project `groupId`. */
  take(groupId: string, family: ApiFamily): RateVerdict {
    const capacity = this.options.limit ?? FAMILY_LIMITS[family].capacity
    const perSecond = this.options.refillPerSecond ?? FAMILY_LIMITS[family].refillPerMinute / 60
    const key = `${groupId}:${family}`
    const now = this.now()
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: now }
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * perSecond)
    bucket.at = now
    this.buckets.set(key, bucket)
    const exceeded = bucket.tokens < 1
    if (!exceeded) bucket.tokens -= 1
    const wait = perSecond > 0 ? Math.ceil((1 - bucket.tokens) / perSecond) : 60
    const perMinute = Math.round(perSecond * 60)
    return {
      headers:
        this.options.headers === false
          ? {}
          : {
              'Ratelimit-Limit': String(capacity),
              'Ratelimit-Remaining': String(Math.max(0, Math.floor(bucket.tokens)))
            },
      exceeded,
      retryAfterSeconds: Math.max(1, wait),
      errorCode: this.options.errorCode ?? 'RATE_LIMITED_TOKEN_BUCKET',
      detail: `Request capacity: ${capacity}. Refill rate: ${perMinute} per 60 seconds.`
    }
  }
}
