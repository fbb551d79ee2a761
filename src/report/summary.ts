// The job summary: one compact table a person reads the morning after a nightly run. Pure;
// never shows a secret (download URLs are only said to exist).

import { formatDuration } from '../durations.js'
import { adapters } from '../kinds/index.js'
import { rfc3339 } from '../snapshots.js'
import { durationSeconds, finishedAt, snapshotCreatedAt } from './outputs.js'
import type { RunRecord } from './record.js'

const HEADLINE: Record<RunRecord['result'], string> = {
  running: '⏳ Restore running',
  succeeded: '✅ Restore completed',
  created: '🚀 Restore job created (not waited for)',
  dryRun: '🔍 Dry run: nothing created',
  failed: '❌ Restore failed',
  timedOut: '⌛ Restore timed out',
  aborted: '🛑 Run cancelled'
}

const escape = (value: string): string => value.replace(/[|<>]/g, ch => `&#${ch.charCodeAt(0)};`)
const code = (value: string): string => `\`${value.replace(/`/g, "'")}\``

export function renderSummary(record: RunRecord): string {
  const rows: [string, string][] = []
  const row = (name: string, value: string | undefined) =>
    value !== undefined && rows.push([name, value])
  const { job, source } = record
  const adapter = record.clusterKind && adapters[record.clusterKind]

  row(
    'Source',
    source &&
      `${code(source.clusterName)} in project ${code(source.groupId)}${adapter ? ` (${adapter.label})` : ''}`
  )
  const target = record.deliveryType === 'download' ? undefined : (job?.target ?? record.target)
  row('Target', target && `${code(target.clusterName)} in project ${code(target.groupId)}`)
  row('Delivery', record.deliveryType ?? job?.deliveryType)
  const snapshotTime = snapshotCreatedAt(record)
  const snapshotId = record.snapshot?.id ?? job?.snapshotId
  row(
    'Snapshot',
    snapshotId &&
      `${code(snapshotId)}${snapshotTime ? `, taken ${rfc3339(snapshotTime)} (${formatDuration(record.startedAt.getTime() - snapshotTime.getTime())} before this run)` : ''}`
  )
  row('Restore job', job && `${code(job.id)}: **${job.status}**`)
  row('Created', record.createdAt && rfc3339(record.createdAt))
  const finished = finishedAt(record)
  row('Finished', finished && rfc3339(finished))
  const duration = durationSeconds(record)
  row(
    'Restore time',
    duration !== undefined ? `**${formatDuration(duration * 1000)}** (${duration} s)` : undefined
  )
  if (job && job.deliveryUrls.length > 0) {
    row(
      'Download',
      `${job.deliveryUrls.length} URL${job.deliveryUrls.length > 1 ? 's' : ''} in the \`deliveryUrls\` output (secret)${job.expiresAt ? `, valid until ${rfc3339(job.expiresAt)}` : ''}`
    )
  }
  if (record.targetState) {
    row(
      'Target ready',
      record.targetState.ready
        ? `yes (${record.targetState.stateName ?? 'IDLE'})`
        : `no (${record.targetState.stateName ?? 'unknown'})`
    )
  }
  if (record.plannedCall) {
    row(
      'Would send',
      code(`${record.plannedCall.operation.method} ${record.plannedCall.operation.path}`)
    )
  }
  if (source) {
    const link = adapter ? adapter.uiPath(source) : `/v2/${source.groupId}#/clusters`
    row('Atlas', `[open in the Atlas UI](${record.baseUrl}${link})`)
  }

  const lines = [`### ${HEADLINE[record.result]}`, '']
  if (record.failure) lines.push(`> ${escape(record.failure.split('\n')[0])}`, '')
  lines.push(
    '| | |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v.replace(/\|/g, '\\|')} |`),
    ''
  )
  return lines.join('\n')
}
