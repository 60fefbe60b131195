// The root export's values: what users and adapter authors need, and no internals. Types are
// recorded, entry point by entry point, in api/ (npm run api:check).
import * as root from "jwt-extended";
import { JwtManager } from "jwt-extended";
import { describe, expect, it } from "vitest";

const secretKey = "a-secret-of-at-least-thirty-two-bytes!!";

describe("The root export", () => {
  it("offers the adapter kit: the binding, the request-view builders and the verified check", () => {
    for (const name of ["createBinding", "webRequestView", "nodeRequestView", "isVerified"]) {
      expect(root).toHaveProperty(name, expect.any(Function));
    }
  });

  it("does not export the request view's internals, the refresh answer or the default options", () => {
    for (const name of [
      "createRequestView",
      "BODY_TOO_LARGE",
      "answerRefresh",
      "DEFAULT_OPTIONS",
      "isJsonContentType",
    ]) {
      expect(root).not.toHaveProperty(name);
    }
  });

  it("gives JwtManager no adapter-only methods: the binding guards routes and renews cookies", () => {
    const jwt = new JwtManager({ secretKey });
    expect(jwt).not.toHaveProperty("authenticate");
    expect(jwt).not.toHaveProperty("implicitRefreshAllowed");
  });
});
