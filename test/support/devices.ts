// Phones for the engine-against-the-server tests: a NotebookDb on fake-indexeddb, the real HTTP
// transport with a fetch the test controls (offline, a dropped request, a lost answer, a request
// delivered twice), and a log of every push answer the engine actually received.
import { NotebookDb } from '../../src/db/db.ts';
import { FIELDS, type Entity } from '../../src/domain/records.ts';
import type { Change, Mutation, MutationResult } from '../../src/domain/sync-protocol.ts';
import { createSyncEngine, type RoundResult } from '../../src/sync/engine.ts';
import { createHttpTransport, type SyncTransport } from '../../src/sync/transport.ts';
import { PASSWORD, request, type Api, type LoginBody } from './server.ts';

/** What the next request of a device suffers (consumed by that request). */
export type Fault = 'none' | 'drop-request' | 'drop-answer' | 'twice';

export interface Received {
  mutation: Mutation;
  result: MutationResult;
}

export interface Device {
  name: string;
  deviceId: string;
  db: NotebookDb;
  token: string;
  online: boolean;
  /** Faults for the next requests, in order. */
  faults: Fault[];
  /** Every push result the engine received, with the mutation it answers. */
  received: Received[];
  /** Requests that reached the server (counting a twice-delivered one twice). */
  delivered: number;
  round(): Promise<RoundResult>;
  login(): Promise<void>;
  close(): Promise<void>;
}

export interface DeviceOptions {
  name: string;
  phone: string;
  password?: string;
  /** The server's current origin, read at each request (the server may restart on another port). */
  url: () => string;
}

/** Logs in `phone` as a new device and opens a fresh local database for it. */
export async function openDevice(options: DeviceOptions): Promise<Device> {
  const deviceId = crypto.randomUUID();
  const device: Device = {
    name: options.name,
    deviceId,
    db: new NotebookDb(`dev-${crypto.randomUUID()}`),
    token: '',
    online: true,
    faults: [],
    received: [],
    delivered: 0,
    round: () => engine.round(),
    async login() {
      const res = await request<LoginBody>(options.url(), 'POST', '/api/auth/login', {
        json: { phone: options.phone, password: options.password ?? PASSWORD, deviceId },
      });
      if (res.status !== 200) throw new Error(`login ${options.phone}: ${res.status} ${res.text}`);
      device.token = res.body.token;
    },
    async close() {
      device.db.close();
      await device.db.delete();
    },
  };
  await device.login();

  const controlled: typeof fetch = async (input, init) => {
    if (!device.online) throw new TypeError('fetch failed: offline');
    const fault = device.faults.shift() ?? 'none';
    if (fault === 'drop-request') throw new TypeError('fetch failed: request dropped');
    const path = String(input);
    const target = path.startsWith('http') ? path : `${options.url()}${path}`;
    if (fault === 'drop-answer' || fault === 'twice') {
      const first = await fetch(target, init);
      await first.arrayBuffer();
      device.delivered++;
      if (fault === 'drop-answer') throw new TypeError('fetch failed: connection reset');
    }
    const response = await fetch(target, init);
    device.delivered++;
    return response;
  };
  const http = createHttpTransport({ baseUrl: '', token: async () => device.token, fetch: controlled });
  const transport: SyncTransport = {
    async push(req, report) {
      const answer = await http.push(req, report);
      if (answer.ok) {
        const sent = new Map(req.mutations.map((m) => [m.id, m]));
        for (const result of answer.value.results) {
          const mutation = sent.get(result.id);
          if (mutation) device.received.push({ mutation: structuredClone(mutation), result });
        }
      }
      return answer;
    },
    pull: (cursor, limit, report) => http.pull(cursor, limit, report),
    confirmRevoked: () => http.confirmRevoked(),
  };
  const engine = createSyncEngine({ db: device.db, transport, deviceId });
  return device;
}

const TABLES = { household: 'households', person: 'persons' } as const;

/** A record's own fields, id and version: no local `_` fields, no empty values, no server metadata. */
export function comparable(entity: Entity, id: string, version: number, data: Record<string, unknown>) {
  const out: Record<string, unknown> = { id, version };
  for (const key of Object.keys(FIELDS[entity].shape)) {
    const v = data[key];
    if (v !== undefined && v !== null) out[key] = v;
  }
  return out;
}

export type View = Record<'household' | 'person', Record<string, Record<string, unknown>>>;

/** The households and persons in a device's tables. */
export async function deviceView(device: Device): Promise<View> {
  const view: View = { household: {}, person: {} };
  for (const entity of ['household', 'person'] as const) {
    const rows = (await device.db[TABLES[entity]].toArray()) as unknown as Record<string, unknown>[];
    for (const row of rows) {
      const id = String(row.id);
      view[entity][id] = comparable(entity, id, Number(row.version), row);
    }
  }
  return view;
}

/** The server's live households and persons as `api` sees them through pull from the beginning. */
export async function serverView(api: Api): Promise<{ view: View; all: Map<string, Change> }> {
  const all = await api.snapshot();
  const view: View = { household: {}, person: {} };
  for (const c of all.values()) {
    if (c.deleted || !c.data || (c.entity !== 'household' && c.entity !== 'person')) continue;
    view[c.entity][c.entityId] = comparable(c.entity, c.entityId, c.version, c.data);
  }
  return { view, all };
}

export interface AuditEntry {
  mutationId: string | null;
  entity: string;
  entityId: string;
  op: string;
  changes: Record<string, { old: unknown; new: unknown }>;
}

/** The audit trail of one record (admin only). */
export async function auditOf(admin: Api, entityId: string): Promise<AuditEntry[]> {
  const res = await admin.get<{ entries: AuditEntry[] }>(`/api/admin/audit?entityId=${entityId}`);
  if (res.status !== 200) throw new Error(`audit ${entityId}: ${res.status} ${res.text}`);
  return res.body.entries;
}
