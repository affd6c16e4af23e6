import React, { useMemo } from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';

import type { DataSource } from '../datasource';
import type { PmmDataSourceOptions, PmmQuery } from '../types';
import { QueryEditorView } from './query/QueryEditorView';

type Props = QueryEditorProps<DataSource, PmmQuery, PmmDataSourceOptions>;

/** Grafana's entry point: the view, fed by this data source's resources and the dashboard's variables. */
export function QueryEditor({ query, onChange, onRunQuery, datasource }: Props) {
  const variables = useMemo(
    () =>
      getTemplateSrv()
        .getVariables()
        .map((variable) => `$${variable.name}`),
    []
  );
  return (
    <QueryEditorView
      query={query}
      onChange={onChange}
      onRunQuery={onRunQuery}
      resources={datasource.resources}
      variables={variables}
    />
  );
}
