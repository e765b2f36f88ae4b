// @vitest-environment jsdom
// What volunteers type, read: village names into ids, dates in the Vietnamese order.
import { describe, expect, it } from 'vitest';
import { parseDateInput } from '../../../src/app/date-input.ts';
import { villageSlug } from '../../../src/app/village-slug.ts';

describe('villageSlug', () => {
  it.each([
    ['Thôn Đông', 'thon-dong'],
    ['  Tổ dân phố số 5 ', 'to-dan-pho-so-5'],
    ['Ấp Phước Hòa (cũ)', 'ap-phuoc-hoa-cu'],
    ['Bản Nà Ơi', 'ban-na-oi'],
    ['***', null],
  ])('%s → %s', (name, slug) => {
    expect(villageSlug(name)).toBe(slug);
  });

  it('keeps ids within 64 characters of [a-z0-9-]', () => {
    const slug = villageSlug('Thôn '.repeat(40))!;
    expect(slug.length).toBeLessThanOrEqual(64);
    expect(slug).toMatch(/^[a-z0-9-]{1,64}$/);
    expect(slug.endsWith('-')).toBe(false);
  });
});

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
