// Secrets never leave the process: every transcript, report and log line passes through here.
// Also a JWT cut short by truncation (one or two segments): any base64url run that opens with '{"'.
const JWT = /eyJ[\w-]{6,}(?:\.[\w-]*){0,2}/g;
const QUERY_SECRET = /([?&](?:token|visitor|access|refresh|password)=)([^&#\s"']+)/gi;
const BEARER = /(Bearer\s+)([^\s"',]+)/gi;
const JSON_SECRET = /("(?:password|confirm_password|new_password|token|access|refresh|visitor_token|expiredToken)"\s*:\s*")([^"]*)("?)/gi;
/** `$PATIENT_TOKEN`, `${TOKEN}`: a reproduction line's shell variable names a secret, it is none. */
const SHELL_VARIABLE = /^\$(?:[A-Za-z_]\w*|\{[A-Za-z_]\w*\})$/;

export const REDACTED = '[redacted]';

/**
 * Values the harness made up and sends on purpose (`not-a-jwt`, a random UUID as a visitor token): not
 * secrets, so shown where the pattern rules would hide them, by every Redactor (the reporters make their
 * own). A known secret still wins: it is replaced before the patterns run.
 */
const INVENTED = new Set<string>();

export function invented<T extends string>(value: T): T {
  INVENTED.add(value);
  return value;
}

/** A value the harness made up (invented()), not a credential of anyone. */
export function isInvented(value: string): boolean {
  return INVENTED.has(value);
}

const shown = (value: string): boolean => INVENTED.has(value) || SHELL_VARIABLE.test(value);

/** Known secrets (tokens, passwords of the target's users) are replaced wherever they appear. */
export class Redactor {
  private readonly secrets = new Set<string>();

  add(...values: (string | undefined | null)[]): this {
    for (const v of values) if (v && v.length >= 4) this.secrets.add(v);
    return this;
  }

  text(input: string): string {
    let out = input;
    for (const s of this.secrets) out = out.split(s).join(REDACTED);
    return out
      .replace(QUERY_SECRET, (m, key: string, value: string) => (shown(value) ? m : `${key}${REDACTED}`))
      .replace(BEARER, (m, key: string, value: string) => (shown(value) ? m : `${key}${REDACTED}`))
      .replace(JSON_SECRET, (m, key: string, value: string, end: string) => (shown(value) ? m : `${key}${REDACTED}${end}`))
      .replace(JWT, (m) => (shown(m) ? m : REDACTED));
  }
}

export const defaultRedactor = new Redactor();
