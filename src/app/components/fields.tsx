// Labelled form fields with their error beside them: every input has a label, and a field's error is
// tied to it (aria-describedby) so a screen reader reads it with the field.
import type { ComponentChildren } from 'preact';
import { dateInputText, parseDateInput } from '../forms/date-input.ts';
import { useT } from '../i18n/i18n.ts';

interface BaseProps {
  /** The record field it edits: also its element id, one form per screen. */
  name: string;
  label: string;
  error?: string | undefined;
  hint?: ComponentChildren;
  optional?: boolean;
}

function describedBy(name: string, error?: string, hint?: ComponentChildren): string | undefined {
  const ids = [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Label({ name, label, optional }: Pick<BaseProps, 'name' | 'label' | 'optional'>) {
  const t = useT();
  return (
    <label for={name}>
      {label}
      {optional && <span class="optional"> {t.form.optional}</span>}
    </label>
  );
}

function Below({ name, error, hint }: Pick<BaseProps, 'name' | 'error' | 'hint'>) {
  return (
    <>
      {hint && (
        <div class="field-hint" id={`${name}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <p class="field-error" id={`${name}-error`}>
          {error}
        </p>
      )}
    </>
  );
}

/** A form's own error (not a field's), read out as it appears; nothing when there is none. */
export function FormError({ text }: { text: string | null }) {
  return text ? (
    <p class="form-error" role="alert">
      {text}
    </p>
  ) : null;
}

interface TextFieldProps extends BaseProps {
  value: string;
  onInput: (value: string) => void;
  onBlur?: () => void;
  type?: 'text' | 'tel' | 'password';
  inputMode?: 'text' | 'numeric' | 'tel';
  autoComplete?: string;
  placeholder?: string;
  multiline?: boolean;
}

export function TextField(props: TextFieldProps) {
  const { name, error, hint } = props;
  const common = {
    id: name,
    name,
    value: props.value,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': describedBy(name, error, hint),
    onInput: (e: Event) => props.onInput((e.currentTarget as HTMLInputElement).value),
    onBlur: props.onBlur,
  };
  return (
    <div class={error ? 'field invalid' : 'field'}>
      <Label {...props} />
      {props.multiline ? (
        <textarea {...common} rows={3} />
      ) : (
        <input
          {...common}
          type={props.type ?? 'text'}
          inputMode={props.inputMode}
          autoComplete={props.autoComplete ?? 'off'}
          placeholder={props.placeholder}
        />
      )}
      <Below {...props} />
    </div>
  );
}

/**
 * A date typed as dd/mm/yyyy (a text field: the native picker's format follows the phone's locale).
 * Until the text reads as a date the hint shows the format; typed another way ("05091990") it shows
 * the date as understood, and leaving the field writes it as dd/mm/yyyy.
 */
export function DateField(
  props: Omit<TextFieldProps, 'inputMode' | 'type' | 'placeholder' | 'hint' | 'onBlur'>,
) {
  const t = useT();
  const iso = parseDateInput(props.value);
  const shown = iso ? dateInputText(iso) : '';
  const hint = !iso ? t.form.dateHint : shown !== props.value.trim() ? shown : undefined;
  return (
    <TextField
      {...props}
      inputMode="numeric"
      placeholder={t.form.dateHint}
      hint={hint}
      onBlur={() => shown && shown !== props.value && props.onInput(shown)}
    />
  );
}

export interface Option {
  value: string;
  label: string;
}

interface SelectFieldProps extends BaseProps {
  value: string;
  options: readonly Option[];
  onChange: (value: string) => void;
}

export function SelectField(props: SelectFieldProps) {
  const { name, error, hint } = props;
  return (
    <div class={error ? 'field invalid' : 'field'}>
      <Label {...props} />
      <select
        id={name}
        name={name}
        value={props.value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(name, error, hint)}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Below {...props} />
    </div>
  );
}

/** A few choices as large radio buttons side by side (gender, visit outcome): one tap each. */
export function ChoiceField(props: SelectFieldProps) {
  const { name, error, hint } = props;
  return (
    <fieldset
      class={error ? 'field choice invalid' : 'field choice'}
      aria-describedby={describedBy(name, error, hint)}
    >
      <legend>{props.label}</legend>
      <div class="choices">
        {props.options.map((o) => (
          <label key={o.value} class="choice-option">
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={props.value === o.value}
              aria-invalid={error ? 'true' : undefined}
              onChange={() => props.onChange(o.value)}
            />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      <Below {...props} />
    </fieldset>
  );
}
