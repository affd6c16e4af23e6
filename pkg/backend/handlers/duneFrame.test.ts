/** Dune's rows to one typed table frame, on hand-made results. */
import type { DuneRow } from '../../engine';
import { duneFrame, duneTimeMs } from './duneFrame';

const result = (columns: Array<{ name: string; type: string | undefined }>, rows: DuneRow[]) => ({
  executionId: '01X',
  executionEndedAt: undefined,
  columns,
  rows,
});

describe('duneFrame', () => {
  it("types columns from Dune's types: numbers, times, and text for the rest (uint256 too, which a double would round)", () => {
    const frame = duneFrame(
      'A',
      7,
      result(
        [
          { name: 'block_time', type: 'timestamp(3) with time zone' },
          { name: 'day', type: 'date' },
          { name: 'amount', type: 'double' },
          { name: 'n', type: 'bigint' },
          { name: 'raw', type: 'uint256' },
          { name: 'ok', type: 'boolean' },
          { name: 'tags', type: 'array(varchar)' },
        ],
        [
          {
            block_time: '2024-03-01 12:30:00.250 UTC',
            day: '2024-03-01',
            amount: 1.5,
            n: 3,
            raw: '115792089237316195423570985008687907853269984665640564039457584007913129639935',
            ok: true,
            tags: ['a', 'b'],
          },
          {
            block_time: '2024-03-02T00:00:00Z',
            day: '2024-03-02',
            amount: null,
            n: '4',
            raw: '1',
            ok: false,
            tags: [],
          },
        ]
      )
    );
    expect(frame.fields.map((f) => [f.name, f.type, f.values])).toEqual([
      ['block_time', 'time', [Date.UTC(2024, 2, 1, 12, 30, 0, 250), Date.UTC(2024, 2, 2)]],
      ['day', 'time', [Date.UTC(2024, 2, 1), Date.UTC(2024, 2, 2)]],
      ['amount', 'number', [1.5, null]],
      ['n', 'number', [3, 4]],
      ['raw', 'string', ['115792089237316195423570985008687907853269984665640564039457584007913129639935', '1']],
      ['ok', 'string', ['true', 'false']],
      ['tags', 'string', ['["a","b"]', '[]']],
    ]);
    expect(frame.meta?.notices).toBeUndefined();
  });

  it('without types, a column of numbers is a number field and anything else text', () => {
    const frame = duneFrame(
      'A',
      7,
      result(
        [
          { name: 'x', type: undefined },
          { name: 'y', type: undefined },
        ],
        [
          { x: 1, y: 'a' },
          { x: null, y: 2 },
        ]
      )
    );
    expect(frame.fields.map((f) => [f.type, f.values])).toEqual([
      ['number', [1, null]],
      ['string', ['a', '2']],
    ]);
  });

  it('shows a column whose values do not fit its type as text, with a notice, losing no value', () => {
    const frame = duneFrame(
      'A',
      7,
      result([{ name: 't', type: 'timestamp(3)' }], [{ t: '2024-03-01 00:00:00.000 UTC' }, { t: null }])
    );
    expect(frame.fields[0]).toMatchObject({ type: 'string', values: ['2024-03-01 00:00:00.000 UTC', null] });
    expect(frame.meta?.notices).toEqual([
      { severity: 'warning', text: 'Dune column "t" (timestamp(3)): not every value is a time, shown as text' },
    ]);
  });

  it('says when the latest result has no rows', () => {
    const frame = duneFrame('A', 7, result([{ name: 'x', type: 'double' }], []));
    expect(frame.fields).toEqual([{ type: 'number', name: 'x', values: [] }]);
    expect(frame.meta?.notices).toEqual([{ severity: 'info', text: 'Dune query 7: its latest result has no rows' }]);
  });

  it("reads Dune's time text", () => {
    expect(duneTimeMs('2024-03-01 00:00:00.000 UTC')).toBe(Date.UTC(2024, 2, 1));
    expect(duneTimeMs('2024-03-01')).toBe(Date.UTC(2024, 2, 1));
    expect(duneTimeMs('yesterday')).toBeUndefined();
    expect(duneTimeMs(5)).toBeUndefined();
  });
});
