// Deployment documents (cluster, flex and serverless APIs share their state fields): state,
// connection string and what preflight checks read.

import type { DeploymentState } from '../adapter.js'
import { asDoc, connectionString, docs, optional, text, type Doc } from './fields.js'

/** Provider and instance sizes of a cluster-API document (top level or per region). */
export function providersAndSizes(document: unknown): {
  providers: Set<string>
  sizes: Set<string>
} {
  const doc = asDoc(document)
  const providers = new Set<string>()
  const sizes = new Set<string>()
  const add = (set: Set<string>, value: string | undefined) => value !== undefined && set.add(value)
  const settings = asDoc(doc.providerSettings)
  add(providers, text(settings, 'providerName'))
  add(sizes, text(settings, 'instanceSizeName'))
  for (const spec of [
    ...docs(doc, 'replicationSpecs'),
    ...docs(doc, 'effectiveReplicationSpecs')
  ]) {
    for (const region of docs(spec, 'regionConfigs')) {
      add(providers, text(region, 'providerName'))
      add(sizes, text(asDoc(region.electableSpecs), 'instanceSize'))
    }
  }
  return { providers, sizes }
}

/** A serverless document that says it runs on flex underneath (recorded in history.json). */
export function runsOnFlex(doc: Doc): boolean {
  const settings = asDoc(doc.providerSettings)
  return (
    text(settings, 'effectiveInstanceSizeName') === 'FLEX' ||
    text(settings, 'effectiveProviderName') === 'TENANT' ||
    text(doc, 'effectiveInstanceSizeName') === 'FLEX'
  )
}

export function parseDeployment(document: unknown): DeploymentState {
  const doc: Doc = asDoc(document)
  const tags = docs(doc, 'tags').flatMap(tag => {
    const key = text(tag, 'key')
    const value = text(tag, 'value')
    return key === undefined || value === undefined ? [] : [{ key, value }]
  })
  const paused = doc.paused
  // Serverless documents say it in serverlessBackupOptions, not pitEnabled.
  const pit = doc.pitEnabled ?? asDoc(doc.serverlessBackupOptions).serverlessContinuousBackupEnabled
  return {
    ...optional('stateName', text(doc, 'stateName')),
    ...optional('connectionString', connectionString(doc)),
    ...optional('paused', typeof paused === 'boolean' ? paused : undefined),
    ...optional('mongoDBVersion', text(doc, 'mongoDBVersion')),
    ...optional('clusterType', text(doc, 'clusterType')),
    ...(tags.length > 0 && { tags }),
    ...optional('pitEnabled', typeof pit === 'boolean' ? pit : undefined),
    ...(runsOnFlex(doc) && { runsOnFlex: true })
  }
}
