import type { FastifyInstance, FastifyRequest } from "fastify";
import type { HttpBinding } from "../../http/binding.ts";
import type { Guard } from "../../http/guard.ts";
import { RequestSlot } from "../../http/request-slot.ts";
import type { RequestView } from "../../request/request-view.ts";
import type { RouteOptions } from "../../request/route-options.ts";
import type { JwtContext } from "../../request/verify-request.ts";
import { beforeHeaders } from "../before-headers.ts";
import { addFormParsers, measureChunkedBodies } from "../fastify-bodies.ts";
import { renewOnSend } from "../fastify-renewal.ts";
import {
  addCookies,
  isFastifyRequest,
  type NestRequest,
  type NestResponse,
  requestView,
} from "./platform.ts";

type AnyContext = JwtContext<unknown, unknown, object>;

/**
 * What the guard, the filter and the service share for one manager: its binding, the
 * guards compiled for each route's options, and the request state of implicit refresh.
 * `JwtExtendedModule` builds it; applications never need to.
 */
export interface NestRuntime {
  readonly binding: HttpBinding<unknown, unknown, object>;
  viewOf(req: NestRequest): RequestView;
  /** The guard of a route's options, compiled once (a bad option throws here). */
  guardFor(options: RouteOptions): Guard<unknown, unknown, object>;
  /** Whether a guard already decided this request (a global guard, then the route's). */
  guarded(req: NestRequest): boolean;
  /** Marks the request as guarded, and renews its cookies after the route when due. */
  admit(req: NestRequest, res: NestResponse, context: JwtContext<unknown, unknown, object>): void;
  /** Installs the platform's hooks: Fastify's chunked-body limit, renewal and form parsers. */
  install(
    platform: { getType(): string; getInstance(): unknown } | undefined,
    formBodies: boolean,
  ): void;
}

/** The runtime of a binding (see {@link NestRuntime}). */
export function createNestRuntime(binding: HttpBinding<unknown, unknown, object>): NestRuntime {
  const { bodyLimit } = binding.manager.options;
  const overLimit = new WeakSet<FastifyRequest>(); // chunked bodies past bodyLimit
  const admitted = new RequestSlot<object, AnyContext>("jwt-extended.admitted");
  const guards = new WeakMap<RouteOptions, Guard<unknown, unknown, object>>();

  // On Express the response's first write is held while the binding decides (see
  // beforeHeaders); Fastify's onSend hook, installed once, looks the request up instead.
  const renewOnExpress = (res: NestResponse, context: AnyContext): void => {
    if (!binding.due(context)) return;
    beforeHeaders(res as Parameters<typeof beforeHeaders>[0], async ({ status, headers }) => {
      const cookies = await binding.afterRoute(context, {
        status,
        setCookie: headers["set-cookie"],
      });
      return cookies === null ? undefined : () => addCookies(res, cookies);
    });
  };

  return {
    binding,
    viewOf: (req) => requestView(req, bodyLimit, overLimit),
    guardFor(options) {
      let guard = guards.get(options);
      if (guard === undefined) {
        guard = binding.guard(options);
        guards.set(options, guard);
      }
      return guard;
    },
    guarded: (req) => admitted.has(req),
    admit(req, res, context) {
      admitted.set(req, context);
      if (binding.renews && !isFastifyRequest(req)) renewOnExpress(res, context);
    },
    install(platform, formBodies) {
      if (platform?.getType() !== "fastify") return;
      const fastify = platform.getInstance() as FastifyInstance;
      measureChunkedBodies(fastify, bodyLimit, overLimit);
      if (formBodies) addFormParsers(fastify);
      if (binding.renews)
        fastify.addHook(
          "onSend",
          renewOnSend(binding, (r) => admitted.get(r)),
        );
    },
  };
}
