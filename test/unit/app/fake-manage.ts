// The management endpoints as an in-memory commune (SYNC-API.md "Managing a commune"): what the
// screens sent is there to read, and the answers follow the contract's rules that the screens rely
// on (a taken phone is 409, archiving a village with volunteers is refused, a revoked phone is
// "revoking"). `fail` makes every call fail as the test says.
import type {
  ManageAuditEntry,
  ManageScope,
  ManagedDevice,
  ManagedVillage,
  ManagedVolunteer,
  SetupCode,
} from '../../../src/domain/manage.ts';
import type {
  ImportApplyRequest,
  ImportCheckRequest,
  ImportHouseholdInput,
} from '../../../src/domain/import/wire.ts';
import type { HttpFailure, HttpResult } from '../../../src/sync/http-client.ts';
import type { ManageApi, NewVolunteer } from '../../../src/sync/manage-api.ts';

const ok = <T>(value: T): HttpResult<T> => ({ ok: true, value });
const refused = (status: number, code: string, message: string): HttpResult<never> => ({
  ok: false,
  failure: { kind: 'refused', status, code, message },
});

export const COMMUNE = { id: 'xa-an-binh', kind: 'commune' as const, name: 'Xã An Bình', parentId: null };

export class FakeManage implements ManageApi {
  villageList: ManagedVillage[] = [
    { id: 'thon-dong', kind: 'village', name: 'Thôn Đông', parentId: COMMUNE.id, archived: false },
    { id: 'thon-doai', kind: 'village', name: 'Thôn Đoài', parentId: COMMUNE.id, archived: false },
  ];
  volunteerList: ManagedVolunteer[] = [
    {
      id: 'v-lan',
      name: 'Nguyễn Thị Lan',
      phone: '0911000001',
      role: 'volunteer',
      areaIds: ['thon-dong'],
      active: true,
      communeId: COMMUNE.id,
    },
  ];
  deviceList: ManagedDevice[] = [];
  auditLog: ManageAuditEntry[] = [];
  passwords = new Map<string, string>();
  codes: SetupCode[] = [];
  failure: HttpFailure | null = null;
  private n = 0;

  private log(action: string, target: Partial<ManageAuditEntry> = {}) {
    this.auditLog.unshift({
      id: this.auditLog.length + 1,
      at: '2026-11-30T03:00:00.000Z',
      actorId: 'officer',
      actorName: 'Đại úy Vũ Đức Minh',
      deviceId: 'pc',
      communeId: COMMUNE.id,
      action,
      targetUserId: null,
      targetUserName: null,
      targetAreaId: null,
      targetDeviceId: null,
      details: {},
      ...target,
    });
  }

  private async answer<T>(make: () => HttpResult<T>): Promise<HttpResult<T>> {
    return this.failure ? { ok: false, failure: this.failure } : make();
  }

  scope = () =>
    this.answer<ManageScope>(() =>
      ok({
        communes: [this.lockMinutes === null ? COMMUNE : { ...COMMUNE, lockMinutes: this.lockMinutes }],
        villages: structuredClone(this.villageList),
      }),
    );

  createVillage = (_: string, v: { communeId: string; name: string }) =>
    this.answer(() => {
      const village: ManagedVillage = {
        id: `thon-${++this.n}`,
        kind: 'village',
        name: v.name.trim(),
        parentId: v.communeId,
        archived: false,
      };
      this.villageList.push(village);
      this.log('village.create', { targetAreaId: village.id, details: { name: village.name } });
      return ok(village);
    });

  /** The commune's lock time as the server keeps it ([M26]); only an admin sets it. */
  lockMinutes: number | null = null;
  setLock = (_: string, communeId: string, lockMinutes: number | null) =>
    this.answer(() => {
      if (communeId !== COMMUNE.id) return refused(404, 'not_found', 'no such commune');
      this.lockMinutes = lockMinutes;
      this.log('commune.lock', { targetAreaId: communeId, details: { new: lockMinutes } });
      return ok({ id: communeId, lockMinutes });
    });

  changeVillage = (_: string, id: string, change: { name?: string; archived?: boolean }) =>
    this.answer(() => {
      const village = this.villageList.find((v) => v.id === id);
      if (!village) return refused(404, 'not_found', 'no such village');
      if (change.archived && this.volunteerList.some((v) => v.active && v.areaIds.includes(id)))
        return refused(400, 'invalid_request', 'archived: active volunteers still work in this village');
      Object.assign(village, change);
      this.log(change.name ? 'village.rename' : 'village.archive', { targetAreaId: id });
      return ok({ ...village });
    });

  volunteers = () => this.answer(() => ok(structuredClone(this.volunteerList)));

  createVolunteer = (_: string, v: NewVolunteer) =>
    this.answer(() => {
      if ([...this.volunteerList].some((x) => x.phone === v.phone))
        return refused(409, 'already_exists', 'phone: another user has this phone number');
      const volunteer: ManagedVolunteer = {
        id: `v-${++this.n}`,
        name: v.name,
        phone: v.phone,
        role: 'volunteer',
        areaIds: v.villageIds,
        active: true,
        communeId: COMMUNE.id,
      };
      this.volunteerList.push(volunteer);
      if (v.password) this.passwords.set(volunteer.id, v.password);
      this.log('volunteer.create', { targetUserId: volunteer.id, targetUserName: volunteer.name });
      return ok(volunteer);
    });

