// The columns of tally_snapshots (migration 11) that hold the counts of SNAPSHOT_COUNTS. Typed by SnapshotCount, so that a count added to the domain
// without its column here does not compile.
import { SNAPSHOT_COUNTS, type SnapshotCount } from '../../domain/trends.ts';

export const SNAPSHOT_COLUMNS: Record<SnapshotCount, string> = {
  households: 'households',
  householdsVisited: 'households_visited',
  persons: 'persons',
  persons14plus: 'persons14plus',
  cccdIssued14plus: 'cccd_issued14plus',
  vneidLevel2Active14plus: 'vneid_level2_active14plus',
  openTasks: 'open_tasks',
  tasksDone: 'tasks_done',
  vneidRegistered14plus: 'vneid_registered14plus',
};

/** `households, households_visited, …`, in SNAPSHOT_COUNTS' order. */
export const COUNT_COLUMNS = SNAPSHOT_COUNTS.map((k) => SNAPSHOT_COLUMNS[k]).join(', ');
