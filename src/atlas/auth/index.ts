// API keys (HTTP Digest) and service accounts (OAuth 2.0 bearer tokens) behind one interface:
// an http-client request handler that may need to get ready (fetch a token) before a request.

import { DigestAuth } from './digest.js'
import { ServiceAccountAuth, type TokenClientOptions } from './oauth.js'
import type { AtlasAuth, Credentials } from './types.js'

export type { AtlasAuth, Credentials } from './types.js'

export function createAuth(credentials: Credentials, tokens: TokenClientOptions): AtlasAuth {
  return credentials.type === 'apiKey'
    ? new DigestAuth(credentials.publicKey, credentials.privateKey)
    : new ServiceAccountAuth(credentials.clientId, credentials.clientSecret, tokens)
}
