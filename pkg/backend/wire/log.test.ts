import { createLogger, hclogTimestamp } from './log';
import { createRedactor, MASK } from './redactor';

describe('the log', () => {
  it('writes hclog JSON lines with a six-digit fraction and masks every registered secret', () => {
    const lines: string[] = [];
    const redactor = createRedactor();
    redactor.add('s3cr3t/key+value');
    const log = createLogger({
      redactor,
      level: 'info',
      write: (line) => lines.push(line),
      now: () => 1_700_000_000_123.456,
    });
    log.debug('hidden');
    log.warn('node said s3cr3t/key+value', { url: `https://x/${encodeURIComponent('s3cr3t/key+value')}`, n: 1 });
    expect(lines).toHaveLength(1);
    expect(lines[0].endsWith('\n')).toBe(true);
    expect(JSON.parse(lines[0])).toEqual({
      '@level': 'warn',
      '@message': `node said ${MASK}`,
      '@timestamp': '2023-11-14T22:13:20.123456Z',
      url: `https://x/${MASK}`,
      n: 1,
    });
  });

  it('formats timestamps as Go does with 2006-01-02T15:04:05.000000Z07:00 in UTC', () => {
    expect(hclogTimestamp(0)).toBe('1970-01-01T00:00:00.000000Z');
    expect(hclogTimestamp(1_700_000_000_999.75)).toBe('2023-11-14T22:13:20.999750Z');
  });

  it('leaves short values alone: masking "1" would garble every message', () => {
    const redactor = createRedactor();
    redactor.add('1');
    expect(redactor.scrub('block 1')).toBe('block 1');
  });
});
