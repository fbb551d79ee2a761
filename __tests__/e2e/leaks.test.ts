// Runs the bundled action with debug logging on (RUNNER_DEBUG=1) through several scenarios and
// looks for every secret outside the `::add-mask::` lines: in stdout, stderr and the job summary.

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { runAction, runtimes, visibleLog, type ActionRun } from '../../scripts/runner.js'
import { startWorld, type World } from '../helpers/world.js'

const runtime = runtimes().at(-1)!
let world: World
beforeAll(async () => {
  world = await startWorld()
})
afterAll(() => world.close())

/** Every secret a run could have seen: credentials, issued tokens, download URLs. */
function secretsOf(run: ActionRun): string[] {
  const urls = [
    run.outputs.deliveryUrl,
    ...(run.outputs.deliveryUrls ? (JSON.parse(run.outputs.deliveryUrls) as string[]) : [])
  ]
  return [
    world.sim.credentials.privateKey,
    world.sim.credentials.clientSecret,
    Buffer.from(`${world.sim.credentials.clientId}:${world.sim.credentials.clientSecret}`).toString(
      'base64'
    ),
    ...world.sim.issuedTokens(),
    ...urls
  ].filter((s): s is string => typeof s === 'string' && s.length > 0)
}

const scenarios: [string, () => Record<string, string>][] = [
  ['API key, download, waiting', () => ({ ...world.apiKey, deliveryType: 'download' })],
  [
    'service account, download, waiting',
    () => ({ ...world.serviceAccount, deliveryType: 'download' })
  ],
  [
    'service account, automated onto a target',
    () => ({
      ...world.serviceAccount,
      targetGroupId: world.targetGroupId,
      targetClusterName: 'scratch'
    })
  ],
  [
    'API key, sharded download (several URLs)',
    () => ({ ...world.apiKey, clusterName: 'leak-sharded', deliveryType: 'download' })
  ],
  [
    'wrong private key',
    () => ({ ...world.apiKey, privateKey: `${world.apiKey.privateKey}x`, deliveryType: 'download' })
  ],
  [
    'wrong client secret',
    () => ({
      ...world.serviceAccount,
      clientSecret: `${world.serviceAccount.clientSecret}x`,
      deliveryType: 'download'
    })
  ],
  ['dry run', () => ({ ...world.apiKey, deliveryType: 'download', dryRun: 'true' })],
  ['timeout', () => ({ ...world.apiKey, deliveryType: 'download', timeout: '600ms' })]
]

describe('no secret leaks with debug logging on', () => {
  beforeAll(() => {
    world.sim.addDeployment({
      groupId: world.groupId,
      name: 'leak-sharded',
      kind: 'dedicated',
      clusterType: 'SHARDED',
      shards: 2
    })
    world.sim.addSnapshot({ groupId: world.groupId, clusterName: 'leak-sharded', ageMs: 3600_000 })
  })

  it.each(scenarios)('%s', async (_, inputs) => {
    const given = inputs()
    const r = await runAction({
      runtime,
      inputs: {
        groupId: world.groupId,
        clusterName: 'prod',
        pollInterval: '250ms',
        timeout: '30s',
        ...given
      },
      env: { RUNNER_DEBUG: '1' }
    })
    expect(r.stdout).toContain('::debug::')
    const secrets = [...secretsOf(r), given.privateKey, given.clientSecret].filter(
      (s): s is string => typeof s === 'string' && s.length > 0
    )
    expect(secrets.length).toBeGreaterThan(0)
    const visible = visibleLog(r)
    for (const secret of secrets) {
      expect(visible).not.toContain(secret)
      expect(r.summary).not.toContain(secret)
    }
    expect(visible).not.toMatch(/authorization|Digest username|Bearer [A-Za-z0-9]/i)
  })
})
