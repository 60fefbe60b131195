import { Controller, HttpCode, Module, Post } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import { ExpressAdapter } from "@nestjs/platform-express";
import { JwtManager } from "jwt-extended";
import { JwtExtendedModule, JwtIdentity, JwtRequired } from "jwt-extended/nest";
import { ROUTE, responseBody, SECRET } from "../fixture.ts";
import { announceReady, HOST, portFromEnv } from "./ready.ts";

// NestJS 12 on platform-express with this library, the token in `Authorization: Bearer`.
@Controller()
class BenchController {
  @Post(ROUTE)
  @HttpCode(200)
  @JwtRequired()
  route(@JwtIdentity() identity: string) {
    return responseBody(identity);
  }
}

@Module({
  imports: [JwtExtendedModule.forRoot(new JwtManager({ secretKey: SECRET }))],
  controllers: [BenchController],
})
class BenchModule {}

const app = await NestFactory.create(BenchModule, new ExpressAdapter(), { logger: false });
await app.listen(portFromEnv(), HOST);
announceReady();
