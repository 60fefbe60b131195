/** The `Authorization` header that carries `token` as a Bearer credential. */
export function bearer(token: string): { Authorization: string } {
  return { Authorization: `Bearer ${token}` };
}
