// The app's services load their code on first use (default-services.ts `lazy`): the first screen
// carries no answer schemas, and a chunk that failed to load offline is tried again, not remembered.
import { describe, expect, it } from 'vitest';
import { lazy } from '../../../src/app/shell/default-services.ts';

interface Api {
  greet(name: string): Promise<string>;
  count(): Promise<number>;
}

function loader(failFirst = 0) {
  let loads = 0;
  let calls = 0;
  const load = async (): Promise<Api> => {
    loads += 1;
    if (loads <= failFirst) throw new Error('chunk not found (offline)');
    const api = {
      prefix: 'Chào',
      async greet(this: { prefix: string }, name: string) {
        return `${this.prefix} ${name}`;
      },
      async count() {
        return ++calls;
      },
    };
    return api as unknown as Api;
  };
  return { load, loads: () => loads };
}

describe('lazy services', () => {
  it('loads nothing until a method is called, then once for every call after', async () => {
    const l = loader();
    const api = lazy(l.load);
    expect(l.loads()).toBe(0);
    expect(await api.greet('Lan')).toBe('Chào Lan');
    expect(await Promise.all([api.count(), api.count()])).toEqual([1, 2]);
    expect(l.loads()).toBe(1);
  });

  it('is not a promise: awaiting the stand-in itself loads nothing', async () => {
    const l = loader();
    const api = lazy(l.load);
    expect(await api).toBe(api);
    expect(l.loads()).toBe(0);
  });

  it('a failed load is tried again at the next call', async () => {
    const l = loader(1);
    const api = lazy(l.load);
    await expect(api.greet('Lan')).rejects.toThrow('chunk not found');
    expect(await api.greet('Hoa')).toBe('Chào Hoa');
    expect(l.loads()).toBe(2);
  });
});
