// Private-endpoint download URLs (privateDownloadDeliveryUrls, at the top of a job and in each
// component): read from the document, masked the moment they are seen, and put in their output.

import { describe, expect, it } from '@jest/globals'
import { parseFlaggedJob } from '../src/kinds/documents/flagged.js'
import { buildOutputs } from '../src/report/outputs.js'
import { newRecord } from '../src/report/record.js'
import { JobObserver } from '../src/restore/observe.js'

const PUBLIC = 'https://restore-1.example.net:27017/tok/restore-1.tar.gz'
const TOP = 'https://restore-1.private.example.net:27017/tok/restore-1.tar.gz'
const SHARD = 'https://restore-2.private.example.net:27017/tok/restore-2.tar.gz'
const document = {
  id: '6a794733c0eb9e7a17740663',
  deliveryType: 'download',
  deliveryUrl: [PUBLIC],
  privateDownloadDeliveryUrls: [{ deliveryUrl: TOP, endpointId: 'vpce-1' }],
  components: [
    {
      replicaSetName: 'shard-0',
      downloadUrl: PUBLIC,
      privateDownloadDeliveryUrls: [{ deliveryUrl: TOP, endpointId: 'vpce-1' }]
    },
    {
      replicaSetName: 'shard-1',
      privateDownloadDeliveryUrls: [{ deliveryUrl: SHARD, endpointId: 'vpce-1' }]
    }
  ],
  cancelled: false,
  failed: false,
  expired: false
}

describe('private download URLs', () => {
  const job = parseFlaggedJob(document)

  it('come from the top and from every component, once each', () => {
    expect(job.privateDeliveryUrls).toEqual([
      { deliveryUrl: TOP, endpointId: 'vpce-1' },
      { deliveryUrl: SHARD, endpointId: 'vpce-1' }
    ])
    expect(job.status).toBe('completed')
  })

  it('are registered as secrets at first sight, even with maskDeliveryUrls false', () => {
    for (const maskDeliveryUrls of [true, false]) {
      const secrets: string[] = []
      const observer = new JobObserver({
        log: { info: () => {}, warning: () => {}, debug: () => {} },
        now: () => 0,
        setSecret: s => secrets.push(s),
        maskDeliveryUrls,
        jobLabel: () => 'restore job',
        onJob: () => {}
      })
      observer.see(job, 0)
      observer.see(job, 1000)
      expect(secrets).toEqual(maskDeliveryUrls ? [PUBLIC, TOP, SHARD] : [TOP, SHARD])
    }
  })

  it('are the privateDeliveryUrls output', () => {
    const out = buildOutputs({ ...newRecord(new Date()), deliveryType: 'download', job })
    expect(JSON.parse(out.privateDeliveryUrls!)).toEqual(job.privateDeliveryUrls)
    expect(JSON.parse(out.deliveryUrls!)).toEqual([PUBLIC])
  })
})
