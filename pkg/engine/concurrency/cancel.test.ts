import { BaseError } from 'viem';

import { PmmError } from '../../../src/core/errors';
import { isCancelled, queryCancelled, throwIfCancelled } from './cancel';

describe('a query cancellation', () => {
  it('is a PmmError of kind cancelled, found under the errors that wrap it', () => {
    const cancelled = queryCancelled();
    expect(cancelled).toMatchObject({ source: 'cancelled', kind: 'cancelled', fault: 'downstream' });
    const wrapped = new PmmError('rpc:main', 'eth_call failed', { cause: new BaseError('call', { cause: cancelled }) });
    expect(isCancelled(wrapped)).toBe(true);
    expect(isCancelled(new PmmError('rpc', 'node down', { cause: new Error('ECONNREFUSED') }))).toBe(false);
    expect(isCancelled('cancelled')).toBe(false);
  });

  it('is thrown once the signal aborted, never without a signal', () => {
    const controller = new AbortController();
    expect(() => throwIfCancelled(controller.signal)).not.toThrow();
    expect(() => throwIfCancelled(undefined)).not.toThrow();
    controller.abort();
    expect(() => throwIfCancelled(controller.signal)).toThrow(expect.objectContaining({ kind: 'cancelled' }));
  });
});
