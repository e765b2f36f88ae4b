// Which forms hold input that is not saved yet, so that an app update never reloads over a half-filled form.

const dirtyForms = new Set<string>();
const listeners = new Set<() => void>();

/** A form reports whether it holds unsaved input; `false` also when it is saved or closed. */
export function markDirty(formId: string, dirty: boolean): void {
  const before = dirtyForms.size;
  if (dirty) dirtyForms.add(formId);
  else dirtyForms.delete(formId);
  if (dirtyForms.size !== before) for (const listener of [...listeners]) listener();
}

/** True while any open form holds input that is not saved. */
export function hasUnsavedInput(): boolean {
  return dirtyForms.size > 0;
}

/** Calls `run` once no form holds unsaved input: at once if none does, else when the last is saved or left. */
export function whenNoUnsavedInput(run: () => void): () => void {
  if (!hasUnsavedInput()) {
    run();
    return () => undefined;
  }
  const listener = () => {
    if (hasUnsavedInput()) return;
    listeners.delete(listener);
    run();
  };
  listeners.add(listener);
  return () => listeners.delete(listener);
}
