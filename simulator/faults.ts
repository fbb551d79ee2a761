// Fault injection: errors, dropped connections, delays, stale nonces and expired tokens, matched
// in the order they were added against authenticated requests (the API and the token endpoint),
// each consumed by the requests it matches.

export type FaultAction =
  | {
      type: 'status'
      status: number
      /** e.g. WRITES_NOT_ALLOWED_DURING_APP_UPGRADES (405), TENANT_RESTORE_DESTINATION_UNAVAILABLE (400). */
      errorCode?: string
      detail?: string
      retryAfterSeconds?: number
    }
  | { type: 'statusAfterHandling'; status: number; errorCode?: string }
  | { type: 'reset' }
  | { type: 'resetAfterHandling' }
  | { type: 'delay'; ms: number }
  | { type: 'staleNonce' }
  | { type: 'expireToken' }

export interface Fault {
  /** HTTP method (any case); omitted = any. */
  method?: string
  /** A string is the exact path (no query); a RegExp is tested on the path; omitted = any. */
  path?: RegExp | string
  /** How many matching requests it applies to (default 1). */
  times?: number
  action: FaultAction
}

export interface FaultTarget {
  method: string
  path: string
  /** The scheme the request authenticated with: staleNonce needs Digest, expireToken Bearer. */
  scheme: 'Digest' | 'Bearer' | 'Basic'
}

export class FaultBook {
  private readonly faults: (Fault & { left: number })[] = []

  add(fault: Fault): void {
    const times = fault.times ?? 1
    if (!(times > 0)) throw new Error('simulator: a fault needs times > 0')
    this.faults.push({ ...fault, left: times })
  }

  clear(): void {
    this.faults.splice(0)
  }

  /** Matches left to apply (Infinity when a fault was added with times: Infinity). */
  pending(): number {
    return this.faults.reduce((n, f) => n + f.left, 0)
  }

  /** The first fault that matches the request, consumed once; undefined when none does. */
  take(target: FaultTarget): FaultAction | undefined {
    const fault = this.faults.find(f => f.left > 0 && matches(f, target))
    if (!fault) return undefined
    fault.left -= 1
    if (fault.left <= 0) this.faults.splice(this.faults.indexOf(fault), 1)
    return fault.action
  }
}

function matches(f: Fault, t: FaultTarget): boolean {
  if (f.method !== undefined && f.method.toUpperCase() !== t.method.toUpperCase()) return false
  if (f.path !== undefined) {
    if (typeof f.path === 'string') {
      if (f.path !== t.path) return false
    } else {
      f.path.lastIndex = 0
      if (!f.path.test(t.path)) return false
    }
  }
  // An auth fault only makes sense for its own scheme: it waits for a request that has it.
  if (f.action.type === 'staleNonce' && t.scheme !== 'Digest') return false
  if (f.action.type === 'expireToken' && t.scheme !== 'Bearer') return false
  return true
}
