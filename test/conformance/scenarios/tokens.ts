/** Where a scenario's token comes from, and checks of the tokens an answer carries. */
import {
  DEMO_IDENTITY,
  decodeUnverified,
  fromNow,
  type MintOptions,
} from "../../helpers/tokens.ts";
import { isRecord } from "./expectations.ts";
import type { BodyCheck, TokenSource } from "./table.ts";

// Token sources
export const LOGIN_ACCESS: TokenSource = { login: "access" };
export const LOGIN_REFRESH: TokenSource = { login: "refresh" };
export const REFRESHED: TokenSource = { refreshed: true };
export const mint = (
  claims: MintOptions["claims"] = {},
  options: Omit<MintOptions, "claims"> = {},
) => ({ mint: { claims, ...options } }) as const;
export const EXPIRED_TOKEN = mint({ iat: fromNow(-3600), nbf: fromNow(-3600), exp: fromNow(-60) });
export const REFRESH_TOKEN = mint({ type: "refresh" });
export const BAD_SIGNATURE = mint({}, { secret: "another-secret-that-is-long-enough-too!" });

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
export const JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** The body is an object with exactly these keys, each a signed compact JWS. */
export const tokensBody = (...keys: string[]): BodyCheck => ({
  says: `exactly ${keys.join(" and ")}, each a compact JWS`,
  problem: (body) => {
    if (!isRecord(body)) return "not a JSON object";
    if (Object.keys(body).sort().join() !== [...keys].sort().join())
      return `keys ${JSON.stringify(Object.keys(body))}`;
    for (const key of keys) {
      const token = body[key];
      if (typeof token !== "string" || !JWS.test(token)) return `${key} is not a JWS`;
    }
    return undefined;
  },
});

export interface ClaimsExpectation {
  /** The claim names, in order. */
  readonly order: readonly string[];
  readonly type: "access" | "refresh";
  readonly fresh: boolean;
  /** exp − iat in seconds; null: no `exp` claim. */
  readonly lifetime: number | null;
  readonly identityClaim?: string;
  readonly csrf?: boolean;
  readonly nbf?: boolean;
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** The body's `key` token has the header and claims of §1. */
export function tokenClaims(key: string, want: ClaimsExpectation): BodyCheck {
  const identityClaim = want.identityClaim ?? "sub";
  return {
    says: `${key} is a JWT with claims ${want.order.join(", ")} (${want.type}, fresh ${want.fresh}, lifetime ${want.lifetime})`,
    problem: (body) => {
      if (!isRecord(body) || typeof body[key] !== "string") return `no string ${key}`;
      const { header, payload } = decodeUnverified(body[key] as string);
      const problems: string[] = [];
      if (header.alg !== "HS256" || header.typ !== "JWT")
        problems.push(`header ${JSON.stringify(header)}`);
      if (Object.keys(payload).join() !== want.order.join())
        problems.push(`claim order ${Object.keys(payload).join(", ")}`);
      if (payload.type !== want.type) problems.push(`type ${String(payload.type)}`);
      if (payload.fresh !== want.fresh) problems.push(`fresh ${String(payload.fresh)}`);
      if (payload[identityClaim] !== DEMO_IDENTITY)
        problems.push(`${identityClaim} ${String(payload[identityClaim])}`);
      if (typeof payload.jti !== "string" || !UUID_V4.test(payload.jti))
        problems.push(`jti ${String(payload.jti)}`);
      const iat = payload.iat;
      if (typeof iat !== "number" || !Number.isInteger(iat)) problems.push(`iat ${String(iat)}`);
      else if (Math.abs(iat - Date.now() / 1000) > 120) problems.push(`iat ${iat} is not now`);
      if ((want.nbf ?? true) && payload.nbf !== iat) problems.push(`nbf ${String(payload.nbf)}`);
      if ((want.csrf ?? true) && (typeof payload.csrf !== "string" || !UUID_V4.test(payload.csrf)))
        problems.push(`csrf ${String(payload.csrf)}`);
      if (want.lifetime !== null && payload.exp !== (iat as number) + want.lifetime)
        problems.push(`exp ${String(payload.exp)} for iat ${String(iat)}`);
      for (const [claim, value] of Object.entries(want.extra ?? {}))
        if (payload[claim] !== value) problems.push(`${claim} ${String(payload[claim])}`);
      return problems.length === 0 ? undefined : problems.join("; ");
    },
  };
}

export const ACCESS_ORDER = ["fresh", "iat", "jti", "type", "sub", "nbf", "csrf", "exp"];
export const DEFAULT_ACCESS_LIFETIME = 15 * 60;
export const DEFAULT_REFRESH_LIFETIME = 30 * 24 * 60 * 60;
