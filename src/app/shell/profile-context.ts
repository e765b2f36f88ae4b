// The volunteer's local profile (name, villages, current village), read once by the app shell.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { LocalProfile } from '../../db/settings.ts';

export const ProfileContext = createContext<LocalProfile | null>(null);

/** The profile; screens behind the set-up gate can rely on it. */
export function useProfile(): LocalProfile {
  const profile = useContext(ProfileContext);
  if (!profile) throw new Error('useProfile() before the set-up screen saved a profile');
  return profile;
}

/** The profile when there is one: the set-up screen itself also runs before it exists. */
export function useOptionalProfile(): LocalProfile | null {
  return useContext(ProfileContext);
}
