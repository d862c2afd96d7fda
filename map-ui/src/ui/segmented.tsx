/**
 * A choice among a few options shown side by side (radio buttons styled as one control):
 * `<Segmented legend="Méthode" name="method" value={m} options={[['weighted', 'Somme'], …]} onChange={setM} />`.
 */
import type { ReactNode } from 'react';

interface Props<V extends string> {
  legend: ReactNode;
  /** Visually hidden legend (still read by screen readers). */
  hideLegend?: boolean;
  /** The radio group's name, unique in the page (use `useId`). */
  name: string;
  value: V;
  options: ReadonlyArray<readonly [V, ReactNode]>;
  onChange: (value: V) => void;
}

export function Segmented<V extends string>({
  legend,
  hideLegend,
  name,
  value,
  options,
  onChange,
}: Props<V>) {
  return (
    <fieldset className="segmented-field">
      <legend className={hideLegend ? 'sr-only' : undefined}>{legend}</legend>
      <div className="segmented">
        {options.map(([v, label]) => (
          <label key={v} className={value === v ? 'on' : ''}>
            <input type="radio" name={name} value={v} checked={value === v} onChange={() => onChange(v)} />
            {label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
