/**
 * Where the generated alert rules' notifications go: one contact point per channel (email, Slack,
 * PagerDuty, a webhook for the desk's own automation), and a notification policy that routes on the
 * rules' `severity` label. The channel settings are placeholders the team replaces (README, "Alerting");
 * each is a value Grafana accepts at start, so the demo starts with them unchanged.
 */
import {
  ContactPointBuilder,
  NotificationPolicyBuilder,
  type ContactPoint,
  type NotificationPolicy,
} from '@grafana/grafana-foundation-sdk/alerting';

import { SEVERITIES } from './rules';

/** The placeholders, by contact point; the README lists the same values (a test checks it). */
export const PLACEHOLDERS = {
  email: 'pmm-oncall@example.com',
  slack: 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
  pagerduty: 'REPLACE-WITH-PAGERDUTY-INTEGRATION-KEY',
  webhook: 'https://pmm-automation.example.com/grafana/alerts',
} as const;

export const CONTACT_POINT_NAMES = {
  email: 'PMM email',
  slack: 'PMM Slack',
  pagerduty: 'PMM PagerDuty',
  webhook: 'PMM webhook',
} as const;

/** Grafana's file format: contact points are named groups of receivers (the SDK builds receivers). */
export interface ContactPointsFile {
  apiVersion: 1;
  contactPoints: Array<{ orgId: number; name: string; receivers: ContactPoint[] }>;
}

export interface PoliciesFile {
  apiVersion: 1;
  policies: Array<NotificationPolicy & { orgId: number }>;
}

function receiver(
  name: string,
  uid: string,
  type: ContactPoint['type'],
  settings: Record<string, unknown>
): ContactPoint {
  // The file nests receivers under the contact point's name, so the receiver does not repeat it.
  const { name: _name, ...built } = new ContactPointBuilder()
    .name(name)
    .uid(uid)
    .type(type)
    .settings(settings)
    .disableResolveMessage(false)
    .build();
  return built;
}

export function contactPointsFile(): ContactPointsFile {
  const point = (name: string, receivers: ContactPoint[]) => ({ orgId: 1, name, receivers });
  return {
    apiVersion: 1,
    contactPoints: [
      point(CONTACT_POINT_NAMES.email, [
        receiver(CONTACT_POINT_NAMES.email, 'pmm-email', 'email', { addresses: PLACEHOLDERS.email, singleEmail: true }),
      ]),
      point(CONTACT_POINT_NAMES.slack, [
        receiver(CONTACT_POINT_NAMES.slack, 'pmm-slack', 'slack', { url: PLACEHOLDERS.slack }),
      ]),
      point(CONTACT_POINT_NAMES.pagerduty, [
        receiver(CONTACT_POINT_NAMES.pagerduty, 'pmm-pagerduty', 'pagerduty', {
          integrationKey: PLACEHOLDERS.pagerduty,
          // Only critical rules are routed here (see the policy), so the incident is critical.
          severity: 'critical',
          class: 'pmm-monitor',
        }),
      ]),
      point(CONTACT_POINT_NAMES.webhook, [
        receiver(CONTACT_POINT_NAMES.webhook, 'pmm-webhook', 'webhook', {
          url: PLACEHOLDERS.webhook,
          httpMethod: 'POST',
        }),
      ]),
    ],
  };
}

const bySeverity = (...severities: Array<(typeof SEVERITIES)[number]>) => [
  ['severity', severities.length === 1 ? '=' : '=~', severities.join('|')],
];

/**
 * Critical pages (PagerDuty) and continues; warning and critical both reach Slack and the webhook; what
 * carries no severity (Grafana's own alerts) falls to the root, email. Grouped per KPI and area, so one
 * KPI's warning and critical rules notify together.
 */
export function policiesFile(): PoliciesFile {
  const root = new NotificationPolicyBuilder()
    .receiver(CONTACT_POINT_NAMES.email)
    .groupBy(['grafana_folder', 'area', 'kpi'])
    .groupWait('30s')
    .groupInterval('5m')
    .repeatInterval('4h')
    .routes([
      new NotificationPolicyBuilder()
        .receiver(CONTACT_POINT_NAMES.pagerduty)
        .objectMatchers(bySeverity('critical'))
        .repeatInterval('1h')
        .continueVal(true),
      new NotificationPolicyBuilder()
        .receiver(CONTACT_POINT_NAMES.slack)
        .objectMatchers(bySeverity('warning', 'critical'))
        .continueVal(true),
      new NotificationPolicyBuilder()
        .receiver(CONTACT_POINT_NAMES.webhook)
        .objectMatchers(bySeverity('warning', 'critical'))
        .continueVal(false),
    ])
    .build();
  return { apiVersion: 1, policies: [{ orgId: 1, ...root }] };
}
