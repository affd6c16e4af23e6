/**
 * How a dashboard variable's value is written into a PMM query. A query names one asset, venue or
 * wallet, or none for every one. Grafana gives a single-valued variable at "All" (with no custom all
 * value) as the list of all its options, which its default format writes `{WETH,WBTC}`: a name no data
 * source has. Written as nothing instead, interpolateQuery widens the query, so "All" means all.
 *
 * Passed as the format of templateSrv.replace: Grafana calls it with the variable's value and a model
 * of the variable (its `multi` flag among others), in the legacy template service and in scenes alike.
 */

/** The part of Grafana's variable model the format reads. */
export interface FormattedVariable {
  multi?: boolean;
}

export function formatPmmVariable(value: unknown, variable?: FormattedVariable): string {
  if (!Array.isArray(value)) {
    return value === undefined || value === null ? '' : String(value);
  }
  if (!variable?.multi) {
    // A list from a single-valued variable is its "All".
    return '';
  }
  // Several values chosen: a query names one, so the backend's error on `{a,b}` says what was asked.
  return value.length === 1 ? String(value[0]) : `{${value.map(String).join(',')}}`;
}
