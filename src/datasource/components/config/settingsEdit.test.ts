import demoSettings from '../../../../pkg/demo/demo-settings.json';
import type { PmmDataSourceOptions } from '../../types';
import {
  keyInUrlProblem,
  optionalNumber,
  optionalText,
  problemAt,
  problemsOf,
  renameNodeSecret,
  withSecretReset,
  type PmmOptions,
} from './settingsEdit';

// WETH on Ethereum, checksummed, written out by hand; the typo flips the case of one letter.
const WETH = '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2';
const WETH_TYPO = '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756cc2';

function optionsWith(jsonData: PmmDataSourceOptions, secure: Record<string, boolean> = {}): PmmOptions {
  return { jsonData, secureJsonFields: secure, secureJsonData: {} } as unknown as PmmOptions;
}

describe('config editor: settings and their problems', () => {
  it('the shipped demo settings have no problem, so the editor opens them clean', () => {
    expect([...problemsOf(demoSettings as PmmDataSourceOptions).entries()]).toEqual([]);
  });

  it('a new data source says what it needs first', () => {
    const problems = problemsOf({});
    expect(problemAt(problems, 'nodes')).toMatch(/add at least one Ethereum JSON-RPC node/);
    expect(problemAt(problems, 'wallets')).toMatch(/add the maker wallet/);
  });

  it('a checksum typo is named at its field with the right address', () => {
    const problems = problemsOf({
      ...(demoSettings as PmmDataSourceOptions),
      assets: [{ symbol: 'WETH', address: WETH_TYPO, coingeckoId: 'weth' }],
    });
    expect(problemAt(problems, 'assets[0].address')).toBe(`checksum mismatch: did you mean ${WETH}?`);
  });

  it('a URL typo is named at its field', () => {
    const problems = problemsOf({
      ...(demoSettings as PmmDataSourceOptions),
      endpoints: { quoteLogUrl: 'htps//mm.example/quote-log' },
      explorerUrl: 'etherscan.io',
    });
    expect(problemAt(problems, 'endpoints.quoteLogUrl')).toBe('not a URL');
    expect(problemAt(problems, 'explorerUrl')).toBe('not a URL');
  });

  it('settings of the wrong type (written by the API or a file, not the editor) are named at their field, not a crash', () => {
    const jsonData = { ...demoSettings, nodes: [{ name: 7, url: 'http://127.0.0.1:8545' }] };
    const problems = problemsOf(jsonData as unknown as PmmDataSourceOptions);
    expect(problemAt(problems, 'nodes[0].name')).toBe('must be a string, not a number');
  });

  it('a key left in a node URL is flagged, a plain URL is not', () => {
    expect(keyInUrlProblem('https://eth-mainnet.g.alchemy.com/v2/abcDEF123456ghiJKL789012mno')).toMatch(/Key field/);
    expect(keyInUrlProblem('https://user:secret@node.example/')).toMatch(/Key field/);
    expect(keyInUrlProblem('https://eth-mainnet.g.alchemy.com/v2')).toBeUndefined();
    expect(keyInUrlProblem('https://mainnet.infura.io/v3/{key}')).toBeUndefined();
  });

  it('empty inputs unset optional keys', () => {
    expect(optionalText('  ')).toBeUndefined();
    expect(optionalText(' ethereum ')).toBe('ethereum');
    expect(optionalNumber('')).toBeUndefined();
    expect(optionalNumber('50')).toBe(50);
    expect(optionalNumber('5x')).toBeUndefined();
  });
});

describe('config editor: secure fields', () => {
  it('reset clears the configured flag and saves an empty value', () => {
    const next = withSecretReset(optionsWith({}, { duneKey: true }), 'duneKey');
    expect(next.secureJsonFields.duneKey).toBe(false);
    expect(next.secureJsonData?.duneKey).toBe('');
  });

  it('renaming a node drops its saved key (it cannot be read back) and moves a typed one', () => {
    const saved = renameNodeSecret(optionsWith({}, { 'nodeKey:alchemy': true }), 'alchemy', 'alchemy-2');
    expect(saved.secureJsonFields['nodeKey:alchemy']).toBe(false);
    expect(saved.secureJsonData?.['nodeKey:alchemy-2']).toBeUndefined();

    const typed = { ...optionsWith({}), secureJsonData: { 'nodeKey:a': 'k1' } };
    const moved = renameNodeSecret(typed, 'a', 'b');
    expect(moved.secureJsonData).toEqual({ 'nodeKey:b': 'k1' });
  });
});
