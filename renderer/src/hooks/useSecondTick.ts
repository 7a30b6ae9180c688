/** Renders the component again every `ms` (1 s by default), so relative times and countdowns move. */
import { useEffect, useState } from 'react';

export function useSecondTick(ms = 1000): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    const clock = setInterval(() => setTick((n) => n + 1), ms);
    return () => clearInterval(clock);
  }, [ms]);
}
