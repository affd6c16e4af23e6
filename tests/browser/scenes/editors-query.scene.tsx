/**
 * The query, annotation and variable editors, fed by the backend resources the real backend answered
 * on the demo world (fixtures), with the dashboard's $asset, $wallet and $kpi variables.
 */
import React, { useMemo, useState } from 'react';
import { Divider, Stack, Text } from '@grafana/ui';

import { AnnotationQueryEditorView } from '../../../src/datasource/annotations/AnnotationQueryEditor';
import { QueryEditorView } from '../../../src/datasource/components/query/QueryEditorView';
import { fixedResources } from '../../../src/datasource/resources/fixedResources';
import type { PmmQuery, PmmVariableQuery } from '../../../src/datasource/types';
import { VariableQueryEditor } from '../../../src/datasource/variables/VariableQueryEditor';
import type { SceneProps } from '../fixtures';

const VARIABLES = ['$asset', '$wallet', '$kpi'];

export default function Scene({ fixtures }: SceneProps) {
  const [query, setQuery] = useState<PmmQuery>({ refId: 'A', kpi: 'net_delta', mode: 'range' });
  const [annotation, setAnnotation] = useState<PmmQuery>({ refId: 'Anno', queryType: 'annotations' });
  const [variable, setVariable] = useState<PmmVariableQuery>({ refId: 'var', list: 'assets' });
  const resources = useMemo(
    () =>
      fixedResources({
        // The node list is names only, as the backend's nodes resource serves it.
        get: {
          ...fixtures.resources,
          nodes: { nodes: fixtures.settings.nodes.map((n) => ({ name: n.name, reference: Boolean(n.reference) })) },
        },
      }),
    [fixtures]
  );
  return (
    <div style={{ padding: 16, maxWidth: 1200, minHeight: 700 }}>
      <Stack direction="column" gap={2}>
        <Text element="h3">Query</Text>
        <QueryEditorView
          query={query}
          onChange={setQuery}
          onRunQuery={() => undefined}
          resources={resources}
          variables={VARIABLES}
        />
        <Text data-testid="query-json" color="secondary">
          {JSON.stringify(query)}
        </Text>
        <Divider />
        <Text element="h3">Annotations</Text>
        <AnnotationQueryEditorView query={annotation} onChange={setAnnotation} resources={resources} />
        <Divider />
        <Text element="h3">Variable</Text>
        <VariableQueryEditor query={variable} onChange={setVariable} />
      </Stack>
    </div>
  );
}
