import { createBinding, JwtManager, webRequestView } from "jwt-extended";
import { describe, expect, it } from "vitest";

const SECRET = "binding-renews-secret-of-32-bytes!!";

// Adapters install their after-route hook only when the binding can renew: a hook that can
// never renew is a cost on every request.
describe("HttpBinding.renews", () => {
  it("is false with a window but only header tokens, which the response cannot renew", () => {
    const jwt = new JwtManager({ secretKey: SECRET, implicitRefreshWindow: 300 });
    expect(createBinding(jwt).renews).toBe(false);
  });

  it("is true with a window and cookies among the locations", () => {
    const jwt = new JwtManager({
      secretKey: SECRET,
      tokenLocation: ["headers", "cookies"],
      implicitRefreshWindow: 300,
    });
    expect(createBinding(jwt).renews).toBe(true);
  });

  it("is false with cookies and implicit refresh off (the default)", () => {
    const jwt = new JwtManager({ secretKey: SECRET, tokenLocation: ["cookies"] });
    expect(createBinding(jwt).renews).toBe(false);
  });

  it("says a header token is never due, even when it expires within the window", async () => {
    const jwt = new JwtManager({
      secretKey: SECRET,
      tokenLocation: ["headers", "cookies"],
      implicitRefreshWindow: 300,
    });
    const binding = createBinding(jwt);
    const token = await jwt.createAccessToken("ada", { expiresDelta: 60 });
    const request = new Request("http://localhost/", {
      headers: { authorization: `Bearer ${token}` },
    });
    const { context } = await binding.guard()(webRequestView(request, { bodyLimit: 1024 }));
    expect(context?.location).toBe("headers");
    if (context === undefined) throw new Error("the guard refused the token");
    expect(binding.due(context)).toBe(false);
  });
});
