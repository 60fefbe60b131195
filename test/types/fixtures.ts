import { JwtManager } from "jwt-extended";

/** The user type the type tests' manager loads. */
export interface Account {
  id: number;
  email: string;
}

/** The additional claims the type tests' tokens carry. */
export interface Claims {
  role: "admin" | "reader";
}

/** A manager typed with a string identity, {@link Account} users and {@link Claims}. */
export const typedManager = (): JwtManager<string, Account, Claims> =>
  new JwtManager<string, Account, Claims>({ secretKey: "a-secret-of-at-least-thirty-two-bytes" });
