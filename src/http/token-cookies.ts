import type { ResolvedOptions } from "../config/option-table.ts";
import type { TokenCodec } from "../token/codec.ts";
import { type CookieOverrides, expiredTokenCookies, tokenCookies } from "./cookies.ts";

/**
 * The `Set-Cookie` values of the token cookies (BEHAVIOR.md §5), built once per manager:
 * what `setAccessCookies` and its siblings write on every framework, and what a refresh or
 * an implicit refresh sends.
 */
export class TokenCookies {
  readonly #options: ResolvedOptions;
  readonly #codec: Pick<TokenCodec, "read">;

  constructor(options: ResolvedOptions, codec: Pick<TokenCodec, "read">) {
    this.#options = options;
    this.#codec = codec;
  }

  /** `Set-Cookie` values storing an access token and its CSRF value. */
  access(token: string, overrides?: CookieOverrides): string[] {
    return tokenCookies(this.#options, "access", token, this.#csrfClaim(token), overrides);
  }

  /** `Set-Cookie` values storing a refresh token and its CSRF value. */
  refresh(token: string, overrides?: CookieOverrides): string[] {
    return tokenCookies(this.#options, "refresh", token, this.#csrfClaim(token), overrides);
  }

  /** `Set-Cookie` values removing the access token's cookies. */
  unsetAccess(overrides?: Pick<CookieOverrides, "domain">): string[] {
    return expiredTokenCookies(this.#options, "access", overrides);
  }

  /** `Set-Cookie` values removing the refresh token's cookies. */
  unsetRefresh(overrides?: Pick<CookieOverrides, "domain">): string[] {
    return expiredTokenCookies(this.#options, "refresh", overrides);
  }

  /** `Set-Cookie` values removing every token cookie. */
  unsetAll(overrides?: Pick<CookieOverrides, "domain">): string[] {
    return [...this.unsetAccess(overrides), ...this.unsetRefresh(overrides)];
  }

  /**
   * The `csrf` claim copied into the CSRF cookie, read without verifying: the cookies are
   * built for tokens the application has just created, and stay synchronous. A token that
   * does not verify is refused wherever it is presented.
   */
  #csrfClaim(token: string): string | undefined {
    const csrf = this.#codec.read(token).payload.csrf;
    return typeof csrf === "string" ? csrf : undefined;
  }
}
