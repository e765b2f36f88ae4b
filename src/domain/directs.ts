// Who directs a commune's work, judged the same on the server (which refuses the others: 403) and on
// the phone (which then does not offer what would be refused). Reading and directing differ since
// provinces (issue 18): a province's police read every commune of it, and direct none.
import type { User } from './users.ts';

type Who = Pick<User, 'role' | 'areaIds'>;

/**
 * [A4] Whether `user` directs the commune `communeId`: launches and closes its campaigns ([C3], [C6])
 * and sets its targets ([G4]). An admin, or police given that commune itself; a province's police
 * read its communes and direct none.
 */
export function directsCommune(user: Who, communeId: string): boolean {
  return user.role === 'admin' || (user.role === 'police' && user.areaIds.includes(communeId));
}

/**
 * [M1] Whether `user` has a commune of their own to manage (its villages, volunteers and phones) or to
 * direct: an admin; police given at least one commune itself, as the server's manage scope reads them
 * (server/manage/scope.ts: the communes among their area ids). `areas`: areas with their kinds that
 * include the user's own (GET /api/areas answers them, [A16]). Police's areas are communes or provinces
 * ([A4]), so an officer given only provinces manages nothing.
 */
export function directsSomeCommune(user: Who, areas: readonly { id: string; kind: string }[]): boolean {
  if (user.role === 'admin') return true;
  if (user.role !== 'police') return false;
  return areas.some((a) => a.kind === 'commune' && user.areaIds.includes(a.id));
}
