// The server's password hashes (src/server/accounts/passwords.ts): scrypt at N = 2^15 unless the test
// suite lowered it for its own accounts (test/setup.ts), and a hash verifies at whatever cost it was
// made, so that the cost can be raised later without locking anyone out.
import { afterEach, describe, expect, it } from 'vitest';
import {
  hashPassword,
  setPasswordCostForTests,
  verifyPassword,
} from '../../../src/server/accounts/passwords.ts';

afterEach(() => setPasswordCostForTests(10));

describe('password hashes', () => {
  it('are made at N = 2^15, r = 8, p = 1 by the server', async () => {
    setPasswordCostForTests(null);
    const hash = await hashPassword('mật khẩu đúng');
    expect(hash).toMatch(/^scrypt\$15\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword('mật khẩu đúng', hash)).toBe(true);
    expect(await verifyPassword('mật khẩu sai', hash)).toBe(false);
  });

  it('verify at the cost they were made with, lower or higher than today’s', async () => {
    setPasswordCostForTests(10);
    const cheap = await hashPassword('so06-demo-1');
    expect(cheap).toMatch(/^scrypt\$10\$/);
    setPasswordCostForTests(null);
    expect(await verifyPassword('so06-demo-1', cheap)).toBe(true);
    expect(await verifyPassword('so06-demo-2', cheap)).toBe(false);
  });
});
