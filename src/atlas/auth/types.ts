// What the client needs of an authentication scheme, and the credentials that choose one.

import type { IncomingHttpHeaders } from 'node:http'

export type Credentials =
  | { type: 'apiKey'; publicKey: string; privateKey: string }
  | { type: 'serviceAccount'; clientId: string; clientSecret: string }

/** What a request may spend: the auth scheme's own calls (a token fetch) stay within it. */
export interface AuthBudget {
  /** Epoch ms: no call of the scheme's own goes on past it. */
  deadline: number
  signal?: AbortSignal
}

export interface AtlasAuth {
  /** Called before every request: a service account fetches or renews its token here. */
  prepare(budget: AuthBudget): Promise<void>
  /** The Authorization header for a request, or undefined when there is none yet. */
  authorize(method: string, path: string): string | undefined
  /**
   * Atlas answered 401 with these headers: true when the scheme took something from it (a
   * fresh nonce, a renewed token) so that sending the request once more may succeed.
   */
  onUnauthorized(headers: IncomingHttpHeaders, budget: AuthBudget): Promise<boolean>
  /** Best-effort: gives up the credentials' session (revokes a token). Never throws. */
  revoke(): Promise<void>
}
