/**
 * `repr(float)` as CPython prints it, because Odoo (Python) writes doubles that way and the
 * simulator must be byte-identical. Both CPython and JS pick the shortest digits that
 * round-trip, so only the layout differs: Python switches to exponent form below 1e-4 and
 * from 1e16, always shows a fractional part, and pads the exponent to two digits.
 */
export function formatPythonFloat(n: number): string {
  if (n !== n) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const abs = n < 0 ? -n : n;
  if (abs >= 1e-4 && abs < 1e16) {
    // JS uses fixed notation for 1e-7 <= |n| < 1e21, so this range needs no reformatting.
    const s = String(n);
    return s.indexOf('.') === -1 ? s + '.0' : s;
  }
  const e = n.toExponential(); // shortest round-trip digits: "-d.ddde+x"
  const eAt = e.indexOf('e');
  const mantissa = e.slice(0, eAt);
  const exp = Number(e.slice(eAt + 1));
  const expText = (exp < 0 ? '-' : '+') + String(Math.abs(exp)).padStart(2, '0');
  return mantissa + 'e' + expText;
}
