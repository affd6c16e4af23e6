/**
 * A dashboard as its provisioned JSON file: the SDK's build, with the annotation list it cannot type
 * (a data source annotation's target is the data source's query) and stable panel ids.
 */
import {
  AnnotationQueryBuilder,
  type Dashboard,
  type DashboardBuilder,
} from '@grafana/grafana-foundation-sdk/dashboard';

import { format, resolveConfig } from 'prettier';

import type { PmmAnnotation } from './common';

export type DashboardJson = Omit<Dashboard, 'annotations'> & {
  annotations: { list: Array<PmmAnnotation | ReturnType<AnnotationQueryBuilder['build']>> };
};

/**
 * Grafana's own "Annotations & Alerts": alert state changes of rules linked to a panel
 * (__dashboardUid__, __panelId__) are drawn through it. Grafana adds it when missing; writing it
 * keeps the file what Grafana shows.
 */
function builtInAnnotations(): ReturnType<AnnotationQueryBuilder['build']> {
  return new AnnotationQueryBuilder()
    .name('Annotations & Alerts')
    .datasource({ type: 'grafana', uid: '-- Grafana --' })
    .builtIn(1)
    .enable(true)
    .hide(true)
    .iconColor('rgba(0, 211, 255, 1)')
    .type('dashboard')
    .build();
}

export function dashboardJson(builder: DashboardBuilder, annotations: PmmAnnotation[]): DashboardJson {
  const built = builder.build();
  return { ...built, annotations: { list: [builtInAnnotations(), ...annotations] } };
}

/**
 * The file's text, as the repository's prettier config formats JSON: `npm run lint:fix` formats every
 * file, and a generated file it changed would be stale.
 */
export async function renderDashboard(dashboard: DashboardJson, file: string): Promise<string> {
  const options = (await resolveConfig(file)) ?? {};
  return format(JSON.stringify(dashboard), { ...options, filepath: file });
}
