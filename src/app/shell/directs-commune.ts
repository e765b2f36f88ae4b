// Whether the signed-in person directs a commune (issue 18: a province's police read every commune of
// it, and direct none), for the online screens that offer launching a campaign or setting a target.
// Apart from direction.ts (the header's): an online screen importing the first screen's hooks made
// the bundler split Preact out of the first screen's chunk.
import { directsCommune } from '../../domain/directs.ts';
import { useSession } from './session-context.ts';

/**
 * [A4] Whether the signed-in person directs `communeId` (launches its campaigns, sets its targets):
 * judged from the session alone, as the server does.
 */
export function useDirectsCommune(communeId: string): boolean {
  const { session } = useSession();
  return session ? directsCommune(session.user, communeId) : false;
}
