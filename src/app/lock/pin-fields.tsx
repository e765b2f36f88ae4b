// The PIN typed on a phone: digits only, hidden, no autofill, the numeric keypad. One field to unlock;
// two (chosen, then again) to set one.
import { useState } from 'preact/hooks';
import { pinProblem } from '../../domain/pin.ts';
import { FormError, TextField } from '../components/fields.tsx';
import { useT } from '../i18n/i18n.ts';

export function PinField(props: {
  name: string;
  label: string;
  value: string;
  error?: string | undefined;
  onInput: (pin: string) => void;
}) {
  return (
    <TextField
      name={props.name}
      label={props.label}
      type="password"
      inputMode="numeric"
      autoComplete="off"
      value={props.value}
      error={props.error}
      // Only digits are kept, at most six: a full-width digit keyboard or a stray space reads as none.
      onInput={(v) => props.onInput(v.replace(/\D/g, '').slice(0, 6))}
    />
  );
}

/**
 * A new PIN, chosen and typed again; `submit` gets it once both agree and the rule allows it. With
 * `withCurrent` (changing it in the settings) the current PIN is asked first and given along.
 */
export function NewPinForm(props: {
  submitLabel: string;
  busyLabel: string;
  busy: boolean;
  failure: string | null;
  submit: (pin: string, current: string) => void;
  withCurrent?: boolean;
  /** A second button beside the submit one (the settings' "Huỷ"). */
  cancel?: { label: string; onClick: () => void };
}) {
  const t = useT();
  const [current, setCurrent] = useState('');
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<{ current?: string; pin?: string; again?: string }>({});
  const onSubmit = (e: Event) => {
    e.preventDefault();
    if (props.busy) return;
    const problem = pinProblem(pin);
    const next = {
      current: props.withCurrent && current.length !== 6 ? t.lock.pinFormat : undefined,
      pin: problem === 'format' ? t.lock.pinFormat : problem === 'too_simple' ? t.lock.pinSimple : undefined,
      again: !problem && again !== pin ? t.lock.pinMismatch : undefined,
    };
    setErrors(next);
    if (next.current || next.pin || next.again) {
      document.getElementById(next.current ? 'pin-current' : next.pin ? 'pin' : 'pin-again')?.focus();
      return;
    }
    props.submit(pin, current);
    setCurrent('');
  };
  return (
    <form class="form" noValidate onSubmit={onSubmit}>
      <FormError text={props.failure} />
      {props.withCurrent && (
        <PinField
          name="pin-current"
          label={t.settings.currentPin}
          value={current}
          error={errors.current}
          onInput={setCurrent}
        />
      )}
      <PinField
        name="pin"
        label={props.withCurrent ? t.settings.newPin : t.lock.pin}
        value={pin}
        error={errors.pin}
        onInput={setPin}
      />
      <PinField
        name="pin-again"
        label={props.withCurrent ? t.settings.newPinAgain : t.lock.pinAgain}
        value={again}
        error={errors.again}
        onInput={setAgain}
      />
      <div class="form-actions">
        <button type="submit" class="button primary" disabled={props.busy}>
          {props.busy ? props.busyLabel : props.submitLabel}
        </button>
        {props.cancel && (
          <button type="button" class="button" onClick={props.cancel.onClick}>
            {props.cancel.label}
          </button>
        )}
      </div>
    </form>
  );
}
