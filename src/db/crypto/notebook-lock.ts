// Whether the notebook's rows can be read and written now, and with which key (row-cipher.ts). One
// per notebook in a tab, shared by its three ways into IndexedDB: Dexie (sealing-middleware.ts), the
// first screen's plain reads (raw-reads.ts) and the quick edit (write.ts).
//
// - `plain`: a notebook kept in the clear. Only a notebook from before issue 16 until its PIN is set
//   (seal-notebook.ts seals it), and the unit tests of everything else, which do not care.
// - `locked`: sealed, and the key is not in memory: every read of a sealed row and every write of a
//   sealed table throws NotebookLocked. The app starts here when the notebook has a keyring.
// - `open`: unlocked; rows are sealed as written and opened as read.
// The cipher's code (and @noble/ciphers) loads with Dexie, after the first screen's: only its type here.
import type { RowCipher } from './row-cipher.ts';

export type LockState = 'plain' | 'locked' | 'open';

/** A read or write of citizens' data while the notebook is locked: nothing was read or written. */
export class NotebookLocked extends Error {
  constructor() {
    super('the notebook is locked');
    this.name = 'NotebookLocked';
  }
}

export class NotebookLock {
  private cipher: RowCipher | null = null;
  private current: LockState;
  private readonly listeners = new Set<(state: LockState) => void>();

  constructor(initial: 'plain' | 'locked' = 'plain') {
    this.current = initial;
  }

  get state(): LockState {
    return this.current;
  }

  /** Unlock with a cipher over the notebook's data key (notebook-keys.ts makes it). */
  open(cipher: RowCipher): void {
    if (this.cipher !== cipher) this.cipher?.destroy();
    this.cipher = cipher;
    this.set('open');
  }

  /** Why the notebook was last locked: 'idle' (the timer, said on the lock screen) or anything else. */
  lockedBy: 'idle' | 'other' = 'other';

  /**
   * Lock: the key's bytes are zeroed and dropped. A plain notebook stays plain unless `sealed`. `by`:
   * the idle timer, or anything else (the start, "Khoá ngay", wrong PINs, a wipe).
   */
  lock(sealed = true, by: 'idle' | 'other' = 'other'): void {
    this.cipher?.destroy();
    this.cipher = null;
    this.lockedBy = by;
    this.set(sealed || this.current !== 'plain' ? 'locked' : 'plain');
  }

  /**
   * The cipher to seal and open rows with: null for a plain notebook; NotebookLocked while locked.
   */
  use(): RowCipher | null {
    if (this.cipher) return this.cipher;
    if (this.current === 'plain') return null;
    throw new NotebookLocked();
  }

  onChange(listener: (state: LockState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(state: LockState) {
    if (state === this.current) return;
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }
}
