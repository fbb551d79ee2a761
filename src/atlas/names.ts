// Atlas's own name rules, as the spec's path patterns and schemas state them. Inputs validate
// against them and adapters pick the one their API uses.

/** Project, snapshot and job IDs: MongoDB ObjectIds, 24 lowercase hex characters. */
export const OBJECT_ID = /^[a-f0-9]{24}$/
/** Cluster names in the cluster, serverless and tenant APIs. */
export const CLUSTER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9-]*$/
/** The widest target-name rule of any kind (flex and tenant targetDeploymentItemName). */
export const DEPLOYMENT_ITEM_NAME = /^[\p{L}\p{N}\-_.(),:&@+']{1,64}$/u
