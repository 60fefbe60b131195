import { requireJwtContext } from "../../http/accessors.ts";
import { RequestSlot } from "../../http/request-slot.ts";
import type { JwtContext } from "../../request/verify-request.ts";

type AnyContext = JwtContext<unknown, unknown, object>;

// Nest hands guards, param decorators and handlers the same request object (Express's, or
// Fastify's request), so it holds the verified contexts; the param decorators, which no
// injector builds, find them here.
const contexts = new RequestSlot<object, AnyContext>("jwt-extended.nest-context");

/** Keeps the context a guard (or `verifyJwtInRequest`) verified with its request. */
export const holdContext = (req: object, context: AnyContext): void => {
  contexts.set(req, context);
};

/** The request's verified context, or `undefined` when no guard ran for it. */
export const findContext = (req: object): AnyContext | undefined => contexts.get(req);

/** The request's verified context; a `MissingGuardError` when no guard ran for it. */
export const requireContext = requireJwtContext(findContext);
