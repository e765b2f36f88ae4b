// Tests of Vietnamese text folding for tone-blind search.
import { describe, it, expect } from 'vitest';
import { fold, foldWords, matchesWords } from '../../../src/domain/fold.ts';

describe('fold', () => {
  it.each([
    ['tone marks go', 'Nguyễn Văn Đức', 'nguyen van duc'],
    ['vowel marks (ơ ư ă â ê ô) go', 'Lưu Hữu Phước Ăn Ân Ê Ô Ơ', 'luu huu phuoc an an e o o'],
    ['đ and Đ become d', 'ĐẶNG đình', 'dang dinh'],
    ['upper case becomes lower case', 'BÙI THỊ THỦY', 'bui thi thuy'],
    ['runs of whitespace become one space', '  Trần \t Thị\n Hoa  ', 'tran thi hoa'],
    ['plain ASCII is only lower-cased', 'Xom 3, Thon A', 'xom 3, thon a'],
  ])('%s', (_rule, input, want) => {
    expect(fold(input)).toBe(want);
  });

  it.each(['Nguyễn', 'Đặng Thị Thủy', 'Phạm Ngọc Ánh'])('NFD-encoded "%s" folds the same as NFC', (name) => {
    const nfc = name.normalize('NFC');
    const nfd = name.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    expect(fold(nfd)).toBe(fold(nfc));
  });
});

describe('foldWords', () => {
  it.each([
    ['a name', 'Nguyễn Văn Đức', ['nguyen', 'van', 'duc']],
    [
      'an address split on punctuation, digits kept',
      'Số 12, ngõ 3/4 — Đường Láng',
      ['so', '12', 'ngo', '3', '4', 'duong', 'lang'],
    ],
    ['hyphens split words', 'Hoa-Mai', ['hoa', 'mai']],
    ['repeated words once, in order of first appearance', 'Văn văn VĂN Đức', ['van', 'duc']],
    ['nothing but spaces and punctuation gives no words', '  , - ', []],
  ])('%s', (_rule, input, want) => {
    expect(foldWords(input)).toEqual(want);
  });
});

describe('matchesWords', () => {
  const words = foldWords('Nguyễn Văn Đức');

  it.each([
    ['the name without marks', 'nguyen van duc'],
    ['upper case', 'NGUYEN'],
    ['with marks', 'đức'],
    ['Đ without the other marks', 'Đuc'],
    ['a partly typed last word', 'van d'],
    ['words in another order', 'duc nguyen'],
    ['NFD-encoded query', 'Nguyễn'.normalize('NFD')],
    ['an empty query (nothing to filter by)', ''],
  ])('finds "Nguyễn Văn Đức" by %s', (_rule, query) => {
    expect(matchesWords(words, query)).toBe(true);
  });

  it.each([
    ['another name', 'tran'],
    ['a word longer than any of its words', 'ducx'],
    ['one query word that matches nothing', 'nguyen tran'],
    ['the middle of a word (prefixes only)', 'uc'],
  ])('does not find "Nguyễn Văn Đức" by %s', (_rule, query) => {
    expect(matchesWords(words, query)).toBe(false);
  });
});
