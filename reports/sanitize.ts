// Defence in depth for every reporter: results arrive already redacted, but each string is redacted
// again before it is written, and characters a format cannot carry safely (terminal escapes, XML-illegal
// code points) are shown as visible escapes instead of being passed through from a hostile server.
import { Redactor } from '../core/redact.ts';
import type { RunResults } from '../generated/types/meta/results.ts';

const SECRET_KEY = /pass|secret|token|key|access|refresh/i;

/** A fresh Redactor that also knows the target users' own secrets, should any have survived upstream. */
export function redactorFor(target: Partial<RunResults['target']> | undefined): Redactor {
  const redactor = new Redactor();
  for (const user of Object.values(target?.users ?? {})) {
    redactor.add(user.token, user.expiredToken);
    for (const [key, value] of Object.entries(user.credentials ?? {})) if (SECRET_KEY.test(key)) redactor.add(value);
  }
  return redactor;
}

function deepRedact<T>(value: T, redactor: Redactor): T {
  if (typeof value === 'string') return redactor.text(value) as T;
  if (Array.isArray(value)) return value.map((v) => deepRedact(v, redactor)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[redactor.text(k)] = deepRedact(v, redactor);
    return out as T;
  }
  return value;
}

/** A copy of the results with every string (keys included) passed through the Redactor. */
export function redactResults(results: RunResults, redactor: Redactor = redactorFor(results.target)): RunResults {
  return deepRedact(results, redactor);
}

const hex = (c: string): string => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/**
 * For terminals: C0/C1 control characters (ESC, CSI, BEL, CR ...) become `\x1b`-style text, so a frame
 * cannot move the cursor, recolour or retitle the terminal. Tab and newline are kept.
 */
export function printable(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, hex);
}

/**
 * For XML and HTML: additionally replaces code points XML 1.0 forbids (lone surrogates, U+FFFE/U+FFFF).
 * Carriage returns are kept as text escapes too, so line structure stays stable across platforms.
 */
export function xmlSafe(s: string): string {
  return printable(s)
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/[\ufffe\uffff]/g, '\ufffd');
}

/** HTML text and attribute escaping, applied to every string taken from results. */
export function escapeHtml(s: string): string {
  return xmlSafe(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
