/** Input from a door (IPC, HTTP) that the contract refuses: the caller's fault, HTTP 400. */
export class InputError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InputError';
  }
}
