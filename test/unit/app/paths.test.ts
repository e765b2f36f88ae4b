// Every link the app builds lands on the route it names: paths are filled from the router's patterns.
import { describe, expect, it } from 'vitest';
import { paths, patterns } from '../../../src/app/shell/paths.ts';

const id = '44444444-4444-4444-8444-444444444444';

/** The pattern as a regular expression over a path (query string aside). */
const matcher = (pattern: string) => new RegExp(`^${pattern.replace(/:[A-Za-z]+/g, '[^/?]+')}(\\?.*)?$`);

describe('paths and patterns', () => {
  it.each(Object.keys(patterns) as (keyof typeof patterns)[])('%s: the link matches its pattern', (key) => {
    const build = paths[key];
    const link = typeof build === 'function' ? (build as (...a: string[]) => string)(id, id) : build;
    expect(link).toMatch(matcher(patterns[key]));
  });

  it('names no address twice', () => {
    expect(Object.keys(paths).sort()).toEqual(Object.keys(patterns).sort());
  });

  it('encodes what it fills in: a village id or a commune with any letter stays one segment', () => {
    expect(paths.reviewVillage('thôn/đông')).toBe('/tong-hop/thon/th%C3%B4n%2F%C4%91%C3%B4ng');
    expect(paths.review('xã a')).toBe('/tong-hop?xa=x%C3%A3%20a');
    expect(paths.editPerson('h1', 'p1')).toBe('/ho/h1/nhan-khau/p1');
  });

  it('opens the province screen (issue 18) at the account’s province, or at the one named', () => {
    expect(paths.reviewProvince()).toBe('/tong-hop/tinh');
    expect(paths.reviewProvince('tỉnh a')).toBe('/tong-hop/tinh?tinh=t%E1%BB%89nh%20a');
  });
});
