import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { sesClientConfig } from './clients.ts';
import type { ServiceEnvironment } from './environment.ts';
import { loadOnce } from './load-once.ts';
import type { SendEmail } from './mail.ts';

/**
 * SES's SendEmail for a stage that mails only now and then (render: a failed report; ingest: a refused
 * upload): the SDK's SES module is imported, and the client built, when the first message is sent, not at
 * the cold start (infra/bundling.ts ships the module beside index.mjs for those stages). `client`: an SES
 * client built elsewhere (the local runtime's); without one, built like createSesClient (all-clients.ts,
 * apart because of its static SES import, which would load the module at every cold start all the same).
 * A module of its own: esbuild bundles whatever a module imports dynamically, so in clients.ts this would
 * put SES's every command into the bundles of the stages that build their SES client up front.
 */
export function lazySesSend(env: ServiceEnvironment, client?: SESv2Client): SendEmail {
  const send = loadOnce(async (): Promise<SendEmail> => {
    const { SESv2Client: Client, SendEmailCommand } = await import('@aws-sdk/client-sesv2');
    const ses = client ?? new Client(sesClientConfig(env));
    return (email) => ses.send(new SendEmailCommand(email));
  });
  return async (input) => (await send())(input);
}
