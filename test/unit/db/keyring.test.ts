// The notebook's data key (issue 16): wrapped by the PIN and by the account's recovery secret; a wrong
// PIN refused by the tag; recovery; a new PIN that leaves what was sealed readable; rows sealed to
// their place; tags for the ID number index. WebCrypto as the phone has it (Node's implementation of
// the same API). A low iteration count keeps the tests fast: the count is stored with the keyring and
// read back from it.
import { describe, expect, it } from 'vitest';
import {
  PIN_ITERATIONS,
  addDeviceWrap,
  addRecovery,
  asKeyring,
  changePin,
  createKeyring,
  unlockWithDevice,
  unlockWithPin,
  unlockWithRecovery,
} from '../../../src/db/crypto/keyring.ts';
import { RowCipher, SealBroken } from '../../../src/db/crypto/row-cipher.ts';

const FAST = 1000;
const secret = () => crypto.getRandomValues(new Uint8Array(32));
const PERSON = {
  fullName: 'Nguyễn Thị Lan',
  birthDate: '1990-03-15',
  idNumber: '001190012345',
  phone: '0912345678',
};

/** What `key` seals at `place`, opened again with the key a keyring gave back. */
function roundTrip(sealedWith: Uint8Array, openedWith: Uint8Array, place = 'persons/p1') {
  const sealed = new RowCipher(sealedWith).seal(PERSON, place);
  return new RowCipher(openedWith).open(sealed, place);
}

describe('the notebook keyring', () => {
  it('the right PIN opens the key; a wrong one is refused, never thrown', async () => {
    const { keyring, key } = await createKeyring('123456', secret(), FAST);
    const right = await unlockWithPin(keyring, '123456');
    if (!right.ok) throw new Error('the right PIN did not open');
    expect(right.key).toEqual(key);
    expect(roundTrip(key, right.key)).toEqual(PERSON);
    expect(await unlockWithPin(keyring, '123457')).toEqual({ ok: false, code: 'wrong_secret' });
    expect(await unlockWithPin(keyring, '')).toEqual({ ok: false, code: 'wrong_secret' });
  });

  it('stores nothing that reveals the PIN or the key: text only, a salt and IV of its own each time', async () => {
    const a = await createKeyring('123456', secret(), FAST);
    const b = await createKeyring('123456', secret(), FAST);
    const text = JSON.stringify(a.keyring);
    expect(text).not.toContain('123456');
    expect(text).not.toContain(Buffer.from(a.key).toString('base64url'));
    expect(asKeyring(JSON.parse(text))).toEqual(a.keyring); // a plain JSON row, read back
    expect(asKeyring({ version: 1 })).toBeNull();
    expect(a.keyring.byPin.kdf).toMatchObject({ name: 'PBKDF2-SHA-256', iterations: FAST });
    expect(a.keyring.byPin.wrapped).not.toBe(b.keyring.byPin.wrapped);
    expect(a.keyring.byPin.kdf).not.toEqual(b.keyring.byPin.kdf);
    expect(a.key).not.toEqual(b.key);
    expect(PIN_ITERATIONS).toBeGreaterThanOrEqual(600_000);
  });

  it('the recovery secret opens the same key (a forgotten PIN costs an online sign-in, not the edits)', async () => {
    const recovery = secret();
    const { keyring, key } = await createKeyring('123456', recovery, FAST);
    const opened = await unlockWithRecovery(keyring, recovery);
    if (!opened.ok) throw new Error('recovery did not open');
    expect(roundTrip(key, opened.key)).toEqual(PERSON);
    expect(await unlockWithRecovery(keyring, secret())).toEqual({ ok: false, code: 'wrong_secret' });
  });

  it('a keyring made offline has no recovery wrap until one is added with the open key', async () => {
    const { keyring, key } = await createKeyring('123456', null, FAST);
    const recovery = secret();
    expect(keyring.byRecovery).toBeUndefined();
    expect(await unlockWithRecovery(keyring, recovery)).toEqual({ ok: false, code: 'wrong_secret' });
    const completed = await addRecovery(keyring, key, recovery);
    const opened = await unlockWithRecovery(completed, recovery);
    expect(opened.ok && opened.key).toEqual(key);
    expect(completed.byPin).toEqual(keyring.byPin);
  });

  it('a new PIN (proven by the old one or by recovery) leaves everything sealed before readable', async () => {
    const recovery = secret();
    const { keyring, key } = await createKeyring('123456', recovery, FAST);
    const sealed = new RowCipher(key).seal(PERSON, 'persons/p1');
    expect(await changePin(keyring, { pin: '000000' }, '654321', FAST)).toEqual({
      ok: false,
      code: 'wrong_secret',
    });
    const changed = await changePin(keyring, { pin: '123456' }, '654321', FAST);
    if (!changed.ok) throw new Error('not changed');
    expect((await unlockWithPin(changed.keyring, '123456')).ok).toBe(false);
    const withNew = await unlockWithPin(changed.keyring, '654321');
    expect(withNew.ok && new RowCipher(withNew.key).open(sealed, 'persons/p1')).toEqual(PERSON);
    // The recovery wrap is the same one: recovery still opens it, and can set yet another PIN.
    const again = await changePin(changed.keyring, { recoverySecret: recovery }, '111111', FAST);
    if (!again.ok) throw new Error('not changed by recovery');
    const third = await unlockWithPin(again.keyring, '111111');
    expect(third.ok && new RowCipher(third.key).open(sealed, 'persons/p1')).toEqual(PERSON);
  });
});

