/** Frames as Grafana's Go reader takes them: one Arrow IPC file each, metadata as JSON strings, ns time. */
import { tableFromIPC } from 'apache-arrow';

import { frameToArrow } from './arrow';
import type { Frame } from './frame';

const frame: Frame = {
  name: 'uptime',
  refId: 'A',
  meta: { type: 'timeseries-multi', typeVersion: [0, 1], notices: [{ severity: 'info', text: 'note' }] },
  fields: [
    { type: 'time', name: 'time', values: [1_700_000_000_000, 1_700_000_060_000] },
    {
      type: 'number',
      name: 'uptime',
      labels: { kpi: 'uptime', area: 'uptime' },
      config: { unit: 'percent', thresholds: { mode: 'absolute', steps: [{ value: null, color: 'red' }] } },
      values: [99.5, null],
    },
    { type: 'string', name: 'note', values: ['a', 'b'] },
  ],
};

describe('frameToArrow', () => {
  it('writes an Arrow IPC file with the frame and field metadata Grafana reads', () => {
    const bytes = frameToArrow(frame);
    expect(Buffer.from(bytes.subarray(0, 6)).toString('latin1')).toBe('ARROW1');
    const table = tableFromIPC(bytes);
    expect(Object.fromEntries(table.schema.metadata)).toEqual({
      name: 'uptime',
      refId: 'A',
      meta: JSON.stringify(frame.meta),
    });
    const [time, value, note] = table.schema.fields;
    expect(Object.fromEntries(value.metadata)).toEqual({
      name: 'uptime',
      labels: '{"kpi":"uptime","area":"uptime"}',
      config: '{"unit":"percent","thresholds":{"mode":"absolute","steps":[{"value":null,"color":"red"}]}}',
    });
    expect(Object.fromEntries(time.metadata)).toEqual({ name: 'time' });
    expect(String(note.type)).toBe('Utf8');
    expect(table.getChild('note')!.toArray()).toEqual(['a', 'b']);
  });

  it('writes time as nanoseconds without a time zone, and nullable only where a value is null', () => {
    const table = tableFromIPC(frameToArrow(frame));
    const [time, value, note] = table.schema.fields;
    expect(String(time.type)).toBe('Timestamp<NANOSECOND>');
    expect((time.type as unknown as { timezone: string | null }).timezone).toBeNull();
    expect(Array.from(table.getChild('time')!.data[0].values as BigInt64Array)).toEqual([
      1_700_000_000_000_000_000n,
      1_700_000_060_000_000_000n,
    ]);
    expect([time.nullable, value.nullable, note.nullable]).toEqual([false, true, false]);
    expect([table.getChild('uptime')!.get(0), table.getChild('uptime')!.get(1)]).toEqual([99.5, null]);

    const full = tableFromIPC(frameToArrow({ name: 'x', fields: [{ type: 'number', name: 'v', values: [1, 2] }] }));
    expect(full.schema.fields[0].nullable).toBe(false);
  });

  it('writes an empty frame, and refuses fields of different lengths', () => {
    const empty = tableFromIPC(frameToArrow({ name: 'e', fields: [{ type: 'number', name: 'v', values: [] }] }));
    expect(empty.numRows).toBe(0);
    expect(empty.schema.fields.map((f) => f.name)).toEqual(['v']);
    expect(() =>
      frameToArrow({
        name: 'bad',
        fields: [
          { type: 'time', name: 'time', values: [1] },
          { type: 'number', name: 'v', values: [] },
        ],
      })
    ).toThrow('fields of different lengths');
  });
});
