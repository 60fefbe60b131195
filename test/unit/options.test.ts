import { ConfigurationError, JwtManager, optionsFromEnv, toEnvName } from "jwt-extended";
import { describe, expect, it } from "vitest";
import { DEFAULT_OPTIONS } from "../../src/config/option-table.ts";

const secretKey = "a-secret-of-at-least-thirty-two-bytes!!";

describe("JwtManager options", () => {
  it("applies the Python library's defaults", () => {
    const { options } = new JwtManager({ secretKey });
    expect(options.tokenLocation).toEqual(["headers"]);
    expect(options.algorithm).toBe("HS256");
    expect(options.decodeAlgorithms).toEqual(["HS256"]);
    expect(options.accessTokenExpires).toBe(900);
    expect(options.refreshTokenExpires).toBe(2_592_000);
    expect(options.identityClaim).toBe("sub");
    expect(options.errorMessageKey).toBe("msg");
    expect(options.headerName).toBe("Authorization");
    expect(options.headerType).toBe("Bearer");
    expect(options.queryStringName).toBe("jwt");
    expect(options.queryStringValuePrefix).toBe("");
    expect(options.jsonKey).toBe("access_token");
    expect(options.refreshJsonKey).toBe("refresh_token");
    expect(options.accessCookieName).toBe("access_token_cookie");
    expect(options.refreshCookieName).toBe("refresh_token_cookie");
    expect(options.cookieSecure).toBe(false);
    expect(options.cookieSamesite).toBeNull();
    expect(options.sessionCookie).toBe(true);
    expect(options.cookieCsrfProtect).toBe(true);
    expect([...options.csrfMethods]).toEqual(["POST", "PUT", "PATCH", "DELETE"]);
    expect(options.accessCsrfHeaderName).toBe("X-CSRF-TOKEN");
    expect(options.accessCsrfFieldName).toBe("csrf_token");
    expect(options.decodeLeeway).toBe(0);
    expect(options.encodeNbf).toBe(true);
    expect(options.verifySub).toBe(true);
  });

  it("accepts one location as a plain string", () => {
    expect(new JwtManager({ secretKey, tokenLocation: "cookies" }).options.tokenLocation).toEqual([
      "cookies",
    ]);
  });

  it("always includes the signing algorithm in the decode algorithms", () => {
    const { options } = new JwtManager({
      secretKey,
      algorithm: "HS512",
      decodeAlgorithms: ["HS256"],
    });
    expect(options.decodeAlgorithms).toEqual(["HS512", "HS256"]);
  });

  it("reads durations as seconds or as text", () => {
    const { options } = new JwtManager({
      secretKey,
      accessTokenExpires: "2h",
      refreshTokenExpires: false,
    });
    expect(options.accessTokenExpires).toBe(7200);
    expect(options.refreshTokenExpires).toBe(false);
  });

  it("normalises SameSite and the CSRF methods", () => {
    const { options } = new JwtManager({
      secretKey,
      cookieSamesite: "Lax",
      csrfMethods: ["post", "get"],
    });
    expect(options.cookieSamesite).toBe("Lax");
    expect([...options.csrfMethods]).toEqual(["POST", "GET"]);
  });

  it.each([
    [
      { tokenLocation: ["headers", "body"] },
      /tokenLocation: expected locations among .* got "body"/,
    ],
    [{ tokenLocation: [] }, /tokenLocation: expected at least one of headers/],
    [
      { secretKey: undefined },
      /secretKey: expected a non-empty secret for algorithm HS256, got none/,
    ],
    [{ secretKey: "" }, /secretKey: .* got an empty secret/],
    [{ headerName: "" }, /headerName: expected a non-empty string/],
    [{ accessTokenExpires: -5 }, /accessTokenExpires: expected a non-negative number of seconds/],
    [{ refreshTokenExpires: "soon" }, /refreshTokenExpires: expected a non-negative/],
    [{ algorithm: "none" }, /algorithm: expected one of HS256/],
    [{ decodeAlgorithms: ["HS256", "none"] }, /decodeAlgorithms: expected algorithms among/],
    [{ cookieSamesite: "sometimes" }, /cookieSamesite: expected "Strict", "Lax", "None" or null/],
    [{ decodeLeeway: Number.POSITIVE_INFINITY }, /decodeLeeway: expected a finite, non-negative/],
    [{ cookieSecure: "yes" }, /cookieSecure: expected true or false/],
    [{ bodyLimit: 0 }, /bodyLimit: expected a positive whole number of bytes/],
    [{ headerNmae: "X" }, /headerNmae: not an option of JwtManager/],
  ])("refuses a bad configuration at construction: %j", (bad, message) => {
    expect(() => new JwtManager({ secretKey, ...(bad as object) })).toThrow(ConfigurationError);
    expect(() => new JwtManager({ secretKey, ...(bad as object) })).toThrow(message);
  });

  it("requires key pairs for asymmetric algorithms", () => {
    expect(() => new JwtManager({ algorithm: "RS256", privateKey: "x" })).toThrow(
      /publicKey: expected a public key for algorithm RS256/,
    );
    expect(() => new JwtManager({ algorithm: "ES256", publicKey: "x" })).toThrow(
      /privateKey: expected a private key for algorithm ES256/,
    );
  });

  it("refuses decode algorithms of another family than the signing one", () => {
    expect(() => new JwtManager({ secretKey, decodeAlgorithms: ["RS256"] })).toThrow(
      /decodeAlgorithms: expected algorithms of one family/,
    );
  });

  it("lets key loaders stand in for a missing key", () => {
    expect(
      () =>
        new JwtManager({
          loaders: { encodeKey: () => secretKey, decodeKey: () => secretKey },
        }),
    ).not.toThrow();
  });

  it("has a default for every option it documents", () => {
    expect(Object.keys(DEFAULT_OPTIONS)).toContain("csrfMethods");
  });
});

describe("optionsFromEnv", () => {
  it("names each option as the Python library does", () => {
    expect(toEnvName("tokenLocation")).toBe("JWT_TOKEN_LOCATION");
    expect(toEnvName("accessCsrfCookieName")).toBe("JWT_ACCESS_CSRF_COOKIE_NAME");
    expect(toEnvName("queryStringValuePrefix")).toBe("JWT_QUERY_STRING_VALUE_PREFIX");
  });

  it("parses JSON values and keeps other text as it is", () => {
    const options = optionsFromEnv({
      JWT_TOKEN_LOCATION: '["headers","cookies"]',
      JWT_SECRET_KEY: "12345",
      JWT_ACCESS_TOKEN_EXPIRES: "60",
      JWT_REFRESH_TOKEN_EXPIRES: "false",
      JWT_HEADER_TYPE: "",
      JWT_COOKIE_DOMAIN: "null",
      JWT_COOKIE_SAMESITE: "Strict",
      JWT_DECODE_LEEWAY: "5",
      UNRELATED: "x",
    });
    expect(options).toEqual({
      tokenLocation: ["headers", "cookies"],
      secretKey: "12345",
      accessTokenExpires: 60,
      refreshTokenExpires: false,
      headerType: "",
      cookieDomain: null,
      cookieSamesite: "Strict",
      decodeLeeway: 5,
    });
  });

  it("builds a manager whose bad values are named by their option", () => {
    expect(() =>
      JwtManager.fromEnv({ JWT_SECRET_KEY: "s3cret", JWT_TOKEN_LOCATION: "body" }),
    ).toThrow(/tokenLocation: expected locations among/);
  });
});
