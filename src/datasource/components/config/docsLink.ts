import { config } from '@grafana/runtime';

import pluginJson from '../../../plugin.json';

/**
 * The set-up guide: the app's page in Grafana's plugin catalog, which shows the plugin's README
 * (src/README.md: requirements, set-up, what each setting is for). Inside the Grafana the editor is
 * open in, so it works offline and under a sub-path.
 */
export function docsLink(): string {
  return `${config.appSubUrl}/plugins/${pluginJson.id}`;
}
