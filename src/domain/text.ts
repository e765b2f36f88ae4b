// Free text as a person sees it ([R9]): the one rule for names, addresses, codes, phone numbers and notes,
// shared by the phone (before it stores) and the server (before it merges), so that both keep the same
// string. A value that looks like another must be the same string, a value that looks empty must be
// empty, and nothing invisible may reorder, hide or pad what is shown (docs/SECURITY.md, "Text that
// cannot spoof").
//
// The rules, per class of character, and why:
// - NUL and lone UTF-16 surrogates: REFUSED (`invalid_value`). PostgreSQL cannot store them, a broken
//   surrogate is not text but a cut in the middle of a character, and the server has always refused them
//   (src/server/unstorable-text.ts): the phone now refuses them too, so both sides agree.
// - Zero-width space, joiners and word joiners (U+200B–U+200D, U+2060, U+FEFF), bidirectional controls
//   (embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069, LRM/RLM/ALM U+200E, U+200F,
//   U+061C), the soft hyphen U+00AD and every other format (Cf) or control (Cc) character: STRIPPED.
//   They are invisible, so a refusal would name a problem the volunteer cannot see or fix; they arrive
//   by pasting (Android wraps copied phone numbers and contact names in bidi embeddings, web pages carry
//   zero-width spaces and soft hyphens, files start with a BOM); and stripping takes all their power
//   away: Vietnamese is written left to right and needs none of them, so without them a name shows in
//   the order it is stored, two names that look alike are the same string, and search words are not cut
//   in two. Exceptions, in notes only: tab and newline (a note has lines; CR and CRLF become newline),
//   a zero-width joiner between two emoji (it makes 👨‍👩‍👧 one family instead of three people) and the tag
//   characters of a subdivision flag (🏴 + tags + cancel tag).
// - Other default-ignorable code points (variation selectors, the combining grapheme joiner, the Hangul
//   fillers U+115F, U+1160, U+3164, U+FFA0 that chat apps use for blank names): STRIPPED from one-line
//   fields, where none belongs and each can make a name look blank or two names look alike; KEPT in
//   notes, where a variation selector is part of an emoji (❤️) and nothing identifies a record.
// - Every space and line break (tab, newline, no-break and typographic spaces, U+2028/U+2029) and the
//   blank braille cell U+2800 in one-line fields: one ordinary space; runs collapse and the ends are
//   trimmed, so "Nguyễn  Văn" and "Nguyễn Văn" are one name. Notes keep their inner spacing and are
//   trimmed at both ends, as before.
// - Everything: Unicode NFC, after the stripping (a stripped character between a letter and its mark
//   must not leave the pair decomposed). Vietnamese pasted from other apps is often NFD; in NFC each
//   Vietnamese letter is one code point, whatever its marks.
// - Combining marks: more than MAX_STACKED_MARKS in a row on one letter are REFUSED (`invalid_value`).
//   Vietnamese needs two at most (a vowel mark and a tone, and NFC composes them); a tall stack ("Zalgo"
//   text) paints over the lines above and below it and hides them.
// Lengths count grapheme clusters (what a person sees as one character: a letter with its marks, a whole
// emoji sequence), after the cleaning; a code-unit ceiling bounds the one case a grapheme count cannot
// (any number of emoji joined by zero-width joiners are one grapheme): [R10].
import { z } from 'zod';

/** [R12] The most combining marks one letter may carry in a row. */
export const MAX_STACKED_MARKS = 4;
/** [R10] Code units a grapheme may take on average before a value is too long whatever its graphemes. */
export const UNITS_PER_GRAPHEME = 4;

// In a `u` regex a paired surrogate is one code point; only a lone half is \p{Cs}.
const LONE_SURROGATE = /\p{Cs}/u;

/** [R12] Text PostgreSQL cannot store (text and jsonb refuse it): NUL, or half of a surrogate pair. */
export function isUnstorableText(s: string): boolean {
  return s.includes('\u0000') || LONE_SURROGATE.test(s);
}

// Controls and format characters, and the default-ignorable code points, except the whitespace controls
// (turned into spaces below instead of removed: "Số 5\nngõ 2" is two words, not one).
const LINE_INVISIBLE = /(?![\t\n\v\f\r\u0085])[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
const LINE_SPACES = /[\s\u0085\u2800]+/gu;

// In notes: an emoji joined to the next one by a ZWJ (kept whole), a subdivision flag's tag sequence
// (kept whole), or a control or format character other than tab and newline (removed).
const NOTE_SCAN =
  /(\p{Extended_Pictographic}(?:\u{FE0F}|[\u{1F3FB}-\u{1F3FF}]){0,2}\u200D(?=\p{Extended_Pictographic}))|(\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F})|(?![\t\n])[\p{Cc}\p{Cf}]/gu;
