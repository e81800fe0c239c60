import { describeEnvironment, localVariables, parseEnvironment, variables, type EnvironmentOf } from '../aws/environment.ts';

/** Render: draws a report version to PDF, stores it, hands it to deliver (or mails the consultant a failure). */
export const renderEnvironment = describeEnvironment('render', {
  deployed: {
    LOG_LEVEL: variables.LOG_LEVEL,
    POWERTOOLS_METRICS_NAMESPACE: variables.POWERTOOLS_METRICS_NAMESPACE,
    TABLE_NAME: variables.TABLE_NAME,
    REPORTS_BUCKET: variables.REPORTS_BUCKET,
    DELIVER_QUEUE_URL: variables.DELIVER_QUEUE_URL,
    SENDER_EMAIL: variables.SENDER_EMAIL,
    SES_CONFIGURATION_SET: variables.SES_CONFIGURATION_SET,
  },
  local: { MAX_RECEIVE_COUNT: localVariables.MAX_RECEIVE_COUNT },
});
export type RenderEnvironment = EnvironmentOf<typeof renderEnvironment>;

/** This process's environment, checked (the Lambda cold start). */
export const readRenderEnvironment = (): RenderEnvironment => parseEnvironment(renderEnvironment, process.env);

/**
 * Whether this instance was initialised ahead of any request (provisioned concurrency), when time spent in
 * the init phase is off every request's path. Lambda sets the variable; it is absent elsewhere.
 */
export const initialisedAhead = (): boolean => process.env.AWS_LAMBDA_INITIALIZATION_TYPE === 'provisioned-concurrency';