  changeVolunteer = (
    _: string,
    id: string,
    change: { name?: string; villageIds?: string[]; active?: boolean },
  ) =>
    this.answer(() => {
      const volunteer = this.volunteerList.find((v) => v.id === id);
      if (!volunteer) return refused(404, 'not_found', 'no such volunteer');
      if (change.name) volunteer.name = change.name;
      if (change.villageIds) volunteer.areaIds = change.villageIds;
      if (change.active !== undefined) {
        volunteer.active = change.active;
        if (!change.active)
          for (const d of this.deviceList) if (d.userId === id && d.state === 'active') d.state = 'revoking';
      }
      this.log('volunteer.update', { targetUserId: id, targetUserName: volunteer.name });
      return ok({ ...volunteer });
    });

  setPassword = (_: string, id: string, password: string) =>
    this.answer<void>(() => {
      this.passwords.set(id, password);
      this.log('volunteer.password', { targetUserId: id });
      return ok(undefined);
    });

  setupCode = (_: string, volunteerId: string) =>
    this.answer(() => {
      const volunteer = this.volunteerList.find((v) => v.id === volunteerId);
      if (!volunteer) return refused(404, 'not_found', 'no such volunteer');
      const n = ++this.n;
      const code = `ABCD${'WXYZ'.slice(0, 4 - String(n).length)}${n}`.replace(/[01]/g, '2');
      const setup: SetupCode = {
        code,
        display: `${code.slice(0, 4)}-${code.slice(4)}`,
        expiresAt: '2026-12-01T03:00:00.000Z',
        volunteer: { id: volunteer.id, name: volunteer.name },
      };
      this.codes.push(setup);
      this.log('setup_code.create', { targetUserId: volunteer.id, targetUserName: volunteer.name });
      return ok(setup);
    });

  devices = () => this.answer(() => ok(structuredClone(this.deviceList)));

  revoke = (_: string, d: { deviceId: string; userId: string }) =>
    this.answer(() => {
      const device = this.deviceList.find((x) => x.deviceId === d.deviceId && x.userId === d.userId);
      if (!device) return refused(404, 'not_found', 'no such phone');
      if (device.state === 'active') device.state = 'revoking';
      this.log('device.revoke', { targetDeviceId: d.deviceId, targetUserId: d.userId });
      return ok({ ...device });
    });

  /** The households imported so far, by the file's key; ID numbers the server holds elsewhere. */
  imported = new Map<string, ImportHouseholdInput>();
  takenIds = new Set<string>();
  checks: ImportCheckRequest[] = [];
  applies: ImportApplyRequest[] = [];

  private judge(h: ImportHouseholdInput) {
    const known = this.imported.get(h.key);
    const problems = h.members
      .filter((m) => m.fields.idNumber && this.takenIds.has(m.fields.idNumber))
      .map((m) => ({ row: m.row, field: 'idNumber', message: 'Số định danh đã có ở hộ khác (thôn Đoài)' }));
    const bad = new Set(problems.map((p) => p.row));
    const action = !known
      ? ('create' as const)
      : JSON.stringify(known) === JSON.stringify(h)
        ? ('unchanged' as const)
        : ('update' as const);
    return {
      key: h.key,
      action,
      householdId: known ? `h-${h.key}` : null,
      changed: [],
      members: h.members
        .filter((m) => !bad.has(m.row))
        .map((m) => ({ row: m.row, action, personId: known ? `p-${m.row}` : null, changed: [] })),
      problems,
    };
  }

  importCheck = (_: string, batch: ImportCheckRequest) =>
    this.answer(() => {
      this.checks.push(batch);
      return ok({ households: batch.households.map((h) => this.judge(h)) });
    });

  importApply = (_: string, batch: ImportApplyRequest) =>
    this.answer(() => {
      this.applies.push(batch);
      const households = batch.households.map((h) => ({ ...this.judge(h), householdId: `h-${h.key}` }));
      const tally = { created: 0, updated: 0, unchanged: 0 };
      const counts = { households: { ...tally }, persons: { ...tally }, skippedRows: 0 };
      for (const h of households) {
        counts.households[
          `${h.action === 'create' ? 'created' : h.action === 'update' ? 'updated' : 'unchanged'}`
        ]++;
        counts.persons[
          `${h.action === 'create' ? 'created' : h.action === 'update' ? 'updated' : 'unchanged'}`
        ] += h.members.length;
        counts.skippedRows += h.problems.length;
      }
      for (const h of batch.households) this.imported.set(h.key, h);
      this.log('import.apply', { targetAreaId: batch.villageId });
      return ok({ households, counts });
    });

  /** Entries per page of the trail (small, so that paging shows). */
  auditPage = 2;
  audit = (_: string, page: { before?: number | null }) =>
    this.answer(() => {
      const from = page.before ? this.auditLog.filter((e) => e.id < page.before!) : this.auditLog;
      const entries = from.slice(0, this.auditPage);
      return ok({ entries, next: from.length > this.auditPage ? (entries.at(-1)?.id ?? null) : null });
    });
}
