/** Query parameters that carry a credential in connection strings (`password=`, `sslpassword=`, `api_key=`, `token=`…). */
const SECRET_PARAM = /pass|pwd|secret|token|key/i;

/**
 * A URL as it may be shown or logged: user-info (a password, or an API key given as the
 * user name) becomes `***`, and so does the value of every credential-like query parameter.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = '***';
      parsed.password = '';
    }
    for (const name of [...new Set(parsed.searchParams.keys())]) {
      if (SECRET_PARAM.test(name)) parsed.searchParams.set(name, '***');
    }
    const shown = parsed.toString();
    // as typed: `http://host:8069` stays without the slash the URL parser adds
    return !url.endsWith('/') && parsed.pathname === '/' && !parsed.search && !parsed.hash ? shown.replace(/\/$/, '') : shown;
  } catch {
    return '(invalid URL)';
  }
}
