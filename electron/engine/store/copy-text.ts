/** PostgreSQL COPY text format: tab-separated fields, `\N` for null, one row per line. */

export type CopyValue = string | number | boolean | Date | null;

export function copyField(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`COPY: non-finite number ${value}`);
    return String(value);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new Error('COPY: invalid Date');
    return value.toISOString();
  }
  return value.replace(/[\\\t\n\r]/g, (char) => (char === '\\' ? '\\\\' : char === '\t' ? '\\t' : char === '\n' ? '\\n' : '\\r'));
}

/** Encodes rows into chunks of about `rowsPerChunk` lines each. */
export function copyChunks<T>(items: readonly T[], toFields: (item: T) => CopyValue[], rowsPerChunk = 2000): string[] {
  const chunks: string[] = [];
  let lines: string[] = [];
  for (const item of items) {
    lines.push(toFields(item).map(copyField).join('\t'));
    if (lines.length >= rowsPerChunk) {
      chunks.push(lines.join('\n') + '\n');
      lines = [];
    }
  }
  if (lines.length > 0) chunks.push(lines.join('\n') + '\n');
  return chunks;
}
