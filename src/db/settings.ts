// Small settings kept on the phone beside the notebook: the volunteer's local profile (until sign-in
// arrives with the server) and the interface language. Reads are on the first screen's path and use
// a plain shape check; writes validate with zod, loaded with the set-up screen.
import type { NotebookDb } from './db.ts';
import type { Readable } from './reads.ts';
import type { MetaRow } from './rows.ts';

export interface LocalProfile {
  volunteerName: string;
  villages: { id: string; name: string }[];
  villageId: string;
  /** Minutes unused before the notebook locks itself: the commune's, where an admin set it ([M26]). */
  lockMinutes?: number;
}

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A stored profile from an older or damaged version reads as none: the set-up screen asks again. */
function isLocalProfile(v: unknown): v is LocalProfile {
  const p = v as Partial<LocalProfile> | null;
  return (
    typeof p?.volunteerName === 'string' &&
    typeof p.villageId === 'string' &&
    Array.isArray(p.villages) &&
    p.villages.length > 0 &&
    p.villages.every((x) => typeof x?.id === 'string' && typeof x.name === 'string')
  );
}

export async function getProfile(db: Readable): Promise<LocalProfile | undefined> {
  const row = await db.reads.get<MetaRow>('meta', 'profile');
  return isLocalProfile(row?.value) ? row.value : undefined;
}

export async function setProfile(db: NotebookDb, profile: LocalProfile): Promise<void> {
  const { localProfileSchema } = await import('./profile-schema.ts');
  await db.meta.put({ key: 'profile', value: localProfileSchema.parse(profile) });
}

export async function getLanguage(db: Readable): Promise<Language> {
  const row = await db.reads.get<MetaRow>('meta', 'language');
  return row?.value === 'en' ? 'en' : 'vi';
}

export async function setLanguage(db: NotebookDb, language: Language): Promise<void> {
  await db.meta.put({ key: 'language', value: language });
}
