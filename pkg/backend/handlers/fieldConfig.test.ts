import { KPIS } from '../../../src/core/catalogue';
import { fieldConfigOf } from './fieldConfig';

describe('the field description', () => {
  it.each(KPIS.map((kpi) => [kpi.id, kpi] as const))(
    '%s: says what the catalogue says (description, formula, every choice) and the target',
    (_id, kpi) => {
      const { description } = fieldConfigOf({ kpi, bands: kpi.bands, plan: undefined });
      for (const words of [kpi.description, kpi.formula, ...kpi.choices, kpi.target]) {
        expect(description).toContain(words);
      }
    }
  );
});
