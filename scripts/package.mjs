#!/usr/bin/env node
// `npm run package`: the plugin archive in Grafana's layout, then the offline validator checks on it.
// The work is TypeScript (pkg/provisioning/package/), run through tsx like the CLI, so it is typed and tested.
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('../pkg/provisioning/package/main.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));
