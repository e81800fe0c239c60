/**
 * Settings of the deployed HTTP API that the local server (`effekt serve`) copies: kept apart from the
 * construct so the CLI reads them without loading the CDK.
 */

/** Stage throttling. A handful of consultants: generous for people, low enough to cap a runaway script. */
export const API_THROTTLE = { rateLimit: 20, burstLimit: 40 } as const;
