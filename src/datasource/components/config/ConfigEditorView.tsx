import React, { useMemo, useState, type ReactNode } from 'react';
import { ConfigSection, DataSourceDescription } from '@grafana/plugin-ui';
import { Divider, Stack, Text } from '@grafana/ui';

import type { ResourceClient } from '../../resources/types';
import { AlertRulesSection } from './AlertRulesSection';
import { AssetsSection } from './AssetsSection';
import { docsLink } from './docsLink';
import { EndpointsSection } from './EndpointsSection';
import { NodesSection } from './NodesSection';
import { SectionDescription } from './SectionDescription';
import { initiallyOpenSections, problemCounts, type SectionId } from './sections';
import { problemsOf, type PmmOptions } from './settingsEdit';
import {
  assetsSummary,
  endpointsSummary,
  nodesSummary,
  targetsSummary,
  venuesSummary,
  walletsSummary,
} from './summaries';
import { TargetsSection } from './TargetsSection';
import { VenuesSection } from './VenuesSection';
import { WalletsSection } from './WalletsSection';

export interface ConfigEditorViewProps {
  options: PmmOptions;
  onOptionsChange: (options: PmmOptions) => void;
  /** The backend's resources (token metadata); injected so tests and scenes need no Grafana server. */
  resources: ResourceClient;
}

interface Section {
  id: SectionId;
  title: string;
  summary: string;
  content: ReactNode;
}

/**
 * The whole configuration in Grafana's collapsible config sections, validated as the user types with
 * the same rules the backend loads the settings with (src/core/settings/load.ts). Save & test is
 * Grafana's own button: it saves, then runs the backend's health check, which reports each source.
 */
export function ConfigEditorView({ options, onOptionsChange, resources }: ConfigEditorViewProps) {
  const json = options.jsonData;
  const problems = useMemo(() => problemsOf(json), [json]);
  const counts = problemCounts(problems);
  // Decided once, as the editor opens: from then on a section is open or closed as the user left it.
  const [open] = useState(() => initiallyOpenSections(json, problems));
  const props = { options, onOptionsChange, problems };

  const sections: Section[] = [
    { id: 'nodes', title: 'Ethereum nodes', summary: nodesSummary(json.nodes), content: <NodesSection {...props} /> },
    { id: 'wallets', title: 'Wallets', summary: walletsSummary(json.wallets), content: <WalletsSection {...props} /> },
    {
      id: 'assets',
      title: 'Assets',
      summary: assetsSummary(json.assets),
      content: <AssetsSection {...props} resources={resources} />,
    },
    { id: 'venues', title: 'Venues', summary: venuesSummary(json.venues), content: <VenuesSection {...props} /> },
    { id: 'endpoints', title: 'Endpoints', summary: endpointsSummary(json), content: <EndpointsSection {...props} /> },
    {
      id: 'targets',
      title: 'Targets',
      summary: targetsSummary(json.bandOverrides),
      content: <TargetsSection options={options} onOptionsChange={onOptionsChange} />,
    },
    {
      id: 'alertRules',
      title: 'Alert rules',
      summary: 'Grafana alert rules on this data source, to copy or download.',
      content: <AlertRulesSection options={options} />,
    },
  ];

  return (
    <Stack direction="column" gap={0}>
      <Stack direction="column" gap={1}>
        <DataSourceDescription dataSourceName="PMM Monitor" docsLink={docsLink()} hasRequiredFields={false} />
        <Text color="secondary" element="p">
          Keys are kept encrypted by Grafana and read only by the plugin&apos;s backend. Save &amp; test checks every
          node, contract and endpoint below.
        </Text>
      </Stack>
      {sections.map(({ id, title, summary, content }) => (
        <div key={id} data-testid={`section-${id}`}>
          <Divider spacing={3} />
          <ConfigSection
            title={title}
            description={<SectionDescription summary={summary} problems={counts[id]} />}
            isCollapsible
            isInitiallyOpen={open[id]}
          >
            {content}
          </ConfigSection>
        </div>
      ))}
    </Stack>
  );
}
