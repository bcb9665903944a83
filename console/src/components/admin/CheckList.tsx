/** A labelled group of checkboxes (roles of a user, scopes of a key). */
export function CheckList({ legend, name, options, label, value, onChange }: { legend: string; name: string; options: readonly string[]; label: (o: string) => string; value: string[]; onChange: (v: string[]) => void }) {
  return (
    <fieldset className="checks">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o}>
          <input type="checkbox" name={name} value={o} checked={value.includes(o)} onChange={(e) => onChange(e.target.checked ? [...value, o] : value.filter((x) => x !== o))} />
          {label(o)}
        </label>
      ))}
    </fieldset>
  );
}
