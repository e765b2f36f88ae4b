// Small settings kept on the phone beside the notebook: the volunteer's local profile (until sign-in
// arrives with the server) and the interface language.
import { z } from 'zod';
import { areaId } from '../domain/records.ts';
import type { NotebookDb } from './db.ts';

export const localProfileSchema = z.object({
  volunteerName: z.string().trim().min(1).max(100),
  villages: z.array(z.object({ id: areaId, name: z.string().trim().min(1).max(100) })).min(1),
  villageId: areaId,
});
export type LocalProfile = z.infer<typeof localProfileSchema>;

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export async function getProfile(db: NotebookDb): Promise<LocalProfile | undefined> {
  const row = await db.meta.get('profile');
  const parsed = localProfileSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : undefined;
}

export async function setProfile(db: NotebookDb, profile: LocalProfile): Promise<void> {
  await db.meta.put({ key: 'profile', value: localProfileSchema.parse(profile) });
}

export async function getLanguage(db: NotebookDb): Promise<Language> {
  const row = await db.meta.get('language');
  return row?.value === 'en' ? 'en' : 'vi';
}

export async function setLanguage(db: NotebookDb, language: Language): Promise<void> {
  await db.meta.put({ key: 'language', value: language });
}
