// A simulated Atlas with a small, realistic project: the fixture the e2e suites share.

import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator/index.js'

export const HOUR = 3_600_000

export interface World {
  sim: Simulator
  groupId: string
  targetGroupId: string
  /** Snapshot IDs of the dedicated source `prod`: one fresh (2 h), one old (30 h). */
  fresh: string
  old: string
  /** Credential inputs (API key) and baseUrl. */
  apiKey: Record<string, string>
  serviceAccount: Record<string, string>
  /** POSTs the simulator received so far. */
  posts(): number
  close(): Promise<void>
}

export async function startWorld(options: SimulatorOptions = {}): Promise<World> {
  const sim = await startSimulator({
    restoreDurationMs: 1200,
    downloadDurationMs: 800,
    targetUpdatingMs: 1000,
    // The suites run one job after another on prod/scratch, some left running on purpose (a
    // timed-out download): Atlas's concurrency rules stay off unless a suite turns them on.
    concurrencyRules: false,
    ...options
  })
  const groupId = sim.addProject()
  const targetGroupId = sim.addProject()
  sim.addDeployment({ groupId, name: 'prod', kind: 'dedicated', pitEnabled: true })
  sim.addDeployment({ groupId: targetGroupId, name: 'scratch', kind: 'dedicated' })
  sim.addDeployment({ groupId, name: 'prod-flex', kind: 'flex' })
  sim.addDeployment({ groupId: targetGroupId, name: 'scratch-flex', kind: 'flex' })
  sim.addDeployment({ groupId, name: 'prod-m2', kind: 'shared', instanceSize: 'M2' })
  sim.addDeployment({
    groupId: targetGroupId,
    name: 'scratch-m2',
    kind: 'shared',
    instanceSize: 'M5'
  })
  sim.addDeployment({ groupId, name: 'prod-serverless', kind: 'serverless', pitEnabled: true })
  sim.addDeployment({ groupId: targetGroupId, name: 'scratch-serverless', kind: 'serverless' })
  sim.addDeployment({ groupId, name: 'free', kind: 'free' })
  const old = sim.addSnapshot({ groupId, clusterName: 'prod', ageMs: 30 * HOUR }).id
  const fresh = sim.addSnapshot({ groupId, clusterName: 'prod', ageMs: 2 * HOUR }).id
  sim.addSnapshot({ groupId, clusterName: 'prod', status: 'inProgress' })
  for (const name of ['prod-flex', 'prod-m2', 'prod-serverless']) {
    sim.addSnapshot({ groupId, clusterName: name, ageMs: 26 * HOUR })
    sim.addSnapshot({ groupId, clusterName: name, ageMs: 3 * HOUR })
  }
  const { publicKey, privateKey, clientId, clientSecret } = sim.credentials
  return {
    sim,
    groupId,
    targetGroupId,
    fresh,
    old,
    apiKey: { publicKey, privateKey, baseUrl: sim.url },
    serviceAccount: { clientId, clientSecret, baseUrl: sim.url },
    posts: () =>
      sim.requests.filter(r => r.method === 'POST' && r.path.startsWith('/api/atlas')).length,
    close: () => sim.close()
  }
}
