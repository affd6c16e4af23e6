import React from 'react';
import type { SelectableValue } from '@grafana/data';
import { InlineField, InlineFieldRow, RadioButtonGroup } from '@grafana/ui';

import { DUNE_QUERY_TYPE } from '../../../core/query';
import type { PmmQuery } from '../../types';
import { DuneQueryFields } from './DuneQueryFields';
import { QueryEditorView, type QueryEditorViewProps } from './QueryEditorView';

export interface QueryTypeEditorProps extends QueryEditorViewProps {
  /** The data source's default Dune query (settings' endpoints.duneQueryId). */
  defaultDuneQueryId?: number;
}

type Kind = 'kpi' | typeof DUNE_QUERY_TYPE;

const kindOptions: Array<SelectableValue<Kind>> = [
  {
    label: 'KPIs',
    value: 'kpi',
    description: 'The market maker’s KPIs, computed from the chain and its endpoints',
  },
  { label: 'Dune', value: DUNE_QUERY_TYPE, description: 'A saved Dune query’s latest result, as a table' },
];

/** What a query asks for: KPIs (the pickers of QueryEditorView) or a saved Dune query's latest result. */
export function QueryTypeEditor({ defaultDuneQueryId, ...props }: QueryTypeEditorProps) {
  const { query, onChange, onRunQuery } = props;
  const kind: Kind = query.queryType === DUNE_QUERY_TYPE ? DUNE_QUERY_TYPE : 'kpi';
  const pick = (next: Kind) => {
    if (next === kind) {
      return;
    }
    const switched: PmmQuery =
      next === DUNE_QUERY_TYPE
        ? { ...query, queryType: DUNE_QUERY_TYPE, duneQueryId: query.duneQueryId ?? defaultDuneQueryId }
        : { ...query, queryType: undefined, duneQueryId: undefined };
    onChange(switched);
    onRunQuery();
  };
  return (
    <>
      <InlineFieldRow>
        <InlineField label="Query" labelWidth={10}>
          <RadioButtonGroup options={kindOptions} value={kind} onChange={pick} />
        </InlineField>
      </InlineFieldRow>
      {kind === DUNE_QUERY_TYPE ? (
        <DuneQueryFields
          query={query}
          onChange={onChange}
          onRunQuery={onRunQuery}
          defaultQueryId={defaultDuneQueryId}
        />
      ) : (
        <QueryEditorView {...props} />
      )}
    </>
  );
}
