/**
 * One labelled form field: label (with the "required" mark said to screen readers), the
 * control, then either its hint or its errors. The control's own `aria-describedby` should
 * point at `${id}-hint` or `${id}-err`, which this component renders.
 */
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

export interface FieldProps {
  /** The control's id (the label's `htmlFor`); the hint and error ids derive from it. */
  id: string;
  label: string;
  required?: boolean;
  errors: string[];
  hint?: string;
  children: ReactNode;
}

export function Field({ id, label, required, errors, hint, children }: FieldProps) {
  const { t } = useI18n();
  return (
    <div className={`field-stack ${errors.length ? 'has-error' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required && (
          <>
            <span className="required" aria-hidden="true">
              {' '}
              *
            </span>
            <span className="sr-only"> ({t('validation.requiredMark')})</span>
          </>
        )}
      </label>
      {children}
      {hint && !errors.length && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {errors.length > 0 && (
        <p className="field-error" id={`${id}-err`}>
          {errors.join(' ')}
        </p>
      )}
    </div>
  );
}
