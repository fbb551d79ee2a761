// The input rules that depend on the deployment kind, checked as soon as the kind is known.

import type { KindCapabilities } from '../kinds/adapter.js'
import { showValue, type Problem } from './problems.js'
import type { Settings } from './settings.js'

export function checkKindSupport(settings: Settings, kind: KindCapabilities): Problem[] {
  if (settings.restoreJobId !== undefined) return []
  const problems: Problem[] = []
  if (settings.collections !== undefined && kind.kind !== 'dedicated') {
    problems.push({
      input: settings.collections.databases.length > 0 ? 'databases' : 'collections',
      message: `collection-level restores are for dedicated clusters only: ${settings.clusterName} is a ${kind.kind} deployment`
    })
    return problems
  }
  if (!kind.deliveryTypes.includes(settings.deliveryType)) {
    problems.push({
      input: 'deliveryType',
      message: `${settings.deliveryType} is not available for ${kind.kind} clusters: expected ${kind.deliveryTypes.join(' or ')}`
    })
  }
  const target = settings.targetClusterName
  if (
    settings.deliveryType !== 'download' &&
    target !== undefined &&
    !kind.targetNamePattern.test(target)
  ) {
    problems.push({
      input: 'targetClusterName',
      message: `${showValue(target)} is not a valid ${kind.kind} target name`
    })
  }
  return problems
}
