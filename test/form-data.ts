/** A form as a browser posts it: named entries in order, a name repeated for each ticked box. */
export function formData(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}
