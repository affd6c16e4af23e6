import { checkOverridesText } from './ConfigEditor';

describe('band overrides as typed in the config editor', () => {
  it('empty text means no overrides', () => {
    expect(checkOverridesText('  ')).toEqual({ overrides: {}, problems: [] });
  });

  it('valid JSON with valid edges is accepted', () => {
    const result = checkOverridesText('{"uptime": {"edges": [97, 99]}}');
    expect(result.problems).toEqual([]);
    expect(result.overrides).toEqual({ uptime: { edges: [97, 99] } });
  });

  it('broken JSON, a non-object and a wrong KPI each say what is wrong', () => {
    expect(checkOverridesText('{"uptime": ').problems[0]).toMatch(/^Not valid JSON/);
    expect(checkOverridesText('[1, 2]').problems[0]).toMatch(/Expected an object keyed by KPI id/);
    expect(checkOverridesText('{"uptim": {"edges": [1, 2]}}').problems[0]).toMatch(/"uptim" names no KPI/);
  });
});
