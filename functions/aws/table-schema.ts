/**
 * The table's key schema, the one statement of it: the CDK stack and local provisioning both build the
 * table from this (no SDK imports, so the CDK app can use it cheaply).
 */
export const TABLE_KEY_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  gsi: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
} as const;
