import React, { useState } from 'react';
import type { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Alert, Field, FieldSet, TextArea } from '@grafana/ui';

import { KPIS, validateOverrides, type BandOverrides } from '../../catalogue';
import type { PmmDataSourceOptions } from '../types';

type Props = DataSourcePluginOptionsEditorProps<PmmDataSourceOptions>;

/** Parses and checks the overrides as the user types; returns the problems, one per line. */
export function checkOverridesText(text: string): { overrides?: BandOverrides; problems: string[] } {
  if (text.trim() === '') {
    return { overrides: {}, problems: [] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { problems: [`Not valid JSON: ${(error as Error).message}`] };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { problems: ['Expected an object keyed by KPI id, e.g. {"uptime": {"edges": [97, 99]}}'] };
  }
  const overrides = parsed as BandOverrides;
  return { overrides, problems: validateOverrides(KPIS, overrides).map((error) => error.message) };
}

export function ConfigEditor({ options, onOptionsChange }: Props) {
  const saved = options.jsonData.bandOverrides;
  const [text, setText] = useState(saved && Object.keys(saved).length > 0 ? JSON.stringify(saved, null, 2) : '');
  const { problems } = checkOverridesText(text);

  const onChange = (next: string) => {
    setText(next);
    const result = checkOverridesText(next);
    if (result.overrides && result.problems.length === 0) {
      onOptionsChange({ ...options, jsonData: { ...options.jsonData, bandOverrides: result.overrides } });
    }
  };

  return (
    <>
      <Alert severity="info" title="Nodes, wallets, assets and venues">
        Their settings arrive with the plugin backend; this version stores the KPI band overrides only.
      </Alert>
      <FieldSet label="Targets">
        <Field
          label="Band overrides"
          description='Replace a KPI&apos;s band edges without a code change: {"uptime": {"edges": [97, 99]}}, or per asset {"net_delta:WETH": {"edges": [-8, -3, 3, 8]}}. `pmm-monitor catalogue` lists the current edges.'
          invalid={problems.length > 0}
          error={problems.join('\n')}
        >
          <TextArea
            aria-label="Band overrides"
            rows={6}
            value={text}
            placeholder="{}"
            onChange={(event) => onChange(event.currentTarget.value)}
          />
        </Field>
      </FieldSet>
    </>
  );
}