describe("the phone's authenticator as a third wrap (fingerprint unlock)", () => {
  it("its PRF output opens the same key; another output does not; the PIN's wrap is untouched", async () => {
    const { keyring, key } = await createKeyring('123456', secret(), FAST);
    const prfOutput = secret();
    const withDevice = await addDeviceWrap(keyring, key, {
      credentialId: 'cred-1',
      prfInput: 'in-1',
      prfOutput,
    });
    expect(withDevice.byDevice).toMatchObject({ credentialId: 'cred-1', prfInput: 'in-1' });
    expect(withDevice.byPin).toEqual(keyring.byPin);
    expect(JSON.stringify(withDevice)).not.toContain(Buffer.from(prfOutput).toString('base64url'));
    const opened = await unlockWithDevice(withDevice, prfOutput);
    expect(opened.ok && opened.key).toEqual(key);
    expect(await unlockWithDevice(withDevice, secret())).toEqual({ ok: false, code: 'wrong_secret' });
    expect(await unlockWithDevice(keyring, prfOutput)).toEqual({ ok: false, code: 'wrong_secret' });
    // A new PIN keeps the fingerprint working: the same key under it.
    const changed = await changePin(withDevice, { pin: '123456' }, '654321', FAST);
    const still = changed.ok && (await unlockWithDevice(changed.keyring, prfOutput));
    expect(still && still.ok && still.key).toEqual(key);
  });

  it('a damaged fingerprint wrap costs the fingerprint, never the notebook', async () => {
    const { keyring, key } = await createKeyring('123456', null, FAST);
    const withDevice = await addDeviceWrap(keyring, key, {
      credentialId: 'cred-1',
      prfInput: 'in-1',
      prfOutput: secret(),
    });
    expect(asKeyring(JSON.parse(JSON.stringify(withDevice)))).toEqual(withDevice);
    const damaged = { ...withDevice, byDevice: { ...withDevice.byDevice, credentialId: 7 } };
    expect(asKeyring(damaged)).toEqual(keyring);
  });
});

describe('the row cipher', () => {
  const key = () => crypto.getRandomValues(new Uint8Array(32));

  it('a sealed row opens only in its place, with its key, unaltered; no two seals alike', () => {
    const k = key();
    const cipher = new RowCipher(k);
    const sealed = cipher.seal(PERSON, 'persons/p1');
    const raw = Buffer.from(sealed).toString('latin1');
    for (const value of Object.values(PERSON)) expect(raw).not.toContain(value);
    expect(cipher.open(sealed, 'persons/p1')).toEqual(PERSON);
    expect(() => cipher.open(sealed, 'persons/p2')).toThrow(SealBroken); // moved to another row
    expect(() => new RowCipher(key()).open(sealed, 'persons/p1')).toThrow(SealBroken);
    const tampered = sealed.slice();
    tampered[20] = tampered[20]! ^ 1;
    expect(() => cipher.open(tampered, 'persons/p1')).toThrow(SealBroken);
    expect(cipher.seal(PERSON, 'persons/p1')).not.toEqual(sealed);
  });

  it('opens many rows at once with WebCrypto, the same AES-GCM as open(): moved or altered ones refused', async () => {
    const cipher = new RowCipher(key());
    const rows = [1, 2, 3].map((n) => ({
      place: `persons/p${n}`,
      sealed: cipher.seal({ ...PERSON, n }, `persons/p${n}`),
    }));
    expect(await cipher.openMany(rows)).toEqual([1, 2, 3].map((n) => ({ ...PERSON, n })));
    await expect(cipher.openMany([{ ...rows[0]!, place: 'persons/p9' }])).rejects.toThrow(SealBroken);
    const tampered = rows[1]!.sealed.slice();
    tampered[30] = tampered[30]! ^ 1;
    await expect(cipher.openMany([{ ...rows[1]!, sealed: tampered }])).rejects.toThrow(SealBroken);
  });

  it('tags an ID number the same way under one key, differently under another, never as itself', () => {
    const k = key();
    const a = new RowCipher(k);
    const b = new RowCipher(k);
    expect(a.tag('001190012345')).toBe(b.tag('001190012345'));
    expect(a.tag('001190012345')).not.toBe(a.tag('001190012346'));
    expect(a.tag('001190012345')).not.toBe(new RowCipher(key()).tag('001190012345'));
    expect(a.tag('001190012345')).not.toContain('001190012345');
  });

  it('forgets its key when destroyed: the bytes it held are zero, and the caller keeps its own', () => {
    const k = key();
    const copy = k.slice();
    const cipher = new RowCipher(k);
    const sealed = cipher.seal(PERSON, 'meta/x');
    cipher.destroy();
    expect(k).toEqual(copy);
    expect(() => cipher.open(sealed, 'meta/x')).toThrow(SealBroken);
    expect(new RowCipher(k).open(sealed, 'meta/x')).toEqual(PERSON);
  });
});
