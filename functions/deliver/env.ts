import { describeEnvironment, localVariables, parseEnvironment, variables, type EnvironmentOf } from '../aws/environment.ts';

/** Deliver: e-mails a rendered report to the client (attached, or as a download link when too large). */
export const deliverEnvironment = describeEnvironment('deliver', {
  deployed: {
    LOG_LEVEL: variables.LOG_LEVEL,
    POWERTOOLS_METRICS_NAMESPACE: variables.POWERTOOLS_METRICS_NAMESPACE,
    TABLE_NAME: variables.TABLE_NAME,
    REPORTS_BUCKET: variables.REPORTS_BUCKET,
    MAX_ATTACHMENT_BYTES: variables.MAX_ATTACHMENT_BYTES,
    API_BASE_URL: variables.API_BASE_URL,
    SENDER_EMAIL: variables.SENDER_EMAIL,
    SES_CONFIGURATION_SET: variables.SES_CONFIGURATION_SET,
  },
  local: { MAX_RECEIVE_COUNT: localVariables.MAX_RECEIVE_COUNT },
});
export type DeliverEnvironment = EnvironmentOf<typeof deliverEnvironment>;

/** This process's environment, checked (the Lambda cold start). */
export const readDeliverEnvironment = (): DeliverEnvironment => parseEnvironment(deliverEnvironment, process.env);
