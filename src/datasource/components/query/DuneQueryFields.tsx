import React, { useState } from 'react';
import { InlineField, InlineFieldRow, Input, Text } from '@grafana/ui';

import type { PmmQuery } from '../../types';

export interface DuneQueryFieldsProps {
  query: PmmQuery;
  onChange: (query: PmmQuery) => void;
  onRunQuery: () => void;
  /** The data source's default saved query (settings' endpoints.duneQueryId), when it has one. */
  defaultQueryId?: number;
}

/** A positive whole number, or undefined for an empty or unusable entry (the default query then). */
export function parseDuneQueryId(text: string): number | undefined {
  const id = Number(text.trim());
  return text.trim() !== '' && Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/**
 * Which saved Dune query: its id, or empty for the data source's default. The text is the field's own
 * until it is left; render it keyed by the query's id so a change from outside starts it afresh.
 */
export function DuneQueryFields({ query, onChange, onRunQuery, defaultQueryId }: DuneQueryFieldsProps) {
  const [text, setText] = useState(query.duneQueryId === undefined ? '' : String(query.duneQueryId));
  const commit = () => {
    const id = parseDuneQueryId(text);
    if (id !== query.duneQueryId) {
      onChange({ ...query, duneQueryId: id });
      onRunQuery();
    }
  };
  const invalid = text.trim() !== '' && parseDuneQueryId(text) === undefined;
  return (
    <>
      <InlineFieldRow>
        <InlineField
          label="Dune query"
          labelWidth={10}
          invalid={invalid}
          error={invalid ? 'The number in the query’s dune.com URL' : undefined}
          tooltip="The saved query's id (the number in its dune.com URL); its latest result is shown as a table"
        >
          <Input
            id="pmm-dune-query"
            aria-label="Dune query id"
            type="number"
            width={20}
            placeholder={defaultQueryId === undefined ? 'query id' : `${defaultQueryId} (default)`}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            onBlur={commit}
          />
        </InlineField>
      </InlineFieldRow>
      {query.duneQueryId === undefined && defaultQueryId === undefined && (
        <Text color="warning" element="p">
          No Dune query: enter its id, or set a default Dune query id in the data source settings.
        </Text>
      )}
    </>
  );
}
