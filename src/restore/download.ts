// The download stage: once a download job is ready and downloadPath is set, every archive is
// fetched (src/download/) and the record learns each file as it lands. Failures become
// RestoreFailures: the run's deadline is `timedOut`, its cancel `aborted`, the rest `failed`.

import { downloadArchives, DownloadError } from '../download/index.js'
import type { Settings } from '../inputs/settings.js'
import type { RestoreJob } from '../kinds/adapter.js'
import type { RunRecord } from '../report/record.js'
import { VERSION } from '../version.js'
import { RestoreFailure, type RestoreContext } from './context.js'

export async function downloadStage(
  job: RestoreJob,
  settings: Settings,
  ctx: RestoreContext & { record: RunRecord; deadline: number }
): Promise<void> {
  const dir = settings.downloadPath
  if (dir === undefined) return
  const { record, log } = ctx
  if (job.deliveryType !== 'download' || job.status !== 'completed') {
    log.warning(`downloadPath is ignored: the job is not a download (${job.deliveryType}).`)
    return
  }
  const download: NonNullable<RunRecord['download']> = {
    dir,
    files: [],
    bytes: 0,
    extract: settings.extract
  }
  record.download = download
  try {
    const result = await ctx.group('Download the archives', () =>
      downloadArchives({
        job,
        dir,
        extract: settings.extract,
        deadline: ctx.deadline,
        signal: ctx.signal,
        now: ctx.clock.now,
        sleep: ctx.clock.sleep,
        log,
        userAgent: `atlas-restore-action/${VERSION} (node ${process.version})`,
        onFile: file => {
          download.files = [...download.files.filter(f => f.urlIndex !== file.urlIndex), file]
          download.files.sort((a, b) => a.urlIndex - b.urlIndex)
          download.bytes = download.files.reduce((sum, f) => sum + f.bytes, 0)
        }
      })
    )
    download.files = result.files
    download.bytes = result.bytes
    download.ms = result.ms
  } catch (error) {
    if (!(error instanceof DownloadError)) throw error
    const result =
      error.kind === 'timeout' ? 'timedOut' : error.kind === 'aborted' ? 'aborted' : 'failed'
    const more =
      error.kind === 'timeout'
        ? ' The downloads did not finish within timeout: raise timeout (the links stay valid until expiresAt, dedicated ones once).'
        : ''
    throw new RestoreFailure(`${error.message}${more}`, result)
  }
}
