// Stands in for `undici` in the bundle (tsconfig.json `paths` maps the import here). Only
// @actions/http-client's getProxyAgentDispatcher() reaches undici, to give a proxy to Node's
// fetch(); this action never calls it (its requests go through http-client's node:http agents,
// which bring their own proxy tunnel), so the ~400 KB of undici would be dead weight. Should
// anything ever call it, it fails loudly instead of silently ignoring the proxy.
export class ProxyAgent {
  constructor() {
    throw new Error('undici is not bundled')
  }
}
