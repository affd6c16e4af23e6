import React, { useMemo } from 'react';
import { config } from '@grafana/runtime';
import { Button, ClipboardButton, Stack, Text } from '@grafana/ui';

import { alertRulesFileName, alertRulesText } from './alertRulesText';
import type { PmmOptions } from './settingsEdit';

/**
 * The data source's alert rules to copy or download, as `pmm-monitor alerts` writes them: they read the
 * bands from the data source when evaluated, so only a change of assets calls for a new copy.
 */
export function AlertRulesSection({ options }: { options: PmmOptions }) {
  // root_url as Grafana is configured, which is what its alert notifications link from too.
  const grafanaUrl = (config.appUrl || `${window.location.origin}/`).replace(/\/+$/, '');
  const yaml = useMemo(() => alertRulesText(options, grafanaUrl), [options, grafanaUrl]);

  const download = () => {
    if (!yaml) {
      return;
    }
    const url = URL.createObjectURL(new Blob([yaml], { type: 'application/yaml' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = alertRulesFileName(options.uid);
    link.click();
    URL.revokeObjectURL(url);
  };

  return (
    <>
      <Text color="secondary" element="p">
        Grafana alert rules for this data source (provisioning YAML for provisioning/alerting/): a warning and a
        critical rule per KPI, one alert instance per asset, venue or node, judged under this data source&apos;s targets
        when evaluated. The same as `pmm-monitor alerts` writes.
      </Text>
      {yaml ? (
        <Stack direction="row" gap={1}>
          <ClipboardButton icon="copy" variant="secondary" getText={() => yaml}>
            Copy rules
          </ClipboardButton>
          <Button icon="download-alt" variant="secondary" onClick={download}>
            Download {alertRulesFileName(options.uid)}
          </Button>
        </Stack>
      ) : (
        <Text color="secondary">Save the data source first: the rules name its uid.</Text>
      )}
    </>
  );
}
