/**
 * The store could not be opened at start: which database (`target`: PostgreSQL's
 * `host:port/db`, never credentials, or the embedded database's folder), with the driver's
 * error as `cause`, so the failure's cause can be told (classify-failure.ts).
 */
export class StoreOpenError extends Error {
  constructor(
    readonly backend: 'postgres' | 'pglite',
    /** `host:port/db` or the embedded database's folder */
    readonly target: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'StoreOpenError';
  }
}
