import { describeEnvironment, localVariables, parseEnvironment, variables, type EnvironmentOf } from '../aws/environment.ts';

/** Compute: turns a client-year's rows into its metrics document, then asks render for a version. */
export const computeEnvironment = describeEnvironment('compute', {
  deployed: {
    LOG_LEVEL: variables.LOG_LEVEL,
    POWERTOOLS_METRICS_NAMESPACE: variables.POWERTOOLS_METRICS_NAMESPACE,
    TABLE_NAME: variables.TABLE_NAME,
    RENDER_QUEUE_URL: variables.RENDER_QUEUE_URL,
  },
  local: { MAX_RECEIVE_COUNT: localVariables.MAX_RECEIVE_COUNT },
});
export type ComputeEnvironment = EnvironmentOf<typeof computeEnvironment>;

/** This process's environment, checked (the Lambda cold start). */
export const readComputeEnvironment = (): ComputeEnvironment => parseEnvironment(computeEnvironment, process.env);
