import { PmmError } from '../../../src/core/errors';
import { errorResponse, errorSourceOf, sourceOf, statusOf } from './errors';
import { reasonOf } from './health/types';

describe('a failure as Grafana wants it', () => {
  it('answers a query the user must fix with 400, downstream (the SDK maps 400 so)', () => {
    const error = new PmmError('query', 'the query is not JSON', { fix: 'edit the query' });
    expect(errorResponse(error)).toEqual({
      frames: [],
      error: 'query: the query is not JSON (edit the query)',
      errorSource: 'downstream',
      status: 400,
    });
  });

  it('answers a failed source with 502, downstream, and labels it by its id without the node', () => {
    const error = new PmmError('rpc:alchemy', 'eth_call failed');
    expect([statusOf(error), errorSourceOf(error), sourceOf(error)]).toEqual([502, 'downstream', 'rpc']);
  });

  it('answers our own failure, or anything not a PmmError, with 500, plugin', () => {
    expect([statusOf(new PmmError('engine', 'no formula')), errorSourceOf(new PmmError('engine', 'x'))]).toEqual([
      500,
      'plugin',
    ]);
    const bug = new TypeError('x is undefined');
    expect([statusOf(bug), errorSourceOf(bug), sourceOf(bug)]).toEqual([500, 'plugin', 'plugin']);
  });

  it('follows a fault set where the error was made, whatever its source', () => {
    const error = new PmmError('rpc', 'no RPC node is configured', { fault: 'user' });
    expect([statusOf(error), errorSourceOf(error)]).toEqual([400, 'downstream']);
  });
});

describe('reasonOf (a health line)', () => {
  it('reads the problem and the fix from the error, not from its message', () => {
    const error = new PmmError('rpc:main', 'timed out (retry)', { fix: 'retry' });
    expect(reasonOf(error)).toEqual({ message: 'timed out (retry)', fix: 'retry' });
    expect(reasonOf(new Error('plain'))).toEqual({ message: 'plain' });
    expect(reasonOf('text')).toEqual({ message: 'text' });
  });
});
