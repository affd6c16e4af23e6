import React, { useMemo } from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';

import type { DataSource } from '../datasource';
import type { PmmDataSourceOptions, PmmQuery } from '../types';
import { QueryTypeEditor } from './query/QueryTypeEditor';

type Props = QueryEditorProps<DataSource, PmmQuery, PmmDataSourceOptions>;

/**
 * Grafana's entry point: the view, fed by this data source's resources, the dashboard's variables and
 * the settings' default Dune query.
 */
export function QueryEditor({ query, onChange, onRunQuery, datasource }: Props) {
  const variables = useMemo(
    () =>
      getTemplateSrv()
        .getVariables()
        .map((variable) => `$${variable.name}`),
    []
  );
  return (
    <QueryTypeEditor
      query={query}
      onChange={onChange}
      onRunQuery={onRunQuery}
      resources={datasource.resources}
      variables={variables}
      defaultDuneQueryId={datasource.defaultDuneQueryId}
    />
  );
}
