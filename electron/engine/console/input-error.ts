import type { z } from 'zod';

/** Input from a door (IPC, HTTP) that the contract refuses: the caller's fault, HTTP 400. */
export class InputError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InputError';
  }
}

/** The input `schema` accepts, or one `InputError` naming the method and the first field at fault. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown, method: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new InputError(`${method}: ${issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : ''}${issue.message}`);
}
