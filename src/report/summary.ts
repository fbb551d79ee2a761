// The job summary: one compact table a person reads the morning after a nightly run. Pure;
// never shows a secret (download URLs are only said to exist), and every value from Atlas is
// escaped so it can neither render HTML nor break the table.

import { formatBytes, formatRate } from '../download/plan.js'
import { formatDuration } from '../durations.js'
import { rfc3339 } from '../time.js'
import {
  durationSeconds,
  finishedAt,
  snapshotAgeSeconds,
  snapshotCreatedAt,
  timeToReadySeconds,
  withinObjective
} from './outputs.js'
import type { RunRecord } from './record.js'

/** Text safe in a Markdown table cell: no HTML, no line breaks, no table or link syntax. */
export function cell(value: string): string {
  return value
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/[&<>"'|\\`*_[\]()!#~]/g, ch => `&#${ch.charCodeAt(0)};`)
}
const code = (value: string): string => `\`${value.replace(/[`\r\n|]/g, ' ')}\``

function headline(record: RunRecord): string {
  const download = (record.deliveryType ?? record.job?.deliveryType) === 'download'
  switch (record.result) {
    case 'succeeded':
      if (record.download?.ms !== undefined) return '✅ Archives downloaded'
      return download ? '✅ Download ready' : '✅ Restore completed'
    case 'created':
      return '🚀 Restore job created (not waited for)'
    case 'dryRun':
      return '🔍 Dry run: nothing created'
    case 'timedOut':
      return '⌛ Restore timed out'
    case 'aborted':
      return '🛑 Run cancelled'
    case 'running':
      return '⏳ Restore running'
    default:
      if (record.problems) return '❌ Inputs invalid: nothing was sent'
      if (record.dryRun) return '❌ Dry run failed'
      if (record.preflightFailures?.length)
        return '❌ Preflight refused the restore: nothing was created'
      return download ? '❌ Download failed' : '❌ Restore failed'
  }
}

