// `npm run simulator -- --port 8080`: the simulator on its own, with a demo project (one
// deployment of each kind, targets, snapshots of varied ages). Prints what to put in a workflow
// or a .env. Stop it with Ctrl-C.

import { startSimulator } from './index.js'

const flag = process.argv.indexOf('--port')
const port = Number(flag >= 0 ? process.argv[flag + 1] : (process.env.ATLAS_SIM_PORT ?? 8080))
const sim = await startSimulator({
  port,
  restoreDurationMs: 20_000,
  downloadDurationMs: 10_000,
  targetUpdatingMs: 5_000
})

const groupId = sim.addProject()
const targetGroupId = sim.addProject()
const HOUR = 3_600_000
for (const [name, kind] of [
  ['orders-prod', 'dedicated'],
  ['shop-flex', 'flex'],
  ['legacy-m2', 'shared'],
  ['events-serverless', 'serverless']
] as const) {
  sim.addDeployment({
    groupId,
    name,
    kind,
    pitEnabled: kind === 'dedicated' || kind === 'serverless'
  })
  sim.addDeployment({ groupId: targetGroupId, name: `${name}-copy`, kind })
  for (const age of [50, 26, 2]) sim.addSnapshot({ groupId, clusterName: name, ageMs: age * HOUR })
}
sim.addDeployment({ groupId, name: 'free-m0', kind: 'free' })

console.log(`Atlas simulator on ${sim.url}

  INPUT_BASEURL=${sim.url}
  INPUT_GROUPID=${groupId}            (source project)
  INPUT_TARGETGROUPID=${targetGroupId}      (targets: <name>-copy)
  clusters: orders-prod (dedicated), shop-flex (flex), legacy-m2 (shared), events-serverless (serverless), free-m0 (M0)
  INPUT_PUBLICKEY=${sim.credentials.publicKey}
  INPUT_PRIVATEKEY=${sim.credentials.privateKey}
  INPUT_CLIENTID=${sim.credentials.clientId}
  INPUT_CLIENTSECRET=${sim.credentials.clientSecret}
`)

const stop = () => void sim.close().then(() => process.exit(0))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
