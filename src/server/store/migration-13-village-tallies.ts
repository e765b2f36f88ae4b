// Migration 13 (issue 18): each village's tallies kept as counters, exact at every commit, so that a
// province's tallies ([T1], [T8]) read a row per village instead of counting its persons. Spelled out
// here once and for all, like every migration: never edited after its release.
//
// How the counters stay exact:
// - Statement triggers on `records` (one per INSERT, UPDATE, DELETE, with their transition tables) add
//   what each statement brought and take away what it removed, per village: whoever writes records
//   (a push, a commune's import, a seed), in the writer's transaction, so the counters commit with the
//   records or not at all.
// - "14 or more" moves every day ([T4]): a village's row says the birth date `cutoff14` on or before
//   which its persons were counted 14+. The triggers count against the row's own cutoff; moving a row
//   to another day's cutoff (police/village-tallies.ts rollVillageTallies) adds or takes away the
//   persons born between the two, under the row's lock. A row's cutoff is '' until then: nobody is
//   counted 14+ ('' sorts before every date).
// - A household is "visited" when one of its visits was met ([T3]): a distinct count, recounted for the
//   villages whose visits a statement touched (a village's visits, through records_tally).
// - The row of each village a statement touches is locked (in village order) before its counts are
//   read and written: two writers of one village, or a writer and a roll-over, take turns.

const COUNTS = `households integer NOT NULL DEFAULT 0,
        households_visited integer NOT NULL DEFAULT 0,
        persons integer NOT NULL DEFAULT 0,
        persons14plus integer NOT NULL DEFAULT 0,
        cccd_issued14plus integer NOT NULL DEFAULT 0,
        vneid_level2_active14plus integer NOT NULL DEFAULT 0,
        vneid_registered14plus integer NOT NULL DEFAULT 0,
        open_tasks integer NOT NULL DEFAULT 0,
        tasks_done integer NOT NULL DEFAULT 0`;

/** The rows a statement changed, for each kind of trigger: the new ones count +1, the old ones −1. */
const CHANGED = {
  insert: `SELECT 1 AS sign, n.* FROM new_rows n`,
  delete: `SELECT -1 AS sign, o.* FROM old_rows o`,
  update: `SELECT 1 AS sign, n.* FROM new_rows n UNION ALL SELECT -1 AS sign, o.* FROM old_rows o`,
} as const;

function counterFunction(op: keyof typeof CHANGED): string {
  return `CREATE FUNCTION village_tallies_on_${op}() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      touched text[];
    BEGIN
      SELECT array_agg(DISTINCT c.village_id ORDER BY c.village_id) INTO touched FROM (${CHANGED[op]}) c;
      IF touched IS NULL THEN
        RETURN NULL;
      END IF;
      INSERT INTO village_tallies (village_id) SELECT unnest(touched) ON CONFLICT (village_id) DO NOTHING;
      -- Locked first, then read: the cutoff counted against is the one committed last.
      PERFORM 1 FROM village_tallies WHERE village_id = ANY(touched) ORDER BY village_id FOR UPDATE;
      UPDATE village_tallies t
         SET households = t.households + d.households,
             persons = t.persons + d.persons,
             persons14plus = t.persons14plus + d.persons14plus,
             cccd_issued14plus = t.cccd_issued14plus + d.cccd_issued14plus,
             vneid_level2_active14plus = t.vneid_level2_active14plus + d.vneid_level2_active14plus,
             vneid_registered14plus = t.vneid_registered14plus + d.vneid_registered14plus,
             open_tasks = t.open_tasks + d.open_tasks,
             tasks_done = t.tasks_done + d.tasks_done
        FROM (SELECT c.village_id,
                     coalesce(sum(c.sign) FILTER (WHERE c.entity = 'household'), 0) AS households,
                     coalesce(sum(c.sign) FILTER (WHERE c.entity = 'person'), 0) AS persons,
                     coalesce(sum(c.sign) FILTER (WHERE c.entity = 'person' AND c.birth_date <= v.cutoff14), 0)
                       AS persons14plus,
                     coalesce(sum(c.sign) FILTER (WHERE c.entity = 'person' AND c.birth_date <= v.cutoff14
                                                    AND c.cccd_status = 'issued'), 0) AS cccd_issued14plus,
                     coalesce(sum(c.sign) FILTER (WHERE c.entity = 'person' AND c.birth_date <= v.cutoff14
                                                    AND c.vneid_status = 'level2_active'), 0)
                       AS vneid_level2_active14plus,
                     coalesce(sum(c.sign) FILTER (WHERE c.entity = 'person' AND c.birth_date <= v.cutoff14
                                                    AND (coalesce(c.data ->> 'vneidRegisteredOn', '') <> ''
                                                         OR c.vneid_status IN ('level2_pending', 'level2_active'))), 0)
                       AS vneid_registered14plus,
                     coalesce(sum(c.sign) FILTER (WHERE c.entity = 'task' AND c.task_status = 'open'), 0) AS open_tasks,
                     coalesce(sum(c.sign) FILTER (WHERE c.entity = 'task' AND c.task_status = 'done'), 0) AS tasks_done
                FROM (${CHANGED[op]}) c
                JOIN village_tallies v ON v.village_id = c.village_id
               WHERE NOT c.deleted
               GROUP BY c.village_id) d
       WHERE t.village_id = d.village_id;
      UPDATE village_tallies t
         SET households_visited = (SELECT count(DISTINCT r.household_id) FROM records r
                                    WHERE r.village_id = t.village_id AND NOT r.deleted
                                      AND r.entity = 'visit' AND r.visit_outcome = 'met')
       WHERE t.village_id IN (SELECT c.village_id FROM (${CHANGED[op]}) c WHERE c.entity = 'visit');
      RETURN NULL;
    END
  $$`;
}

export const VILLAGE_TALLIES_STATEMENTS: readonly string[] = [
  `CREATE TABLE village_tallies (
        village_id text PRIMARY KEY,
        cutoff14 text NOT NULL DEFAULT '',
        ${COUNTS}
      )`,
  // The counts of the records already stored, nobody 14+ yet (cutoff ''): the first read rolls each
  // village to its day.
  `INSERT INTO village_tallies (village_id, households, households_visited, persons, open_tasks, tasks_done)
     SELECT village_id,
            count(*) FILTER (WHERE entity = 'household'),
            count(DISTINCT household_id) FILTER (WHERE entity = 'visit' AND visit_outcome = 'met'),
            count(*) FILTER (WHERE entity = 'person'),
            count(*) FILTER (WHERE entity = 'task' AND task_status = 'open'),
            count(*) FILTER (WHERE entity = 'task' AND task_status = 'done')
       FROM records WHERE NOT deleted GROUP BY village_id`,
  `INSERT INTO village_tallies (village_id) SELECT id FROM areas WHERE kind = 'village'
     ON CONFLICT (village_id) DO NOTHING`,
  counterFunction('insert'),
  counterFunction('update'),
  counterFunction('delete'),
  `CREATE TRIGGER village_tallies_insert AFTER INSERT ON records
     REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION village_tallies_on_insert()`,
  `CREATE TRIGGER village_tallies_update AFTER UPDATE ON records
     REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
     FOR EACH STATEMENT EXECUTE FUNCTION village_tallies_on_update()`,
  `CREATE TRIGGER village_tallies_delete AFTER DELETE ON records
     REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION village_tallies_on_delete()`,
];
