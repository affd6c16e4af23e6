import {
  encodeAbiParameters,
  encodeFunctionData,
  erc20Abi,
  getAbiItem,
  multicall3Abi,
  type Address,
  type Hex,
} from 'viem';

import { decodeAggregate3, encodeAggregate3 } from './aggregate3';

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const hexOf = (random: () => number, bytes: number): Hex =>
  `0x${Array.from({ length: bytes }, () =>
    Math.floor(random() * 256)
      .toString(16)
      .padStart(2, '0')
  ).join('')}`;

const aggregate3Outputs = getAbiItem({ abi: multicall3Abi, name: 'aggregate3' }).outputs;

describe('aggregate3 codec (checked against viem’s generic ABI codec)', () => {
  it('encodes the calldata viem encodes, for calls of every length', () => {
    const random = seeded(3);
    for (let round = 0; round < 50; round++) {
      const calls = Array.from({ length: Math.floor(random() * 6) }, () => ({
        target: hexOf(random, 20) as Address,
        allowFailure: true,
        // 0 to 99 bytes: empty, shorter than a word, whole words and ragged ends.
        callData: hexOf(random, Math.floor(random() * 100)),
      }));
      expect(encodeAggregate3(calls)).toBe(
        encodeFunctionData({ abi: multicall3Abi, functionName: 'aggregate3', args: [calls] })
      );
    }
    const holder = '0x00000000000000000000000000000000000000aa';
    const balanceOf = encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [holder] });
    const calls = [
      { target: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48' as Address, allowFailure: true, callData: balanceOf },
    ];
    expect(encodeAggregate3(calls)).toBe(
      encodeFunctionData({ abi: multicall3Abi, functionName: 'aggregate3', args: [calls] })
    );
  });

  it('reads back what viem encodes as aggregate3’s answer, and refuses what is not laid out as one', () => {
    const random = seeded(5);
    for (let round = 0; round < 50; round++) {
      const results = Array.from({ length: Math.floor(random() * 6) }, () => ({
        success: random() < 0.7,
        returnData: hexOf(random, Math.floor(random() * 100)),
      }));
      const data = encodeAbiParameters(aggregate3Outputs, [results]);
      expect(decodeAggregate3(data, results.length)).toEqual(results);
      // Another count than asked for, or a body cut short: not read here.
      expect(decodeAggregate3(data, results.length + 1)).toBeUndefined();
      if (results.some((r) => r.returnData.length > 2)) {
        expect(decodeAggregate3(data.slice(0, -64) as Hex, results.length)).toBeUndefined();
      }
    }
    expect(decodeAggregate3('0x', 1)).toBeUndefined();
  });
});
