/**
 * What a Redis that refuses our credentials says: one `-WRONGPASS` error per command. The
 * proxy answers this way in its `refuse-auth` mode; counting whole RESP commands (arrays of
 * bulk strings, which is all ioredis sends) keeps pipelined replies in step.
 */
export const WRONGPASS_REPLY = '-WRONGPASS invalid username-password pair or user is disabled.\r\n';

/** Consumes whole commands from `buffer`; returns how many, and the unconsumed rest. */
export function takeRespCommands(buffer: Buffer): { commands: number; rest: Buffer } {
  let offset = 0;
  let commands = 0;
  for (;;) {
    const end = parseCommand(buffer, offset);
    if (end === null) break;
    offset = end;
    commands++;
  }
  return { commands, rest: buffer.subarray(offset) };
}

/** The offset after one whole command starting at `offset`, or null if it is not all there yet. */
function parseCommand(buffer: Buffer, offset: number): number | null {
  const header = readLine(buffer, offset);
  if (!header) return null;
  if (!header.line.startsWith('*')) return header.next; // an inline command: one line
  const count = Number(header.line.slice(1));
  let at = header.next;
  for (let i = 0; i < count; i++) {
    const size = readLine(buffer, at);
    if (!size) return null;
    const length = Number(size.line.slice(1));
    const after = size.next + length + 2;
    if (after > buffer.length) return null;
    at = after;
  }
  return at;
}

function readLine(buffer: Buffer, offset: number): { line: string; next: number } | null {
  const end = buffer.indexOf('\r\n', offset);
  if (end < 0) return null;
  return { line: buffer.toString('latin1', offset, end), next: end + 2 };
}
