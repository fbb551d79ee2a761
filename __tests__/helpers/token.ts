import type { Simulator } from '../../simulator/index.js'

/** A service-account access token from the simulator's token endpoint. */
export async function bearerToken(sim: Simulator): Promise<string> {
  const { clientId, clientSecret } = sim.credentials
  const res = await fetch(`${sim.url}/api/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded'
    },
    body: 'grant_type=client_credentials'
  })
  return ((await res.json()) as { access_token: string }).access_token
}
