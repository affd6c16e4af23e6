import { partName } from './partName';

describe('partName', () => {
  it("reads total PnL's parts as words, abbreviations kept", () => {
    expect(
      ['spreadUsd', 'inventoryMtmUsd', 'hedgePnlUsd', 'interestUsd', 'gasUsd', 'flashLoanFeesUsd', 'residualUsd'].map(
        partName
      )
    ).toEqual(['Spread', 'Inventory MTM', 'Hedge PnL', 'Interest', 'Gas', 'Flash loan fees', 'Residual']);
  });

  it('keeps a key it cannot split, and a bare unit', () => {
    expect(partName('Usd')).toBe('USD');
    expect(partName('x')).toBe('X');
    expect(partName('')).toBe('');
  });
});
