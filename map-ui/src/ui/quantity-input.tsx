/**
 * A non-negative number input for filters: the text typed is kept as typed, a valid value
 * (empty = no value, "12,5" accepted) goes to `onValue`, and an invalid one ("-5", "abc")
 * stays visible with the message `invalid` instead of being silently emptied.
 */
import { type InputHTMLAttributes, useEffect, useState } from 'react';

/** `parseQuantity('12,5')` → 12.5; `parseQuantity('')` → null; `parseQuantity('-5')` → undefined (invalid). */
export function parseQuantity(text: string): number | null | undefined {
  if (text.trim() === '') return null;
  const n = Number(text.replace(',', '.'));
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'> {
  id: string;
  value: number | null;
  onValue(value: number | null): void;
  /** The message shown under an invalid entry. */
  invalid: string;
}

export function QuantityInput({ id, value, onValue, invalid, ...rest }: Props) {
  const [text, setText] = useState(value === null ? '' : String(value));
  // A change from outside (reset, URL) replaces what was typed unless it already says the same.
  useEffect(() => {
    setText((typed) => (parseQuantity(typed) === value ? typed : value === null ? '' : String(value)));
  }, [value]);
  const bad = parseQuantity(text) === undefined;
  return (
    <>
      <input
        {...rest}
        id={id}
        type="text"
        inputMode="decimal"
        value={text}
        aria-invalid={bad || undefined}
        aria-describedby={bad ? `${id}-error` : undefined}
        onChange={(e) => {
          setText(e.target.value);
          const v = parseQuantity(e.target.value);
          if (v !== undefined) onValue(v);
        }}
      />
      {bad && (
        <span id={`${id}-error`} className="field-error quantity-error" role="alert">
          {invalid}
        </span>
      )}
    </>
  );
}
