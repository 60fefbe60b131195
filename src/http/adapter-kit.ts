// The supported surface for writing an adapter on the HTTP binding (docs/adapters.md).
export { type NodeRequestLike, nodeRequestView } from "../adapters/node-request.ts";
export type { BodySource, RequestView } from "../request/request-view.ts";
export { type WebViewOptions, webRequestView } from "../request/web-request.ts";
export type { RouteAnswer } from "../revocation/implicit-refresh.ts";
export type { JwtAccessors } from "./accessors.ts";
export type { HttpAnswer } from "./answer.ts";
export { createBinding, type HttpBinding } from "./binding.ts";
export type { CookieWriters } from "./cookie-writers.ts";
export { type Guard, type Guarded, thenGuarded, whenGuarded } from "./guard.ts";
export { RequestSlot } from "./request-slot.ts";
export { isVerified, type RequiredRoute, type VerifiedContext } from "./verified-context.ts";
