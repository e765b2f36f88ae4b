// Which forms hold input that is not saved yet, so that an app update never reloads over a half-filled form.

const dirtyForms = new Set<string>();

/** A form reports whether it holds unsaved input; `false` also when it is saved or closed. */
export function markDirty(formId: string, dirty: boolean): void {
  if (dirty) dirtyForms.add(formId);
  else dirtyForms.delete(formId);
}

/** True while any open form holds input that is not saved. */
export function hasUnsavedInput(): boolean {
  return dirtyForms.size > 0;
}
