// CSV as a spreadsheet reads it, for the tests of the exports.

/**
 * A minimal CSV reader (RFC 4180: quotes, doubled quotes, separators and line
 * breaks inside quotes). French and Dutch exports are separated by ";".
 */
export function parseCsv(text: string, { delimiter = "," }: { delimiter?: string } = {}): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      record.push(cell);
      cell = "";
    } else if (c === "\n") {
      record.push(cell);
      records.push(record);
      record = [];
      cell = "";
    } else if (c !== "\r") cell += c;
  }
  if (cell || record.length) records.push([...record, cell]);
  return records;
}
