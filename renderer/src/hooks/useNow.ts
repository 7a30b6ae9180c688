/**
 * The time now, refreshed every `ms` (1 s by default), so relative times and countdowns move.
 * Read from state rather than calling Date.now() while rendering: a render stays pure.
 */
import { useEffect, useState } from 'react';

export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const clock = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(clock);
  }, [ms]);
  return now;
}
