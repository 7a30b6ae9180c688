/**
 * The headless host's CONSOLE_TOKEN, when it has one: opened as `…/#token=…` (a fragment is
 * never sent to the server), kept for this tab only, and removed from the address bar.
 */
export function consoleToken(): string | null {
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem('consoleToken', fromHash);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem('consoleToken');
}
