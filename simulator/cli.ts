// `npm run simulator -- --port 8080`: the simulator on its own, with a demo project (one
// deployment of each kind, restore targets in a second project, snapshots of varied ages).
// Prints the base URL, the IDs, the names and the credentials. Stop it with Ctrl-C.
//
// Options: --port N (or ATLAS_SIM_PORT; default 8080), --seed N, --restore-ms N,
// --download-ms N, --sunset shared,serverless

import { startSimulator } from './index.js'

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  if (i >= 0) return process.argv[i + 1]
  const inline = process.argv.find(a => a.startsWith(`--${name}=`))
  return inline?.slice(name.length + 3)
}
function number(name: string, fallback: number): number {
  const raw = flag(name)
  if (raw === undefined) return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a non-negative integer, not ${raw}`)
    process.exit(2)
  }
  return n
}

const port = number('port', Number(process.env.ATLAS_SIM_PORT ?? 8080))
const sunset = (flag('sunset') ?? '')
  .split(',')
  .filter((k): k is 'shared' | 'serverless' => k === 'shared' || k === 'serverless')
const sim = await startSimulator({
  port,
  seed: number('seed', 1),
  restoreDurationMs: number('restore-ms', 20_000),
  downloadDurationMs: number('download-ms', 10_000),
  targetUpdatingMs: 5_000,
  snapshotDurationMs: 15_000,
  sunset
})

const HOUR = 3_600_000
const groupId = sim.addProject()
const targetGroupId = sim.addProject()
const kinds = [
  ['orders-prod', 'dedicated'],
  ['shop-flex', 'flex'],
  ['legacy-m2', 'shared'],
  ['events-serverless', 'serverless']
] as const
for (const [name, kind] of kinds) {
  sim.addDeployment({
    groupId,
    name,
    kind,
    pitEnabled: kind === 'dedicated' || kind === 'serverless'
  })
  sim.addDeployment({ groupId: targetGroupId, name: `${name}-copy`, kind })
  for (const hours of [74, 50, 26, 2])
    sim.addSnapshot({ groupId, clusterName: name, ageMs: hours * HOUR })
}
sim.addSnapshot({ groupId, clusterName: 'orders-prod', status: 'inProgress', ageMs: 0 })
sim.addDeployment({
  groupId,
  name: 'orders-sharded',
  kind: 'dedicated',
  clusterType: 'SHARDED',
  shards: 3
})
sim.addSnapshot({ groupId, clusterName: 'orders-sharded', ageMs: 5 * HOUR })
sim.addDeployment({ groupId, name: 'free-m0', kind: 'free' })

const { publicKey, privateKey, clientId, clientSecret } = sim.credentials
console.log(`Atlas simulator on ${sim.url}${sunset.length ? ` (retired: ${sunset.join(', ')})` : ''}

  baseUrl         ${sim.url}
  groupId         ${groupId}   source project
  targetGroupId   ${targetGroupId}   restore targets: <name>-copy
  deployments     orders-prod (dedicated, PIT), orders-sharded (dedicated, 3 shards),
                  shop-flex (flex), legacy-m2 (shared M2), events-serverless (serverless),
                  free-m0 (M0, no backup)

  API key         publicKey=${publicKey}  privateKey=${privateKey}
  service account clientId=${clientId}
                  clientSecret=${clientSecret}

  As action inputs (a ready .env for npm run local-action: one credential pair, the other
  commented out, since the action refuses two):
  INPUT_BASEURL=${sim.url}
  INPUT_GROUPID=${groupId}
  INPUT_TARGETGROUPID=${targetGroupId}
  INPUT_CLUSTERNAME=orders-prod
  INPUT_TARGETCLUSTERNAME=orders-prod-copy
  INPUT_PUBLICKEY=${publicKey}
  INPUT_PRIVATEKEY=${privateKey}
  # INPUT_CLIENTID=${clientId}
  # INPUT_CLIENTSECRET=${clientSecret}
`)

const stop = () => void sim.close().then(() => process.exit(0))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
