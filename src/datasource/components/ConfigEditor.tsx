import React, { useMemo } from 'react';
import type { DataSourcePluginOptionsEditorProps } from '@grafana/data';

import { backendSrvResources } from '../resources/backendSrvResources';
import type { PmmDataSourceOptions, PmmSecureJsonData } from '../types';
import { ConfigEditorView } from './config/ConfigEditorView';

type Props = DataSourcePluginOptionsEditorProps<PmmDataSourceOptions, PmmSecureJsonData>;

/** Grafana's entry point: the view, with resources asked of this data source's backend. */
export function ConfigEditor({ options, onOptionsChange }: Props) {
  const resources = useMemo(() => backendSrvResources(options.uid), [options.uid]);
  return <ConfigEditorView options={options} onOptionsChange={onOptionsChange} resources={resources} />;
}
