import React from 'react';
import { Button, InlineField, InlineFieldRow, InlineSwitch, Input, SecretInput, Stack, Text } from '@grafana/ui';

import type { NodeSettings } from '../../../core/settings/types';
import { LABEL_WIDTH, type SectionProps } from './sectionProps';
import {
  isSecretConfigured,
  nodeKeyName,
  optionalNumber,
  patchJson,
  problemAt,
  removeAt,
  renameNodeSecret,
  replaceAt,
  withSecret,
  withSecretReset,
} from './settingsEdit';

/** Ethereum JSON-RPC nodes: URL in jsonData, key encrypted as `nodeKey:<name>`; one is the sync reference. */
export function NodesSection({ options, onOptionsChange, problems }: SectionProps) {
  const nodes = options.jsonData.nodes ?? [];
  const setNodes = (next: NodeSettings[], base = options) => onOptionsChange(patchJson(base, { nodes: next }));
  const update = (i: number, patch: Partial<NodeSettings>) => setNodes(replaceAt(nodes, i, { ...nodes[i], ...patch }));
  const rename = (i: number, name: string) =>
    setNodes(replaceAt(nodes, i, { ...nodes[i], name }), renameNodeSecret(options, nodes[i].name, name));
  // Exactly one reference: marking one clears the others.
  const markReference = (i: number, on: boolean) =>
    setNodes(nodes.map((node, j) => ({ ...node, reference: j === i ? on : on ? false : node.reference })));
  const listProblem = problemAt(problems, 'nodes');

  return (
    <>
      <Text color="secondary" element="p">
        Every node is probed for uptime and latency; the reference node is the one the others&apos; sync is measured
        against, and the one read first.
      </Text>
      {nodes.map((node, i) => {
        const keyName = nodeKeyName(node.name);
        return (
          <Stack key={i} direction="column" gap={0} data-testid={`node-${i}`}>
            <InlineFieldRow>
              <InlineField
                label="Name"
                labelWidth={LABEL_WIDTH}
                invalid={Boolean(problemAt(problems, `nodes[${i}].name`))}
                error={problemAt(problems, `nodes[${i}].name`)}
              >
                <Input
                  aria-label={`Node ${i + 1} name`}
                  width={20}
                  value={node.name}
                  onChange={(e) => rename(i, e.currentTarget.value)}
                />
              </InlineField>
              <InlineField label="Reference" tooltip="The node the others' head is compared with">
                <InlineSwitch
                  aria-label={`Node ${i + 1} is the reference`}
                  value={Boolean(node.reference)}
                  onChange={(e) => markReference(i, e.currentTarget.checked)}
                />
              </InlineField>
              <Button
                variant="secondary"
                fill="text"
                icon="trash-alt"
                aria-label={`Remove node ${i + 1}`}
                onClick={() => setNodes(removeAt(nodes, i))}
              />
            </InlineFieldRow>
            <InlineField
              label="URL"
              labelWidth={LABEL_WIDTH}
              tooltip="JSON-RPC over http(s) or ws(s), without its key; write {key} where the key goes, or it is appended as the last path segment"
              invalid={Boolean(problemAt(problems, `nodes[${i}].url`))}
              error={problemAt(problems, `nodes[${i}].url`)}
            >
              <Input
                aria-label={`Node ${i + 1} URL`}
                width={60}
                placeholder="https://eth-mainnet.g.alchemy.com/v2"
                value={node.url}
                onChange={(e) => update(i, { url: e.currentTarget.value.trim() })}
              />
            </InlineField>
            <InlineFieldRow>
              <InlineField label="Key" labelWidth={LABEL_WIDTH} tooltip="Kept encrypted; only the backend reads it">
                <SecretInput
                  aria-label={`Node ${i + 1} key`}
                  width={40}
                  isConfigured={isSecretConfigured(options, keyName)}
                  value={options.secureJsonData?.[keyName] ?? ''}
                  onChange={(e) => onOptionsChange(withSecret(options, keyName, e.currentTarget.value))}
                  onReset={() => onOptionsChange(withSecretReset(options, keyName))}
                />
              </InlineField>
              <InlineField
                label="Batch size"
                tooltip="Largest JSON-RPC batch the provider accepts (Alchemy 1,000 over HTTP, Moralis 20)"
                invalid={Boolean(problemAt(problems, `nodes[${i}].batchSize`))}
                error={problemAt(problems, `nodes[${i}].batchSize`)}
              >
                <Input
                  aria-label={`Node ${i + 1} batch size`}
                  type="number"
                  width={12}
                  value={node.batchSize ?? ''}
                  onChange={(e) => update(i, { batchSize: optionalNumber(e.currentTarget.value) })}
                />
              </InlineField>
            </InlineFieldRow>
          </Stack>
        );
      })}
      {listProblem && (
        <Text color="error" element="p" data-testid="nodes-problem">
          {listProblem}
        </Text>
      )}
      <Button
        variant="secondary"
        icon="plus"
        onClick={() =>
          setNodes([...nodes, { name: `node-${nodes.length + 1}`, url: '', reference: nodes.length === 0 }])
        }
      >
        Add node
      </Button>
    </>
  );
}
