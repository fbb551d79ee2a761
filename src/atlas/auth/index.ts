// API keys (HTTP Digest) and service accounts (OAuth 2.0 bearer tokens) behind one interface:
// an http-client request handler that may need to get ready (fetch a token) before a request.

import type { RequestHandler } from '@actions/http-client/lib/interfaces'
import type { Credentials } from '../../inputs.js'
import { DigestAuth } from './digest.js'
import { ServiceAccountAuth, type TokenClientOptions } from './oauth.js'

export interface AtlasAuth extends RequestHandler {
  /** Called before every request: a service account fetches or renews its token here. */
  prepare(): Promise<void>
}

export function createAuth(credentials: Credentials, tokens: TokenClientOptions): AtlasAuth {
  return credentials.type === 'apiKey'
    ? new DigestAuth(credentials.publicKey, credentials.privateKey)
    : new ServiceAccountAuth(credentials.clientId, credentials.clientSecret, tokens)
}
