import { Controller, HttpCode, Module, Post } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import { ExpressAdapter } from "@nestjs/platform-express";
import { IDENTITY, ROUTE, responseBody } from "../fixture.ts";
import { announceReady, HOST, portFromEnv } from "./ready.ts";

// NestJS 12 on platform-express without authentication: the floor of this framework.
@Controller()
class BenchController {
  @Post(ROUTE)
  @HttpCode(200)
  route() {
    return responseBody(IDENTITY);
  }
}

@Module({ controllers: [BenchController] })
class BenchModule {}

const app = await NestFactory.create(BenchModule, new ExpressAdapter(), { logger: false });
await app.listen(portFromEnv(), HOST);
announceReady();
