// A small client of the server's HTTP API for the benchmarks: JSON calls with the bearer token, and
// creation mutations for generated records.
import { randomUUID } from 'node:crypto';
import type { Mutation } from '../src/domain/sync-protocol.ts';

export class Client {
  token = '';
  constructor(
    readonly base: string,
    readonly deviceId = randomUUID(),
  ) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(this.base + path, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 200)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async login(phone: string, password: string): Promise<this> {
    const r = await this.call<{ token: string }>('POST', '/api/auth/login', {
      phone,
      password,
      deviceId: this.deviceId,
    });
    this.token = r.token;
    return this;
  }
}

/** The push mutation that creates a generated record on the server. */
export function create(entity: Mutation['entity'], record: { id: string; version?: number }): Mutation {
  const { id, version: _v, ...fields } = record as Record<string, unknown> & { id: string };
  return {
    id: randomUUID(),
    entity,
    entityId: id,
    op: 'upsert',
    baseVersion: 0,
    fields,
    clientTime: new Date().toISOString(),
  };
}
