/**
 * The desktop app opens the console at a panel (a tray item, a notification click) by loading
 * `index.html#panel=<panel>`: read it at start and on each hash change, hand it over once, and
 * take it out of the address so a reload does not open it again.
 */
import { useEffect, useRef } from 'react';
import { requestedPanel, type ConsolePanel } from '../../../../shared/desktop-settings';

export function useRequestedPanel(open: (panel: ConsolePanel) => void): void {
  const latest = useRef(open);
  useEffect(() => {
    latest.current = open;
  }, [open]);
  useEffect(() => {
    const take = () => {
      const panel = requestedPanel(window.location.hash);
      if (!panel) return;
      window.history.replaceState(null, '', window.location.pathname + window.location.search);
      latest.current(panel);
    };
    take();
    window.addEventListener('hashchange', take);
    return () => window.removeEventListener('hashchange', take);
  }, []);
}

/** The element each read-only panel scrolls to (the dialogs and forms are opened by the console itself). */
const PANEL_ELEMENT: Partial<Record<ConsolePanel, string>> = {
  runs: 'runs-table',
  timeline: 'timeline',
  lock: 'card-lock',
  health: 'health',
  release: 'card-lock',
};

export function scrollToPanel(panel: ConsolePanel): void {
  const testId = PANEL_ELEMENT[panel];
  if (!testId) return;
  // after the render that the status may still be waiting for
  window.setTimeout(() => document.querySelector(`[data-testid="${testId}"]`)?.scrollIntoView({ block: 'start' }), 300);
}
