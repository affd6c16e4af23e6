#!/usr/bin/env node
// The CLI is TypeScript that shares the catalogue with the frontend; tsx runs it without a build step,
// so `npx pmm-monitor` works straight after `npm ci`.
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('./main.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2), { out: process.stdout, err: process.stderr });
