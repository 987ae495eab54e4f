import type { ComponentChildren, InputHTMLAttributes, TargetedEvent } from 'preact';

interface FieldProps {
  readonly id: string;
  readonly label: string;
  readonly hint?: string;
  readonly error?: string | undefined;
  readonly children: (describedBy: string | undefined, invalid: boolean) => ComponentChildren;
}

/** A labelled control with its hint and error tied to it (aria-describedby, aria-invalid). */
export function Field({ id, label, hint, error, children }: FieldProps) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' field--invalid' : ''}`}>
      <label for={id}>{label}</label>
      {children(describedBy, Boolean(error))}
      {hint && (
        <p class="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

type InputProps = InputHTMLAttributes & {
  readonly id: string;
  readonly label: string;
  readonly hint?: string;
  readonly error?: string | undefined;
};

export function TextField({ id, label, hint, error, ...input }: InputProps) {
  return (
    <Field id={id} label={label} {...(hint ? { hint } : {})} error={error}>
      {(describedBy, invalid) => <input id={id} name={id} aria-describedby={describedBy} aria-invalid={invalid || undefined} {...input} />}
    </Field>
  );
}

/** Auth's password policy as the browser can check it: the length, and the hint that names the rest. */
export const PASSWORD_MIN_LENGTH = 10;

/** A field for choosing a password, with the policy's length and hint (the server checks the rest). */
export function NewPasswordField({
  id,
  label,
  value,
  onInput,
}: {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onInput: (event: TargetedEvent<HTMLInputElement>) => void;
}) {
  return (
    <TextField
      id={id}
      label={label}
      value={value}
      onInput={onInput}
      type="password"
      required
      minLength={PASSWORD_MIN_LENGTH}
      autoComplete="new-password"
      hint={`At least ${PASSWORD_MIN_LENGTH} characters; common passwords are refused.`}
    />
  );
}

/** A message about the whole form (or page), announced when it appears. */
export function Alert({ kind, children }: { kind: 'error' | 'success' | 'info'; children: ComponentChildren }) {
  return (
    <div class={`alert alert--${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
