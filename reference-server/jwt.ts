// SimpleJWT-shaped tokens (D-medmapp-14): HS256, claims token_type, user_id, exp, iat, jti. Signatures
// and expiry are really checked; the secret is random per server unless given (a multi-process mode must
// share one).
import { createSecretKey, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT, decodeJwt, errors as joseErrors, jwtVerify } from 'jose';
import { ServerError } from './errors.ts';
import type { Id } from './store.ts';

export type TokenType = 'access' | 'refresh';

export interface TokenClaims {
  userId: Id;
  type: TokenType;
  exp: number;
}

export interface VerifyOptions {
  /** The token_type the caller needs; undefined accepts either. */
  type?: TokenType;
  /** Skip the exp check (fault switches only). */
  ignoreExpiry?: boolean;
  /** Read the claims without checking the signature (fault switches only). */
  ignoreSignature?: boolean;
}

export interface JwtOptions {
  secret?: Uint8Array;
  accessTtlSeconds?: number;
  refreshTtlSeconds?: number;
}

export class Jwt {
  private readonly key: KeyObject;
  readonly accessTtl: number;
  readonly refreshTtl: number;

  constructor(opts: JwtOptions = {}) {
    this.key = createSecretKey(opts.secret ?? randomBytes(32));
    this.accessTtl = opts.accessTtlSeconds ?? 300;
    this.refreshTtl = opts.refreshTtlSeconds ?? 86_400;
  }

  /** `expiresAt` in epoch seconds overrides the TTL (used to mint the target file's expired token). */
  async sign(userId: Id, type: TokenType, expiresAt?: number): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const exp = expiresAt ?? now + (type === 'access' ? this.accessTtl : this.refreshTtl);
    return new SignJWT({ token_type: type, user_id: userId, jti: randomUUID().replace(/-/g, '') })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(Math.min(now, exp - 1))
      .setExpirationTime(exp)
      .sign(this.key);
  }

  async pair(userId: Id): Promise<{ access: string; refresh: string }> {
    const [access, refresh] = await Promise.all([this.sign(userId, 'access'), this.sign(userId, 'refresh')]);
    return { access, refresh };
  }

  /** Throws ServerError TOKEN_INVALID, TOKEN_EXPIRED or TOKEN_WRONG_TYPE. */
  async verify(token: string, opts: VerifyOptions = {}): Promise<TokenClaims> {
    let payload: Record<string, unknown>;
    if (opts.ignoreSignature) payload = unverified(token, opts.ignoreExpiry ?? false);
    else try {
      ({ payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        // SimpleJWT always sets exp and refuses a token without it; a signed token lacking one never expires.
        requiredClaims: ['exp'],
        // jose checks exp against currentDate; the epoch makes every exp lie in the future.
        ...(opts.ignoreExpiry ? { currentDate: new Date(0) } : {}),
      }));
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw new ServerError('TOKEN_EXPIRED', { cause: err });
      throw new ServerError('TOKEN_INVALID', { cause: err });
    }
    const type = payload.token_type;
    const userId = payload.user_id;
    if ((type !== 'access' && type !== 'refresh') || (typeof userId !== 'number' && typeof userId !== 'string')) {
      throw new ServerError('TOKEN_INVALID');
    }
    if (opts.type && type !== opts.type) throw new ServerError('TOKEN_WRONG_TYPE');
    return { userId, type, exp: Number(payload.exp) };
  }
}

/** The claims of a token whose signature is not checked; `exp` still is (unless told otherwise). */
function unverified(token: string, ignoreExpiry: boolean): Record<string, unknown> {
  let payload: Record<string, unknown>;
  try {
    payload = decodeJwt(token);
  } catch (err) {
    throw new ServerError('TOKEN_INVALID', { cause: err });
  }
  if (typeof payload.exp !== 'number') throw new ServerError('TOKEN_INVALID');
  if (!ignoreExpiry && payload.exp * 1000 < Date.now()) throw new ServerError('TOKEN_EXPIRED');
  return payload;
}
