/**
 * Compiles Solidity offline with solc-js (the `solc` package, pinned to 0.8.30: the 1inch limit-order
 * protocol pins that exact pragma). Outputs are cached by a hash of the compiler version and the full
 * standard-JSON input, so a restart of the demo world reuses them and any source change recompiles.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { PmmError } from '../../../src/core/errors';

export interface CompiledContract {
  abi: readonly unknown[];
  bytecode: `0x${string}`;
  deployedBytecode: `0x${string}`;
  linkReferences: LinkReferences;
}
export type LinkReferences = Record<string, Record<string, Array<{ start: number; length: number }>>>;

export interface CompileRequest {
  /** Source unit name → Solidity source. */
  sources: Record<string, string>;
  viaIR?: boolean;
  optimizerRuns?: number;
  /** Folders searched, in order, for imports such as "@openzeppelin/contracts/…". */
  importRoots?: string[];
  /** Where compiled outputs are cached (default: <repo>/.cache/solc). */
  cacheDir?: string;
}

export type CompiledSources = Record<string, Record<string, CompiledContract>>;

const REPO_ROOT = path.resolve(__dirname, '../../..');
const SOURCE = 'solc';

interface SolcOutput {
  errors?: Array<{ severity: string; formattedMessage: string }>;
  contracts?: Record<
    string,
    Record<
      string,
      {
        abi: unknown[];
        evm: { bytecode: { object: string; linkReferences: LinkReferences }; deployedBytecode: { object: string } };
      }
    >
  >;
}

interface Solc {
  version(): string;
  compile(input: string, callbacks: { import: (p: string) => { contents: string } | { error: string } }): string;
}

export function defaultCacheDir(): string {
  return process.env.PMM_CACHE_DIR
    ? path.join(process.env.PMM_CACHE_DIR, 'solc')
    : path.join(REPO_ROOT, '.cache', 'solc');
}

function findImport(importRoots: readonly string[], importPath: string): { contents: string } | { error: string } {
  for (const root of importRoots) {
    const candidate = path.join(root, importPath);
    if (existsSync(candidate)) {
      return { contents: readFileSync(candidate, 'utf8') };
    }
  }
  return { error: `not found in ${importRoots.join(', ')}` };
}

export function compileSolidity(request: CompileRequest): CompiledSources {
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(Object.entries(request.sources).map(([name, content]) => [name, { content }])),
    settings: {
      evmVersion: 'cancun',
      viaIR: request.viaIR ?? false,
      optimizer: { enabled: true, runs: request.optimizerRuns ?? 200 },
      outputSelection: {
        '*': { '*': ['abi', 'evm.bytecode.object', 'evm.bytecode.linkReferences', 'evm.deployedBytecode.object'] },
      },
    },
  };
  const inputJson = JSON.stringify(input);
  const cacheDir = request.cacheDir ?? defaultCacheDir();
  // The package version keys the cache, so a cache hit never pays for loading solc's wasm (~0.7 s).
  const solcVersion = (require('solc/package.json') as { version: string }).version;
  const key = createHash('sha256').update(solcVersion).update(inputJson).digest('hex').slice(0, 32);
  const cacheFile = path.join(cacheDir, `${key}.json`);
  if (existsSync(cacheFile)) {
    return JSON.parse(readFileSync(cacheFile, 'utf8')) as CompiledSources;
  }

  const solc = require('solc') as Solc;
  const importRoots = request.importRoots ?? [path.join(REPO_ROOT, 'node_modules')];
  const output = JSON.parse(solc.compile(inputJson, { import: (p) => findImport(importRoots, p) })) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) {
    throw new PmmError(SOURCE, `compilation failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`, {
      fix: 'fix the Solidity source named above',
    });
  }
  const compiled: CompiledSources = {};
  for (const [file, contracts] of Object.entries(output.contracts ?? {})) {
    compiled[file] = {};
    for (const [name, contract] of Object.entries(contracts)) {
      compiled[file][name] = {
        abi: contract.abi,
        bytecode: `0x${contract.evm.bytecode.object}`,
        deployedBytecode: `0x${contract.evm.deployedBytecode.object}`,
        linkReferences: contract.evm.bytecode.linkReferences,
      };
    }
  }
  mkdirSync(cacheDir, { recursive: true });
  // Write then rename, so a compile interrupted half-way never leaves a truncated cache entry.
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(compiled));
  renameSync(tmp, cacheFile);
  return compiled;
}

/** Reads one of our own .sol files (pkg/demo/contracts/sol) as a source unit. */
export function ownSource(fileName: string): Record<string, string> {
  return { [fileName]: readFileSync(path.join(__dirname, 'sol', fileName), 'utf8') };
}
