export { createConsoleService, type ConsoleService } from './console-service';
export { InputError } from './input-error';
