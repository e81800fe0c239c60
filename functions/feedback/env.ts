import { describeEnvironment, localVariables, parseEnvironment, variables, type EnvironmentOf } from '../aws/environment.ts';

/** Feedback: SES bounces and complaints mark an address undeliverable and tell the consultant. */
export const feedbackEnvironment = describeEnvironment('feedback', {
  deployed: {
    LOG_LEVEL: variables.LOG_LEVEL,
    POWERTOOLS_METRICS_NAMESPACE: variables.POWERTOOLS_METRICS_NAMESPACE,
    TABLE_NAME: variables.TABLE_NAME,
    SENDER_EMAIL: variables.SENDER_EMAIL,
    SES_CONFIGURATION_SET: variables.SES_CONFIGURATION_SET,
  },
  local: { MAX_RECEIVE_COUNT: localVariables.MAX_RECEIVE_COUNT },
});
export type FeedbackEnvironment = EnvironmentOf<typeof feedbackEnvironment>;

/** This process's environment, checked (the Lambda cold start). */
export const readFeedbackEnvironment = (): FeedbackEnvironment => parseEnvironment(feedbackEnvironment, process.env);