const NOTE_LINE_BREAKS = /\r\n?|[\u0085\u2028\u2029]/g;

const STACKED_MARKS = new RegExp(`[\\p{Mn}\\p{Me}]{${MAX_STACKED_MARKS + 1},}`, 'u');

/** [R9] A one-line value (a name, an address, a code, a phone number) as it is stored. */
export function cleanLine(s: string): string {
  return s.replace(LINE_INVISIBLE, '').normalize('NFC').replace(LINE_SPACES, ' ').trim();
}

/** [R9] A note as it is stored: lines, tabs and emoji kept; other invisible characters gone. */
export function cleanNote(s: string): string {
  return s
    .replace(NOTE_LINE_BREAKS, '\n')
    .replace(NOTE_SCAN, (_all, joined?: string, flag?: string) => joined ?? flag ?? '')
    .normalize('NFC')
    .trim();
}

/** True when nothing visible is left of `s`: a blank field, whatever invisible characters it holds. */
export function isBlankText(s: string): boolean {
  return cleanLine(s) === '';
}

const graphemes = new Intl.Segmenter('vi', { granularity: 'grapheme' });

/** The number of characters a person sees in `s` (grapheme clusters), counting no further than `limit`. */
export function graphemeLength(s: string, limit = Number.POSITIVE_INFINITY): number {
  let n = 0;
  for (const _ of graphemes.segment(s)) if (++n > limit) break;
  return n;
}

export interface TextLimits {
  min: number;
  max: number;
  /** The most UTF-16 code units, when a reader needs fewer than max × UNITS_PER_GRAPHEME. */
  maxUnits?: number;
}

type Check = z.core.CheckFn<string>;

// [R12] Both refusals are `invalid_value`.
const refuseUnstorable: Check = (ctx) => {
  if (isUnstorableText(ctx.value))
    ctx.issues.push({ code: 'custom', message: 'invalid_value', input: ctx.value });
};

const refuseStackedMarks: Check = (ctx) => {
  if (STACKED_MARKS.test(ctx.value)) {
    ctx.issues.push({ code: 'custom', message: 'invalid_value', input: ctx.value });
  }
};

/** [R10] min and max in graphemes, with the code-unit ceiling. `required` and `too_long` in validation.ts. */
const lengthWithin =
  ({ min, max, maxUnits = max * UNITS_PER_GRAPHEME }: TextLimits): Check =>
  (ctx) => {
    const s = ctx.value;
    // Graphemes never outnumber code units, and a non-empty string has one at least: segmenting (slow,
    // some µs a call) is needed only past `max` units, or for a minimum above one.
    if (s.length < min || (min > 1 && graphemeLength(s, min) < min)) {
      ctx.issues.push({ code: 'too_small', minimum: min, origin: 'string', inclusive: true, input: s });
    } else if (s.length > maxUnits || (s.length > max && graphemeLength(s, max) > max)) {
      ctx.issues.push({ code: 'too_big', maximum: max, origin: 'string', inclusive: true, input: s });
    }
  };

/**
 * A string cleaned by the one-line rule, refused when it holds what cannot be stored: chain a format
 * check (`.regex`) after it. For a phone number pasted with bidi marks or no-break spaces.
 */
export const cleanedLine = () => z.string().check(refuseUnstorable).overwrite(cleanLine);

/** A one-line field (a name, an address, a code) of min–max graphemes, as written now. */
export const lineText = (limits: TextLimits) =>
  cleanedLine().check(refuseStackedMarks).check(lengthWithin(limits));

/** A note of up to `max` graphemes, as written now. */
export const noteText = (max: number) =>
  z
    .string()
    .check(refuseUnstorable)
    .overwrite(cleanNote)
    .check(refuseStackedMarks)
    .check(lengthWithin({ min: 0, max }));

/**
 * [R8] A one-line field as it may be STORED, for reading records back: cleaned for display (a legacy value
 * keeps no bidi override on a screen), never refused for its characters, and no stricter than any rule
 * it may have been written under: blank only when the older rule (trim, then at least `min` code units)
 * said so, too long only past `max` graphemes.
 */
export const storedLineText = (min: number, max: number) =>
  z
    .string()
    .check((ctx) => {
      if (ctx.value.trim().length < min) {
        ctx.issues.push({
          code: 'too_small',
          minimum: min,
          origin: 'string',
          inclusive: true,
          input: ctx.value,
        });
      }
    })
    .overwrite(cleanLine)
    .check(lengthWithin({ min: 0, max, maxUnits: Number.POSITIVE_INFINITY }));

/** A note as it may be STORED: cleaned for display, at most `max` graphemes (every rule allowed that). */
export const storedNoteText = (max: number) =>
  z
    .string()
    .overwrite(cleanNote)
    .check(lengthWithin({ min: 0, max, maxUnits: Number.POSITIVE_INFINITY }));
