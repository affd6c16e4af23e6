import React, { useMemo } from 'react';
import { Divider, Stack, Text } from '@grafana/ui';

import type { ResourceClient } from '../../resources/types';
import { AlertRulesSection } from './AlertRulesSection';
import { AssetsSection } from './AssetsSection';
import { EndpointsSection } from './EndpointsSection';
import { NodesSection } from './NodesSection';
import { problemsOf, type PmmOptions } from './settingsEdit';
import { TargetsSection } from './TargetsSection';
import { VenuesSection } from './VenuesSection';
import { WalletsSection } from './WalletsSection';

export interface ConfigEditorViewProps {
  options: PmmOptions;
  onOptionsChange: (options: PmmOptions) => void;
  /** The backend's resources (token metadata); injected so tests and scenes need no Grafana server. */
  resources: ResourceClient;
}

/**
 * The whole configuration, section by section, validated as the user types with the same rules the
 * backend loads the settings with (src/core/settings/load.ts). Save & test is Grafana's own button: it
 * saves, then runs the backend's health check, which reports each source.
 */
export function ConfigEditorView({ options, onOptionsChange, resources }: ConfigEditorViewProps) {
  const problems = useMemo(() => problemsOf(options.jsonData), [options.jsonData]);
  const sections = { options, onOptionsChange, problems };
  return (
    <Stack direction="column" gap={2}>
      <Text color="secondary" element="p">
        Keys are kept encrypted by Grafana and read only by the plugin&apos;s backend. Save &amp; test checks every
        node, contract and endpoint below.
      </Text>
      <NodesSection {...sections} />
      <Divider />
      <WalletsSection {...sections} />
      <Divider />
      <AssetsSection {...sections} resources={resources} />
      <Divider />
      <VenuesSection {...sections} />
      <Divider />
      <EndpointsSection {...sections} />
      <Divider />
      <TargetsSection options={options} onOptionsChange={onOptionsChange} />
      <Divider />
      <AlertRulesSection options={options} />
    </Stack>
  );
}
