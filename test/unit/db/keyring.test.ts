// The notebook's data key (issue 16): wrapped by the PIN and by the account's recovery secret; a wrong
// PIN refused by the tag; recovery; a new PIN that leaves what was sealed readable; records sealed to
// their place. WebCrypto as the phone has it (Node's implementation of the same API). A low iteration
// count keeps the tests fast: the count is stored with the keyring and read back from it.
import { describe, expect, it } from 'vitest';
import {
  PIN_ITERATIONS,
  changePin,
  createKeyring,
  open,
  seal,
  unlockWithPin,
  unlockWithRecovery,
} from '../../../src/db/crypto/keyring.ts';

const FAST = 1000;
const secret = () => crypto.getRandomValues(new Uint8Array(32));
const PERSON = {
  fullName: 'Nguyễn Thị Lan',
  birthDate: '1990-03-15',
  idNumber: '001190012345',
  phone: '0912345678',
};

describe('the notebook keyring', () => {
  it('the right PIN opens the key; a wrong one is refused, never thrown', async () => {
    const { keyring, key } = await createKeyring('123456', secret(), FAST);
    const sealed = await seal(key, PERSON, 'persons:p1');
    const right = await unlockWithPin(keyring, '123456');
    expect(right.ok).toBe(true);
    expect(await open(right.ok ? right.key : key, sealed, 'persons:p1')).toEqual(PERSON);
    expect(await unlockWithPin(keyring, '123457')).toEqual({ ok: false, code: 'wrong_secret' });
    expect(await unlockWithPin(keyring, '')).toEqual({ ok: false, code: 'wrong_secret' });
  });

  it('keeps the key out of reach of page script: not extractable once unlocked', async () => {
    const { keyring, key } = await createKeyring('123456', secret(), FAST);
    expect(key.extractable).toBe(false);
    const unlocked = await unlockWithPin(keyring, '123456');
    expect(unlocked.ok && unlocked.key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });

  it('stores nothing that reveals the PIN or the key: text only, a salt and IV of its own each time', async () => {
    const a = await createKeyring('123456', secret(), FAST);
    const b = await createKeyring('123456', secret(), FAST);
    const text = JSON.stringify(a.keyring);
    expect(text).not.toContain('123456');
    expect(JSON.parse(text)).toEqual(a.keyring); // a plain JSON row
    expect(a.keyring.byPin.kdf).toMatchObject({ name: 'PBKDF2-SHA-256', iterations: FAST });
    expect(a.keyring.byPin.wrapped).not.toBe(b.keyring.byPin.wrapped);
    expect(a.keyring.byPin.kdf).not.toEqual(b.keyring.byPin.kdf);
    expect(PIN_ITERATIONS).toBeGreaterThanOrEqual(600_000);
  });

  it('the recovery secret opens the same key (a forgotten PIN costs an online sign-in, not the edits)', async () => {
    const recovery = secret();
    const { keyring, key } = await createKeyring('123456', recovery, FAST);
    const sealed = await seal(key, PERSON, 'outbox:7');
    const opened = await unlockWithRecovery(keyring, recovery);
    expect(opened.ok).toBe(true);
    expect(await open(opened.ok ? opened.key : key, sealed, 'outbox:7')).toEqual(PERSON);
    expect(await unlockWithRecovery(keyring, secret())).toEqual({ ok: false, code: 'wrong_secret' });
  });

  it('a new PIN (proven by the old one or by recovery) leaves everything sealed before readable', async () => {
    const recovery = secret();
    const { keyring, key } = await createKeyring('123456', recovery, FAST);
    const sealed = await seal(key, PERSON, 'persons:p1');
    expect(await changePin(keyring, { pin: '000000' }, '654321', FAST)).toEqual({
      ok: false,
      code: 'wrong_secret',
    });
    const changed = await changePin(keyring, { pin: '123456' }, '654321', FAST);
    if (!changed.ok) throw new Error('not changed');
    expect((await unlockWithPin(changed.keyring, '123456')).ok).toBe(false);
    const withNew = await unlockWithPin(changed.keyring, '654321');
    expect(withNew.ok && (await open(withNew.key, sealed, 'persons:p1'))).toEqual(PERSON);
    // The recovery wrap is the same one: recovery still opens it, and can set yet another PIN.
    const again = await changePin(changed.keyring, { recoverySecret: recovery }, '111111', FAST);
    if (!again.ok) throw new Error('not changed by recovery');
    const third = await unlockWithPin(again.keyring, '111111');
    expect(third.ok && (await open(third.key, sealed, 'persons:p1'))).toEqual(PERSON);
  });

  it('a sealed record opens only in its place, with its key, unaltered', async () => {
    const { key } = await createKeyring('123456', secret(), FAST);
    const { key: other } = await createKeyring('123456', secret(), FAST);
    const sealed = await seal(key, PERSON, 'persons:p1');
    const bytes = new Uint8Array(sealed.data);
    const raw = new TextDecoder('latin1').decode(bytes);
    for (const value of Object.values(PERSON)) expect(raw).not.toContain(value);
    expect(await open(key, sealed, 'persons:p2')).toBeNull(); // moved to another row
    expect(await open(other, sealed, 'persons:p1')).toBeNull(); // another notebook's key
    const tampered = new Uint8Array(bytes);
    tampered[0] = tampered[0]! ^ 1;
    expect(await open(key, { iv: sealed.iv, data: tampered.buffer }, 'persons:p1')).toBeNull();
    const twice = await seal(key, PERSON, 'persons:p1');
    expect(new Uint8Array(twice.iv)).not.toEqual(new Uint8Array(sealed.iv));
  });
});
