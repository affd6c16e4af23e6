import { SOURCE_IDS } from './catalogue/types';
import { faultOfSource, PmmError } from './errors';

describe('PmmError', () => {
  it('keeps the problem, the fix and the source apart, and the message reads as before', () => {
    const error = new PmmError('quote-log', 'HTTP 503', { fix: 'check the quote log URL' });
    expect(error.message).toBe('quote-log: HTTP 503 (check the quote log URL)');
    expect(error).toMatchObject({ source: 'quote-log', problem: 'HTTP 503', fix: 'check the quote log URL' });
    expect(new PmmError('engine', 'no formula').message).toBe('engine: no formula');
  });

  it("takes its fault from its source: the world's sources are downstream, the query and settings the user's", () => {
    for (const id of SOURCE_IDS) {
      expect(new PmmError(id, 'x').fault).toBe('downstream');
    }
    expect(new PmmError('blockAtTime', 'x').fault).toBe('downstream');
    expect(new PmmError('timeout', 'x').fault).toBe('downstream');
    expect(new PmmError('query', 'x').fault).toBe('user');
    expect(new PmmError('settings', 'x').fault).toBe('user');
    expect(new PmmError('band overrides', 'x').fault).toBe('user');
    expect(new PmmError('engine', 'x').fault).toBe('plugin');
    expect(new PmmError('anvil', 'x').fault).toBe('plugin');
  });

  it('keeps the node of an RPC source in the source, and its id apart', () => {
    const error = new PmmError('rpc:alchemy', 'eth_call failed');
    expect(error.source).toBe('rpc:alchemy');
    expect(error.sourceId).toBe('rpc');
    expect(error.fault).toBe('downstream');
    expect(faultOfSource('rpc:a,b')).toBe('downstream');
  });

  it('lets the place that makes the error say whose fault it is, and what kind it is', () => {
    const error = new PmmError('rpc', 'no RPC node is configured', { fault: 'user' });
    expect(error.fault).toBe('user');
    expect(error.kind).toBeUndefined();
    expect(new PmmError('blockAtTime', 'too early', { kind: 'before-first-block' }).kind).toBe('before-first-block');
  });

  it('keeps its cause', () => {
    const cause = new Error('socket hang up');
    expect(new PmmError('dune', 'request failed', { cause }).cause).toBe(cause);
  });
});
