import React from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Badge, LoadingPlaceholder, Stack, Text, TextLink, useStyles2 } from '@grafana/ui';

import { findPlan, type PlanId } from '../../core/catalogue';
import { formatValue } from '../../panel/formatValue';
import { rowTitle } from '../../panel/sortRows';
import { STATE_COLOUR } from '../../panel/stateColours';
import { describeRange } from '../../panel/windowText';
import { entryOf, isLinked, planHref, rangeParams, type PlanContext } from '../planContext';
import { describeTriggers, openerRows, openersOf } from '../planOpeners';
import type { PlanKpis } from '../usePlanKpis';

/**
 * The KPIs that open the plan: when each opens it (from the catalogue), and each one's current value
 * and state, those opening the plan right now marked first in the eye.
 */
export function OpenerKpis({ planId, kpis, context }: { planId: PlanId; kpis: PlanKpis; context: PlanContext }) {
  const styles = useStyles2(getStyles);
  const openers = openersOf(planId);
  return (
    <section aria-label="KPIs that open this plan" data-testid="plan-kpis">
      <Text element="h3">KPIs that open this plan</Text>
      <ul className={styles.triggers}>
        {openers.map((opener) => (
          <li key={opener.kpi.id}>
            <Text>
              {opener.kpi.name}: {describeTriggers(opener)}; target {opener.kpi.target}
            </Text>
          </li>
        ))}
      </ul>
      {kpis.status === 'loading' && <LoadingPlaceholder text="Reading the KPIs…" />}
      {kpis.status === 'error' && (
        <Alert severity="warning" title="Could not read the current values">
          {kpis.message}
          {kpis.fix && <div>{kpis.fix}</div>}
        </Alert>
      )}
      {kpis.status === 'done' && (
        <p className={styles.source} data-testid="plan-source">
          <Text color="secondary">
            Values from {kpis.datasource.name} over {describeRange(kpis.range)}
          </Text>
        </p>
      )}
      {kpis.status === 'done' && (
        <div className={styles.table} role="table" aria-label="Current values">
          {openerRows(planId, kpis.rows).map(({ row, opensNow }) => (
            <div
              key={row.key}
              role="row"
              className={cx(
                styles.row,
                opensNow && styles.opensNow,
                isLinked(context, row.kpi, row.entry) && styles.linked
              )}
              data-testid="plan-kpi"
              data-kpi={row.kpi.id}
              data-entry={row.entry ?? ''}
              data-state={row.state ?? 'none'}
              data-opens-now={opensNow}
              data-linked={isLinked(context, row.kpi, row.entry)}
            >
              <span role="cell" className={styles.name}>
                <Text truncate>{rowTitle(row)}</Text>
                {isLinked(context, row.kpi, row.entry) && <Badge text="from the link" color="blue" icon="link" />}
              </span>
              <span role="cell" className={styles.value} data-testid="plan-kpi-value">
                {formatValue(row.value, row.config, row.display)}
              </span>
              <span role="cell">
                {row.state ? (
                  <Badge text={row.state} color={STATE_COLOUR[row.state] as 'green' | 'orange' | 'red'} />
                ) : (
                  <Badge text="no data" color="darkgrey" />
                )}
              </span>
              <span role="cell">
                {row.plan && !opensNow ? (
                  // Worse (or other side) than this plan covers: the plan its state opens instead.
                  <TextLink
                    href={planHref(row.plan, {
                      datasource: kpis.datasource.uid,
                      ...rangeParams(kpis.range),
                      kpi: row.kpi.id,
                      entry: entryOf(row.kpi, row.entry),
                    })}
                    variant="bodySmall"
                    inline={false}
                    icon="arrow-right"
                  >
                    {`Now opens ${findPlan(row.plan)?.title ?? row.plan}`}
                  </TextLink>
                ) : (
                  <Text color={opensNow ? 'primary' : 'secondary'} variant="bodySmall">
                    {opensNow ? 'Opens this plan now' : `Target ${row.kpi.target}`}
                  </Text>
                )}
              </span>
            </div>
          ))}
        </div>
      )}
      {kpis.status === 'done' && openerRows(planId, kpis.rows).length === 0 && (
        <Stack>
          <Text color="secondary">The data source answered none of these KPIs.</Text>
        </Stack>
      )}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  triggers: css({ margin: theme.spacing(1, 0, 2, 2) }),
  table: css({ display: 'flex', flexDirection: 'column', gap: 2 }),
  row: css({
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 3fr) 120px 100px minmax(0, 2fr)',
    gap: theme.spacing(1),
    alignItems: 'center',
    padding: theme.spacing(0.5, 1),
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
  }),
  opensNow: css({ outline: `1px solid ${theme.colors.border.strong}` }),
  // The number the link was opened for: marked on its left, in the primary colour.
  linked: css({ boxShadow: `inset 3px 0 0 ${theme.colors.primary.main}` }),
  source: css({ margin: theme.spacing(0, 0, 1) }),
  name: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), minWidth: 0 }),
  value: css({ fontVariantNumeric: 'tabular-nums', textAlign: 'right', fontWeight: theme.typography.fontWeightMedium }),
});