export function renderSummary(record: RunRecord): string {
  const rows: [string, string][] = []
  const row = (name: string, value: string | undefined) =>
    value !== undefined && rows.push([name, value])
  const { job, source } = record
  const deliveryType = record.deliveryType ?? job?.deliveryType

  row(
    'Source',
    source &&
      `${code(source.clusterName)} in project ${code(source.groupId)}${record.kindLabel ? ` (${record.kindLabel})` : ''}`
  )
  const target = deliveryType === 'download' ? undefined : (job?.target ?? record.target)
  row('Target', target && `${code(target.clusterName)} in project ${code(target.groupId)}`)
  row(
    'Delivery',
    deliveryType &&
      `${deliveryType}${record.jobLabel === 'collection restore job' ? ' (collection-level)' : ''}`
  )
  row(
    'Point in time requested',
    record.requestedPointInTime && rfc3339(record.requestedPointInTime)
  )
  const snapshotTime = snapshotCreatedAt(record)
  const snapshotId = record.snapshot?.id ?? job?.snapshotId
  const age = snapshotAgeSeconds(record)
  row(
    record.requestedPointInTime ? 'Snapshot Atlas used' : 'Snapshot',
    snapshotId &&
      `${code(snapshotId)}${record.snapshot?.type ? ` (${record.snapshot.type})` : ''}${snapshotTime ? `, taken ${rfc3339(snapshotTime)}${age !== undefined ? ` (${formatDuration(age * 1000)} before this run)` : ''}` : ''}`
  )
  row('Restore job', job && `${code(job.id)}: **${job.status}**`)
  row('Atlas said', job?.errorMessage && cell(job.errorMessage))
  row('Created', record.jobCreatedAt && rfc3339(record.jobCreatedAt))
  const finished = finishedAt(record)
  row('Finished', finished && rfc3339(finished))
  const duration = durationSeconds(record)
  row('Restore time', duration !== undefined ? `**${formatDuration(duration * 1000)}**` : undefined)
  const ready = timeToReadySeconds(record)
  row(
    deliveryType === 'download' ? 'Time to URL' : 'Time to ready',
    ready !== undefined ? formatDuration(ready * 1000) : undefined
  )
  const objective = withinObjective(record)
  if (record.maxRestoreDurationMs !== undefined) {
    row(
      'Objective',
      `${formatDuration(record.maxRestoreDurationMs)}: ${objective === undefined ? 'not measured' : objective ? '**met**' : '**missed**'}`
    )
  }
  if (job && job.deliveryUrls.length > 0) {
    row(
      'Download',
      `${job.deliveryUrls.length} URL${job.deliveryUrls.length > 1 ? 's' : ''} in the \`deliveryUrls\` output (secret)${job.expiresAt ? `, valid until ${rfc3339(job.expiresAt)}` : ''}`
    )
  }
  row('Downloaded', downloadedCell(record))
  if (record.targetState) {
    const state = cell(record.targetState.stateName ?? 'unknown')
    row('Target ready', record.targetState.ready ? `yes (${state})` : `no (${state})`)
  }
  if (
    (record.result === 'timedOut' || record.result === 'aborted') &&
    job &&
    deliveryType !== 'download'
  ) {
    row('Target data', 'left **partly restored** while the job runs on in Atlas')
  }
  if (record.plannedCall)
    row('Would send', code(`${record.plannedCall.method} ${record.plannedCall.path}`))
  if (record.ignoredInputs?.length) row('Ignored inputs', record.ignoredInputs.map(code).join(', '))
  const link =
    deliveryType !== 'download' && record.uiPaths?.target
      ? record.uiPaths.target
      : record.uiPaths?.source
  if (link)
    row(
      'Atlas',
      `[open ${link === record.uiPaths?.target ? 'the target' : 'the source'} in the Atlas UI](${record.baseUrl}${link})`
    )

  const lines = [`### ${headline(record)}`, '']
  if (record.problems?.length) {
    lines.push(...record.problems.map(p => `- \`${p.input}\`: ${cell(p.message)}`), '')
  } else if (record.failure) {
    lines.push(...record.failure.split('\n').map(l => `> ${cell(l)}`), '')
  }
  if (rows.length > 0) {
    lines.push('| Item | Value |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`), '')
  }
  if (record.namespaces?.length) {
    lines.push('| Source namespace | Restored as | Status |', '|---|---|---|')
    for (const ns of record.namespaces) {
      lines.push(
        `| ${code(ns.sourceNamespace)} | ${ns.targetNamespace ? code(ns.targetNamespace) : ''} | ${cell(ns.status)} |`
      )
    }
    lines.push('')
  }
  return lines.join('\n')
}

/** "3 files, 1.02 GiB in 12s (85.3 MiB/s) into `/data`, extracted" (or what was done so far). */
function downloadedCell(record: RunRecord): string | undefined {
  const d = record.download
  if (d === undefined) return undefined
  const expected = record.job?.deliveryUrls.length ?? d.files.length
  const count = d.ms === undefined ? `${d.files.length} of ${expected}` : `${d.files.length}`
  const timing =
    d.ms === undefined ? '' : ` in ${formatDuration(d.ms)} (${formatRate(d.bytes, d.ms)})`
  const extracted = d.files.filter(f => f.extractedTo !== undefined).length
  return `${count} file${expected === 1 ? '' : 's'}, ${formatBytes(d.bytes)}${timing} into ${code(d.dir)}${extracted > 0 ? `, ${extracted} extracted` : ''}`
}

/** The last line of the log, outside any group: the result in one sentence. */
export function resultLine(record: RunRecord): string {
  const { job } = record
  const label = record.jobLabel ?? 'restore job'
  const jobText = job ? ` (${label} ${job.id})` : ''
  const duration = durationSeconds(record)
  const ready = timeToReadySeconds(record)
  const took = (s: number | undefined) => (s === undefined ? '' : ` in ${formatDuration(s * 1000)}`)
  const firstLine = (record.failure ?? '').split('\n')[0]
  const download = (record.deliveryType ?? job?.deliveryType) === 'download'
  switch (record.result) {
    case 'succeeded': {
      const target = job?.target ?? record.target
      if (download && record.download?.ms !== undefined)
        return `Result: downloaded ${record.download.files.length} archive(s), ${formatBytes(record.download.bytes)} in ${formatDuration(record.download.ms)}${jobText}, into ${record.download.dir}${record.download.extract ? ' (extracted)' : ''}.`
      if (download)
        return `Result: download ready${took(ready ?? duration)}${jobText}: ${job?.deliveryUrls.length ?? 0} URL(s) in deliveryUrls.`
      const after =
        ready === undefined
          ? ''
          : `, ${target?.clusterName ?? 'the target'} ready after ${formatDuration(ready * 1000)}`
      return `Result: restore completed${took(duration)}${jobText}${after}.`
    }
    case 'created':
      return `Result: created${jobText}, not waited for.`
    case 'dryRun':
      return `Result: dry run, nothing created${record.plannedCall ? ` (would send ${record.plannedCall.method} ${record.plannedCall.path})` : ''}.`
    case 'timedOut':
      return `Result: timed out${jobText}: ${firstLine}`
    case 'aborted':
      return `Result: cancelled${jobText}: ${firstLine}`
    default:
      return `Result: failed${jobText}: ${firstLine}`
  }
}
