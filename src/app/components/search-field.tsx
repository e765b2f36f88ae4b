// The search box of a list (the volunteer's households, the police's village): a label for screen
// readers, and a field that neither corrects nor capitalizes names, with "search" on the keyboard.
export function SearchField({
  id,
  label,
  placeholder,
  value,
  onInput,
}: {
  id: string;
  label: string;
  placeholder: string;
  value: string;
  onInput: (text: string) => void;
}) {
  return (
    <>
      <label for={id} class="visually-hidden">
        {label}
      </label>
      <input
        id={id}
        type="search"
        value={value}
        placeholder={placeholder}
        autoComplete="off"
        autoCapitalize="none"
        spellcheck={false}
        enterKeyHint="search"
        onInput={(e) => onInput(e.currentTarget.value)}
      />
    </>
  );
}
