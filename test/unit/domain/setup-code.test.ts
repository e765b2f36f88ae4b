// The set-up code as typed and as scanned (SYNC-API.md [M21]).
import { describe, expect, it } from 'vitest';
import {
  formatSetupCode,
  looksLikeSetupCode,
  setupCodeFromQr,
  setupUrl,
} from '../../../src/domain/setup-code.ts';

describe('set-up codes', () => {
  it('reads a typed code whatever its case, spaces and dashes', () => {
    expect(looksLikeSetupCode(' abcd - 2345 ')).toBe(true);
    expect(formatSetupCode('abcd2345')).toBe('ABCD-2345');
  });

  it('refuses what cannot be a code: wrong length, I, O, 0 or 1', () => {
    for (const bad of ['ABCD234', 'ABCD23456', 'ABCD2340', 'ABCI2345', 'ABCO2345', 'ABCD2341', ''])
      expect(looksLikeSetupCode(bad), bad).toBe(false);
  });

  it('reads the code of a set-up QR code: the app address with the code in its fragment, or the code alone', () => {
    const url = setupUrl('https://so06.example.vn', 'wxyz-7890'.replace('0', '2'));
    expect(url).toBe('https://so06.example.vn/thiet-lap#WXYZ7892');
    expect(setupCodeFromQr(url)).toBe('WXYZ7892');
    expect(setupCodeFromQr('  WXYZ-7892 ')).toBe('WXYZ7892');
    expect(setupCodeFromQr('http://192.168.1.5:8080/thiet-lap/#WXYZ7892')).toBe('WXYZ7892');
  });

  it('refuses other QR codes: a CCCD card, another page of the app, a link elsewhere', () => {
    expect(setupCodeFromQr('001090012345|123456789|Nguyễn Văn A|01011990|Nam|Hà Nội|01012021')).toBeNull();
    expect(setupCodeFromQr('https://so06.example.vn/ho/123#WXYZ7892')).toBeNull();
    expect(setupCodeFromQr('https://so06.example.vn/thiet-lap#')).toBeNull();
  });
});
