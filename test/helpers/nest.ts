import type { INestApplication, Type } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import { ExpressAdapter } from "@nestjs/platform-express";
import { FastifyAdapter } from "@nestjs/platform-fastify";
import type { ServerPool } from "./servers.ts";

/** The two HTTP platforms a Nest application runs on. */
export type NestPlatform = "express" | "fastify";
export const NEST_PLATFORMS: readonly NestPlatform[] = ["express", "fastify"];

/** A Nest application of `module` on `platform`, not yet started. */
export function createNest(module: Type, platform: NestPlatform): Promise<INestApplication> {
  const adapter = platform === "express" ? new ExpressAdapter() : new FastifyAdapter();
  return NestFactory.create(module, adapter, { logger: false, abortOnError: false });
}

/**
 * Starts a Nest application of `module` listening on a free loopback port, closed with the
 * pool; resolves to its base URL.
 */
export async function listenNest(
  pool: ServerPool,
  module: Type,
  platform: NestPlatform,
): Promise<string> {
  const app = pool.track(await createNest(module, platform));
  await app.listen(0, "127.0.0.1");
  const url = await app.getUrl();
  return url.replace("[::1]", "127.0.0.1");
}
