// What the client needs of an authentication scheme, and the credentials that choose one.

import type { RequestHandler } from '@actions/http-client/lib/interfaces'

export type Credentials =
  | { type: 'apiKey'; publicKey: string; privateKey: string }
  | { type: 'serviceAccount'; clientId: string; clientSecret: string }

export interface AtlasAuth extends RequestHandler {
  /** Called before every request: a service account fetches or renews its token here. */
  prepare(): Promise<void>
}
