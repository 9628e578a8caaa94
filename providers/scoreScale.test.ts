import { probabilityToPercent, scoreToPercent } from './scoreScale';

describe('vendor score mapping (docs/providers.md, "Scores")', () => {
  it('maps a probability linearly onto 0..100, rounded', () => {
    expect(probabilityToPercent(0)).toBe(0);
    expect(probabilityToPercent(0.873)).toBe(87);
    expect(probabilityToPercent('0.5')).toBe(50);
    expect(probabilityToPercent(1)).toBe(100);
  });

  it('maps a bounded vendor scale and clamps values outside it', () => {
    expect(scoreToPercent(3000, { min: 0, max: 6000 })).toBe(50);
    expect(scoreToPercent(-5, { min: 0, max: 100 })).toBe(0);
    expect(scoreToPercent(140, { min: 0, max: 100 })).toBe(100);
  });

  it('gives null for anything that is not a number on a real range (levels, codes, blanks)', () => {
    for (const value of ['LEVEL3', '', null, undefined, Number.NaN, Infinity]) expect(probabilityToPercent(value)).toBeNull();
    expect(scoreToPercent(5, { min: 1, max: 1 })).toBeNull();
  });
});
