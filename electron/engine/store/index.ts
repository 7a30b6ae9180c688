/** The store's public face: `openStore` and the contract types. */
export { openStore, type OpenStoreOptions } from './open-store';
export * from './types';
export { isSuccessfulSync } from './runs';
