// Secrets never leave the process: every transcript, report and log line passes through here.
// Also a JWT cut short by truncation (one or two segments): any base64url run that opens with '{"'.
const JWT = /eyJ[\w-]{6,}(?:\.[\w-]*){0,2}/g;
const QUERY_SECRET = /([?&](?:token|visitor|access|refresh|password)=)[^&#\s"']+/gi;
const BEARER = /(Bearer\s+)[^\s"',]+/gi;
const JSON_SECRET = /("(?:password|confirm_password|new_password|token|access|refresh|visitor_token|expiredToken)"\s*:\s*")[^"]*("?)/gi;

export const REDACTED = '[redacted]';

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
      .replace(QUERY_SECRET, `$1${REDACTED}`)
      .replace(BEARER, `$1${REDACTED}`)
      .replace(JSON_SECRET, `$1${REDACTED}$2`)
      .replace(JWT, REDACTED);
  }
}

export const defaultRedactor = new Redactor();
