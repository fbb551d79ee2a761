// `npm run demo`: starts the Atlas simulator, runs the bundled action (dist/index.js) exactly as
// GitHub's runner would, and shows its log (as the runner displays it), outputs and job summary.

import { startSimulator } from '../simulator/index.js'
import { liveLog, rule, showResult } from './display.js'
import { runAction, runtimes } from './runner.js'

const sim = await startSimulator({ restoreDurationMs: 6000, targetUpdatingMs: 1500 })
try {
  const groupId = sim.addProject()
  const stagingGroupId = sim.addProject()
  sim.addDeployment({ groupId, name: 'orders-prod', kind: 'dedicated', instanceSize: 'M30' })
  sim.addDeployment({ groupId: stagingGroupId, name: 'orders-restore-check', kind: 'dedicated' })
  for (const hoursAgo of [49, 25, 1]) {
    sim.addSnapshot({ groupId, clusterName: 'orders-prod', ageMs: hoursAgo * 3_600_000 })
  }

  const runtime = runtimes().at(-1)!
  const inputs = {
    groupId,
    clusterName: 'orders-prod',
    targetGroupId: stagingGroupId,
    targetClusterName: 'orders-restore-check',
    maxSnapshotAge: '26h',
    pollInterval: '30s',
    timeout: '10m',
    publicKey: sim.credentials.publicKey,
    privateKey: sim.credentials.privateKey,
    baseUrl: sim.url
  }

  rule('Workflow step')
  console.log(`- uses: your-org/atlas-restore-action@v1
  id: restore
  with:
    groupId: ${groupId}
    clusterName: orders-prod
    targetGroupId: ${stagingGroupId}
    targetClusterName: orders-restore-check
    maxSnapshotAge: 26h
    publicKey: \${{ secrets.ATLAS_PUBLIC_KEY }}
    privateKey: \${{ secrets.ATLAS_PRIVATE_KEY }}
    baseUrl: ${sim.url}   # the local Atlas simulator`)

  rule(`Log (node ${runtime.version} dist/index.js, as the runner shows it)`)
  const secrets = new Set<string>()
  const result = await runAction({ runtime, inputs, onStdout: liveLog(secrets) })
  showResult(result, secrets)

  rule('Simulator')
  const api = sim.requests.filter(r => r.path.startsWith('/api/atlas'))
  console.log(
    `${api.length} HTTP requests (${sim.stats.digestChallenges} digest challenge), ` +
      `exit code ${result.code}, ${(result.durationMs / 1000).toFixed(1)} s`
  )
  process.exitCode = result.code ?? 1
} finally {
  await sim.close()
}
