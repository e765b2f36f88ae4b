// @vitest-environment jsdom
// What volunteers type, read: dates in the Vietnamese order.
import { describe, expect, it } from 'vitest';
import { parseDateInput } from '../../../src/app/forms/date-input.ts';

describe('parseDateInput', () => {
  it.each([
    ['05/09/1990', '1990-09-05'],
    ['5/9/1990', '1990-09-05'],
    ['05.09.1990', '1990-09-05'],
    ['05091990', '1990-09-05'],
    ['', ''],
    ['  ', ''],
    ['31/02/1990', null],
    ['1990-09-05', null],
    ['0509199', null],
  ])('%j → %j', (text, iso) => {
    expect(parseDateInput(text)).toBe(iso);
  });
});
