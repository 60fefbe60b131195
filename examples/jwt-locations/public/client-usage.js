// jwt-extended/client in cookies mode: the page's whole use of it.
import { createJwtClient } from "/jwt-extended-client.js";

export const api = createJwtClient({
  mode: "cookies",
  refreshUrl: "/refresh",
  logoutUrl: "/logout_with_cookies",
  // The session is over (a logout here or in another tab, or a refused refresh).
  onLogout: () => window.dispatchEvent(new Event("jwt-client-logout")),
});

export async function login() {
  const response = await api("/login_with_cookies", { method: "POST" });
  return response.status;
}

// After the access token expired, all ten get a 401; the client refreshes once, then
// sends each again.
export async function tenRequestsAtOnce() {
  const answers = await Promise.all(
    Array.from({ length: 10 }, () => api("/protected", { method: "POST" })),
  );
  return answers.map((answer) => answer.status);
}

export async function logout() {
  await api.logout();
}
