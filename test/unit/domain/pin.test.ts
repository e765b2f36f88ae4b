// The PIN's rule at its edges: six digits, none of the first guesses a stranger makes.
import { describe, expect, it } from 'vitest';
import { pinProblem } from '../../../src/domain/pin.ts';

describe('the notebook PIN', () => {
  it.each([
    ['', 'format'],
    ['12345', 'format'],
    ['1234567', 'format'],
    ['12a456', 'format'],
    ['１２３４５６', 'format'], // full-width digits, from a phone's other keyboard
    [' 48291', 'format'],
    ['000000', 'too_simple'],
    ['777777', 'too_simple'],
    ['123456', 'too_simple'],
    ['012345', 'too_simple'],
    ['890123', 'too_simple'],
    ['654321', 'too_simple'],
    ['210987', 'too_simple'],
    ['121212', 'too_simple'],
    ['123123', 'too_simple'],
    ['112233', 'too_simple'],
  ] as const)('%j is refused (%s)', (pin, problem) => {
    expect(pinProblem(pin)).toBe(problem);
  });

  it.each(['482915', '120398', '112234', '135790', '246813', '009182'])('%s is a PIN', (pin) => {
    expect(pinProblem(pin)).toBeNull();
  });
});
