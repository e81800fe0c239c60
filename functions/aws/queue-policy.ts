/**
 * Receives before SQS dead-letters a stage message: the CDK stack's redrive policy, local
 * provisioning, and sqsStage (which records the reason on the last attempt) all read this one value.
 * No imports, so the CDK app can use it cheaply.
 */
export const MAX_RECEIVE_COUNT = 5;
