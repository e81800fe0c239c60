import { Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge, literalResourceFinding } from '../nag.ts';

export interface MailProps {
  prefix: string;
  senderEmail: string;
  /** The identity already exists in the account (SES identities are per account and region, not per stack). */
  importSenderIdentity: boolean;
  /** Sending domain: a domain identity with Easy DKIM and a custom MAIL FROM replaces the address identity. */
  mailDomain?: string;
  /** MAIL FROM is `<mailFromSubdomain>.<mailDomain>`. */
  mailFromSubdomain: string;
  /** Receives SES bounce and complaint events for this configuration set. */
  feedbackQueue: sqs.IQueue;
}

/**
 * SES v2 sending: the sender identity (a domain with Easy DKIM and custom MAIL FROM, or one address), a configuration set whose bounce and complaint events go to the
 * default EventBridge bus (SES can only publish there), and a rule that forwards this environment's
 * events to the feedback queue.
 */
export class Mail extends Construct {
  readonly configurationSet: ses.ConfigurationSet;
  readonly configurationSetName: string;
  readonly senderEmail: string;
  /** The domain identity, when mailDomain is set and the identity is not imported. */
  readonly domainIdentity?: ses.EmailIdentity;
  readonly mailFromDomain?: string;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    this.senderEmail = props.senderEmail;
    this.configurationSetName = props.prefix;
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: this.configurationSetName,
      reputationMetrics: true,
      sendingEnabled: true,
      // Bounces and complaints are also kept off future sends at account level.
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    if (props.mailDomain) {
      this.mailFromDomain = `${props.mailFromSubdomain}.${props.mailDomain}`;
      if (!props.importSenderIdentity) {
        // Easy DKIM (2048-bit, keys rotated by SES) signs as the domain, and a MAIL FROM of our own
        // aligns SPF with it: what municipal filters check with DMARC. The DNS records are stack outputs.
        this.domainIdentity = new ses.EmailIdentity(this, 'DomainIdentity', {
          identity: ses.Identity.domain(props.mailDomain),
          configurationSet: this.configurationSet,
          dkimSigning: true,
          dkimIdentity: ses.DkimIdentity.easyDkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT),
          mailFromDomain: this.mailFromDomain,
          // Until the MX record exists SES falls back to its own MAIL FROM; DKIM alone still passes DMARC.
          mailFromBehaviorOnMxFailure: ses.MailFromBehaviorOnMxFailure.USE_DEFAULT_VALUE,
        });
      }
    } else if (!props.importSenderIdentity) {
      // One verified address: enough to try Effekt out, weak for real recipients (no DKIM of our own).
      new ses.EmailIdentity(this, 'SenderIdentity', {
        identity: ses.Identity.email(props.senderEmail),
        configurationSet: this.configurationSet,
      });
    }
    const defaultBus = events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    this.configurationSet.addEventDestination('Feedback', {
      configurationSetEventDestinationName: 'bounces-and-complaints',
      destination: ses.EventDestination.eventBus(defaultBus),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });
    new events.Rule(this, 'FeedbackRule', {
      ruleName: `${props.prefix}-ses-feedback`,
      description: `SES bounces and complaints of configuration set ${this.configurationSetName}`,
      eventBus: defaultBus,
      eventPattern: {
        source: ['aws.ses'],
        detailType: ['Email Bounced', 'Email Complaint Received'],
        // Both environments share the default bus; keep only this configuration set's events.
        detail: { mail: { tags: { 'ses:configuration-set': [this.configurationSetName] } } },
      },
      targets: [new targets.SqsQueue(props.feedbackQueue)],
    });
  }

  /**
   * SES v2 SendEmail authorises against the sender identity, the configuration set and, while the
   * account is in the sandbox, every recipient identity too; so the identity ARN is a wildcard and
   * the From address is pinned by condition instead.
   */
  grantSend(role: iam.Role): void {
    const stack = Stack.of(this);
    const identities = stack.formatArn({ service: 'ses', resource: 'identity', resourceName: '*' });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [
          identities,
          stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSetName }),
        ],
        conditions: { StringEquals: { 'ses:FromAddress': this.senderEmail } },
      }),
    );
    acknowledge(role, literalResourceFinding(this, identities),
      'SES authorises SendEmail against every recipient identity while the account is in the sandbox, so the identity ARN cannot be pinned; the ses:FromAddress condition limits sending to the configured sender.');
  }
}
