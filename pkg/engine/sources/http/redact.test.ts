import { redactUrl } from './redact';

describe('redactUrl', () => {
  it('keeps scheme, host, port and path; drops userinfo, query and fragment', () => {
    expect(redactUrl('https://user:pw@api.example.com:8443/v3/simple/price?apiKey=k&ids=eth#frag')).toBe(
      'https://api.example.com:8443/v3/simple/price'
    );
  });

  it('masks key-like path segments (node providers put keys there) but not addresses', () => {
    expect(redactUrl('https://eth-mainnet.g.alchemy.com/v2/aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW')).toBe(
      'https://eth-mainnet.g.alchemy.com/v2/***'
    );
    const address = '0x' + 'ab12'.repeat(10);
    expect(redactUrl(`https://api.example.com/token/${address}/price`)).toBe(
      `https://api.example.com/token/${address}/price`
    );
    expect(redactUrl('https://api.example.com/coins/ethereum/market_chart')).toBe(
      'https://api.example.com/coins/ethereum/market_chart'
    );
  });

  it('never echoes an unparseable URL', () => {
    expect(redactUrl('not a url ?apiKey=SECRET')).toBe('(invalid URL)');
  });
});
