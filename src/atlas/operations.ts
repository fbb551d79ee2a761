// Every Atlas Administration API v2 operation the action calls, with the media-type version
// and the roles the spec gives it (x-rolesRequirements; for the retired tenant paths, the role
// their description names). __tests__/operations.test.ts checks this table against spec/.

export type HttpMethod = 'GET' | 'POST' | 'DELETE'

export interface Operation {
  /** The spec's operationId. */
  readonly id: string
  readonly method: HttpMethod
  /** Path template with `{name}` parameters, as in the spec. */
  readonly path: string
  /** The `application/vnd.atlas.<version>+json` version sent in Accept (and Content-Type). */
  readonly version: string
  readonly roles: readonly string[]
}

const GROUP = '/api/atlas/v2/groups/{groupId}'
const READ_ONLY = ['Project Read Only']
const OWNER = ['Project Owner']
const BACKUP_MANAGER = ['Project Backup Manager']
const RESTORE_OPERATOR = ['Project Backup Export Operator', 'Project Backup Recovery Operator']

const op = (
  id: string,
  method: HttpMethod,
  path: string,
  version: string,
  roles: readonly string[]
): Operation => ({ id, method, path: GROUP + path, version, roles })

// prettier-ignore
export const operations = {
  // Dedicated clusters (and kind detection: every cluster answers the cluster API somehow).
  getCluster: op('getGroupCluster', 'GET', '/clusters/{clusterName}', '2024-08-05', READ_ONLY),
  listClusterSnapshots: op('listGroupClusterBackupSnapshots', 'GET', '/clusters/{clusterName}/backup/snapshots', '2023-01-01', READ_ONLY),
  getClusterSnapshot: op('getGroupClusterBackupSnapshot', 'GET', '/clusters/{clusterName}/backup/snapshots/{snapshotId}', '2023-01-01', READ_ONLY),
  createClusterRestoreJob: op('createGroupClusterBackupRestoreJob', 'POST', '/clusters/{clusterName}/backup/restoreJobs', '2023-01-01', RESTORE_OPERATOR),
  getClusterRestoreJob: op('getGroupClusterBackupRestoreJob', 'GET', '/clusters/{clusterName}/backup/restoreJobs/{restoreJobId}', '2023-01-01', ['Project Backup Manager']),
  listClusterRestoreJobs: op('listGroupClusterBackupRestoreJobs', 'GET', '/clusters/{clusterName}/backup/restoreJobs', '2023-01-01', ['Project Backup Manager']),
  cancelClusterRestoreJob: op('cancelGroupClusterBackupRestoreJob', 'DELETE', '/clusters/{clusterName}/backup/restoreJobs/{restoreJobId}', '2023-01-01', RESTORE_OPERATOR),

  // Flex clusters.
  getFlexCluster: op('getGroupFlexCluster', 'GET', '/flexClusters/{name}', '2024-11-13', READ_ONLY),
  listFlexSnapshots: op('listGroupFlexClusterBackupSnapshots', 'GET', '/flexClusters/{name}/backup/snapshots', '2024-11-13', READ_ONLY),
  getFlexSnapshot: op('getGroupFlexClusterBackupSnapshot', 'GET', '/flexClusters/{name}/backup/snapshots/{snapshotId}', '2024-11-13', READ_ONLY),
  createFlexRestoreJob: op('createGroupFlexClusterBackupRestoreJob', 'POST', '/flexClusters/{name}/backup/restoreJobs', '2024-11-13', ['Project Backup Recovery Operator']),
  downloadFlexBackup: op('downloadFlexBackup', 'POST', '/flexClusters/{name}/backup/download', '2024-11-13', ['Project Backup Export Operator']),
  getFlexRestoreJob: op('getGroupFlexClusterBackupRestoreJob', 'GET', '/flexClusters/{name}/backup/restoreJobs/{restoreJobId}', '2024-11-13', READ_ONLY),
  listFlexRestoreJobs: op('listGroupFlexClusterBackupRestoreJobs', 'GET', '/flexClusters/{name}/backup/restoreJobs', '2024-11-13', READ_ONLY),

  // Shared-tier M2/M5 clusters (tenant backup paths, sunset 2026-01-22).
  listTenantSnapshots: op('listClusterBackupSnapshots', 'GET', '/clusters/{clusterName}/backup/tenant/snapshots', '2023-01-01', READ_ONLY),
  getTenantSnapshot: op('getBackupTenantSnapshot', 'GET', '/clusters/{clusterName}/backup/tenant/snapshots/{snapshotId}', '2023-01-01', READ_ONLY),
  createTenantRestore: op('createBackupTenantRestore', 'POST', '/clusters/{clusterName}/backup/tenant/restore', '2023-01-01', OWNER),
  downloadTenantBackup: op('downloadClusterBackupTenant', 'POST', '/clusters/{clusterName}/backup/tenant/download', '2023-01-01', OWNER),
  getTenantRestore: op('getBackupTenantRestore', 'GET', '/clusters/{clusterName}/backup/tenant/restores/{restoreId}', '2023-01-01', READ_ONLY),
  listTenantRestores: op('listBackupTenantRestores', 'GET', '/clusters/{clusterName}/backup/tenant/restores', '2023-01-01', READ_ONLY),

  // Serverless instances (sunset 2026-01-22).
  getServerlessInstance: op('getGroupServerlessInstance', 'GET', '/serverless/{name}', '2023-01-01', READ_ONLY),
  listServerlessSnapshots: op('listGroupServerlessBackupSnapshots', 'GET', '/serverless/{clusterName}/backup/snapshots', '2023-01-01', READ_ONLY),
  getServerlessSnapshot: op('getGroupServerlessBackupSnapshot', 'GET', '/serverless/{clusterName}/backup/snapshots/{snapshotId}', '2023-01-01', READ_ONLY),
  createServerlessRestoreJob: op('createGroupServerlessBackupRestoreJob', 'POST', '/serverless/{clusterName}/backup/restoreJobs', '2023-01-01', OWNER),
  getServerlessRestoreJob: op('getGroupServerlessBackupRestoreJob', 'GET', '/serverless/{clusterName}/backup/restoreJobs/{restoreJobId}', '2023-01-01', OWNER),
  listServerlessRestoreJobs: op('listGroupServerlessBackupRestoreJobs', 'GET', '/serverless/{clusterName}/backup/restoreJobs', '2023-01-01', OWNER),
  // The backup schedule: preflight reads restoreWindowDays for point-in-time restores.
  getClusterBackupSchedule: op('getGroupClusterBackupSchedule', 'GET', '/clusters/{clusterName}/backup/schedule', '2023-01-01', READ_ONLY),
  // Collection-level restores of dedicated clusters (not under /backup).
  createCollectionRestoreJob: op('createGroupClusterCollectionRestoreJob', 'POST', '/clusters/{clusterName}/collectionRestoreJobs', '2025-03-12', ['Project Backup Recovery Operator']),
  getCollectionRestoreJob: op('getGroupClusterCollectionRestoreJob', 'GET', '/clusters/{clusterName}/collectionRestoreJobs/{jobId}', '2025-03-12', BACKUP_MANAGER),
  listCollectionRestoreJobs: op('listGroupClusterCollectionRestoreJobs', 'GET', '/clusters/{clusterName}/collectionRestoreJobs', '2025-03-12', BACKUP_MANAGER),
  listCollectionRestoreJobCollections: op('listGroupClusterCollectionRestoreJobCollections', 'GET', '/clusters/{clusterName}/collectionRestoreJobs/{jobId}/collections', '2025-03-12', BACKUP_MANAGER)
} as const satisfies Record<string, Operation>

export const mediaType = (operation: Operation): string =>
  `application/vnd.atlas.${operation.version}+json`

/** The concrete path of an operation, its parameters URL-encoded. */
export function resolvePath(operation: Operation, params: Record<string, string>): string {
  return operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name]
    if (value === undefined) throw new Error(`${operation.id}: missing path parameter ${name}`)
    return encodeURIComponent(value)
  })
}

/** One request: which operation, its path parameters, and its body. */
export interface ApiCall {
  operation: Operation
  params: Record<string, string>
  query?: Record<string, string>
  body?: Record<string, unknown>
}
