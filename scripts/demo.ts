// `npm run demo`: starts the Atlas simulator, runs the bundled action (dist/index.js) exactly as
// GitHub's runner would, and shows its log (as the runner displays it), outputs and job summary:
// first a nightly restore drill with objectives and an evidence file, then a collection-level
// restore that seeds a test cluster with two databases.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSimulator } from '../simulator/index.js'
import { liveLog, rule, showResult } from './display.js'
import { runAction, runtimes } from './runner.js'

const sim = await startSimulator({ restoreDurationMs: 6000, targetUpdatingMs: 1500 })
const dir = mkdtempSync(join(tmpdir(), 'atlas-restore-demo-'))
let exitCode = 0
try {
  const groupId = sim.addProject()
  const stagingGroupId = sim.addProject()
  const namespaces = ['orders.items', 'orders.invoices', 'customers.profiles', 'audit.events']
  sim.addDeployment({
    groupId,
    name: 'orders-prod',
    kind: 'dedicated',
    instanceSize: 'M30',
    namespaces
  })
  sim.addDeployment({ groupId: stagingGroupId, name: 'orders-restore-check', kind: 'dedicated' })
  sim.addDeployment({ groupId: stagingGroupId, name: 'pr-1234', kind: 'dedicated' })
  for (const hoursAgo of [49, 25, 1]) {
    sim.addSnapshot({ groupId, clusterName: 'orders-prod', ageMs: hoursAgo * 3_600_000 })
  }
  const runtime = runtimes().at(-1)!
  const credentials = {
    publicKey: sim.credentials.publicKey,
    privateKey: sim.credentials.privateKey,
    baseUrl: sim.url
  }

  const show = async (title: string, step: string, inputs: Record<string, string>) => {
    rule(`${title}: workflow step`)
    console.log(step)
    rule(`Log (node ${runtime.version} dist/index.js, as the runner shows it)`)
    const secrets = new Set<string>()
    sim.resetLog()
    const result = await runAction({
      runtime,
      inputs: { ...inputs, ...credentials },
      onStdout: liveLog(secrets)
    })
    showResult(result, secrets)
    const api = sim.requests.filter(r => r.path.startsWith('/api/atlas'))
    console.log(
      `\n(${api.length} HTTP requests, ${sim.stats.digestChallenges} digest challenge so far; exit code ${result.code}, ${(result.durationMs / 1000).toFixed(1)} s)`
    )
    if (result.code !== 0) exitCode = result.code ?? 1
  }

  const evidence = join(dir, 'evidence.json')
  await show(
    'Nightly restore drill',
    `- uses: your-org/atlas-restore-action@v1
  id: restore
  with:
    groupId: ${groupId}
    clusterName: orders-prod
    targetGroupId: ${stagingGroupId}
    targetClusterName: orders-restore-check
    maxSnapshotAge: 26h          # recovery point objective
    maxRestoreDuration: 30m      # recovery time objective
    reportPath: evidence.json
    publicKey: \${{ secrets.ATLAS_PUBLIC_KEY }}
    privateKey: \${{ secrets.ATLAS_PRIVATE_KEY }}
    baseUrl: ${sim.url}   # the local Atlas simulator`,
    {
      groupId,
      clusterName: 'orders-prod',
      targetGroupId: stagingGroupId,
      targetClusterName: 'orders-restore-check',
      maxSnapshotAge: '26h',
      maxRestoreDuration: '30m',
      reportPath: evidence,
      pollInterval: '30s',
      timeout: '10m'
    }
  )
  rule('Evidence file (reportPath)')
  console.log(readFileSync(evidence, 'utf8').trim())

  await show(
    'Seed a PR cluster with two databases (collection-level restore)',
    `- uses: your-org/atlas-restore-action@v1
  with:
    groupId: ${groupId}
    clusterName: orders-prod
    targetGroupId: ${stagingGroupId}
    targetClusterName: pr-1234
    databases: |
      orders
      customers
    databaseSuffix: _seed
    publicKey: \${{ secrets.ATLAS_PUBLIC_KEY }}
    privateKey: \${{ secrets.ATLAS_PRIVATE_KEY }}
    baseUrl: ${sim.url}`,
    {
      groupId,
      clusterName: 'orders-prod',
      targetGroupId: stagingGroupId,
      targetClusterName: 'pr-1234',
      databases: 'orders\ncustomers',
      databaseSuffix: '_seed',
      pollInterval: '30s',
      timeout: '10m'
    }
  )
  process.exitCode = exitCode
} finally {
  await sim.close()
  rmSync(dir, { recursive: true, force: true })
}
