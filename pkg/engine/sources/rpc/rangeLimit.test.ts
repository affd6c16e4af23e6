import { HttpRequestError, InvalidRequestRpcError, RpcRequestError } from 'viem';

import { isRangeLimitError } from './rangeLimit';

const url = 'http://node';
const alchemy429 = {
  code: 429,
  message:
    'Your app has exceeded its compute units per second capacity. If you have retries enabled, you can safely ignore this message.',
};

describe('isRangeLimitError', () => {
  it("takes Alchemy's eth_getLogs refusal, in a batch entry or a whole HTTP 400, for a range refusal", () => {
    const said = {
      code: -32600,
      message:
        'You can make eth_getLogs requests with up to a 500 block range. Based on your parameters, this block range should work: [0x1, 0x1f4]',
    };
    expect(isRangeLimitError(new InvalidRequestRpcError(new RpcRequestError({ body: {}, error: said, url })))).toBe(
      true
    );
    expect(isRangeLimitError(new HttpRequestError({ status: 400, details: JSON.stringify(said), url }))).toBe(true);
  });

  it('does not take an HTTP 429 for one, though its words say "exceeded"', () => {
    expect(isRangeLimitError(new HttpRequestError({ status: 429, details: JSON.stringify(alchemy429), url }))).toBe(
      false
    );
  });
});
