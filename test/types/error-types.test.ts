/**
 * The library's errors as TypeScript sees them: each code belongs to exactly one class, so a
 * `switch` on the code of a caught error narrows to that class and can be made exhaustive.
 */
import {
  type ConfigurationError,
  type CsrfError,
  type ExpiredSignatureError,
  type FreshTokenRequiredError,
  type InvalidHeaderError,
  type InvalidQueryParamError,
  isJwtExtendedError,
  type JwtDecodeError,
  type JwtErrorCode,
  type JwtExtendedErrorUnion,
  MissingGuardError,
  type NoAuthorizationError,
  type PayloadTooLargeError,
  type RevokedTokenError,
  StoreUnavailableError,
  type UserClaimsVerificationError,
  type UserLookupError,
  type WrongTokenError,
} from "jwt-extended";
import { describe, expect, expectTypeOf, it } from "vitest";

/** The classes whose code is `Code`: exactly one for every code. */
type ClassesOf<Code extends JwtErrorCode> = Extract<JwtExtendedErrorUnion, { code: Code }>;

/** Names every code's class; a new code without its case fails to compile. */
function classNameOf(error: JwtExtendedErrorUnion): string {
  switch (error.code) {
    case "CONFIGURATION":
      expectTypeOf(error).toEqualTypeOf<ConfigurationError>();
      return "ConfigurationError";
    case "MISSING_GUARD":
      expectTypeOf(error).toEqualTypeOf<MissingGuardError>();
      return "MissingGuardError";
    case "EXPIRED":
      expectTypeOf(error).toEqualTypeOf<ExpiredSignatureError>();
      return "ExpiredSignatureError";
    case "REVOKED":
      expectTypeOf(error).toEqualTypeOf<RevokedTokenError>();
      return "RevokedTokenError";
    case "STORE_UNAVAILABLE":
      expectTypeOf(error).toEqualTypeOf<StoreUnavailableError>();
      return "StoreUnavailableError";
    case "NO_AUTHORIZATION":
    case "CSRF":
    case "INVALID_HEADER":
    case "INVALID_QUERY_PARAM":
    case "PAYLOAD_TOO_LARGE":
    case "DECODE":
    case "WRONG_TOKEN_TYPE":
    case "FRESH_TOKEN_REQUIRED":
    case "USER_CLAIMS_VERIFICATION":
    case "USER_LOOKUP":
      return error.name;
    default: {
      const unhandled: never = error;
      return unhandled;
    }
  }
}

describe("the types of the library's errors", () => {
  it("pairs every code with exactly one class, and every class with its own code", () => {
    expectTypeOf<JwtExtendedErrorUnion["code"]>().toEqualTypeOf<JwtErrorCode>();
    expectTypeOf<{ [Code in JwtErrorCode]: ClassesOf<Code> }>().toEqualTypeOf<{
      CONFIGURATION: ConfigurationError;
      MISSING_GUARD: MissingGuardError;
      NO_AUTHORIZATION: NoAuthorizationError;
      CSRF: CsrfError;
      INVALID_HEADER: InvalidHeaderError;
      INVALID_QUERY_PARAM: InvalidQueryParamError;
      PAYLOAD_TOO_LARGE: PayloadTooLargeError;
      DECODE: JwtDecodeError;
      EXPIRED: ExpiredSignatureError;
      WRONG_TOKEN_TYPE: WrongTokenError;
      FRESH_TOKEN_REQUIRED: FreshTokenRequiredError;
      REVOKED: RevokedTokenError;
      USER_CLAIMS_VERIFICATION: UserClaimsVerificationError;
      USER_LOOKUP: UserLookupError;
      STORE_UNAVAILABLE: StoreUnavailableError;
    }>();
    expectTypeOf<ConfigurationError["code"]>().toEqualTypeOf<"CONFIGURATION">();
    expectTypeOf<RevokedTokenError["code"]>().toEqualTypeOf<"REVOKED">();
  });

  it("narrows a caught value by its code, once isJwtExtendedError has recognised it", () => {
    const caught: unknown = new StoreUnavailableError(new Error("connection refused"));
    if (!isJwtExtendedError(caught)) throw new Error("not one of the library's errors");
    expectTypeOf(caught).toEqualTypeOf<JwtExtendedErrorUnion>();
    if (caught.code === "STORE_UNAVAILABLE") expectTypeOf(caught.cause).toBeUnknown();
    expect(classNameOf(caught)).toBe("StoreUnavailableError");
    expect(classNameOf(new MissingGuardError("no guard"))).toBe("MissingGuardError");
  });
});
