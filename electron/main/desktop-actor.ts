import { hostname, userInfo } from 'node:os';

/** The audit's actor in the desktop app: the OS user, on this host (`user@host`). */
export function desktopActor(): string {
  let user = process.env.USER ?? process.env.USERNAME ?? 'operator';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (containers): the environment's name
  }
  return `${user}@${hostname()}`;
}
