import { Controller, HttpCode, Injectable, Module, Post, Req, UseGuards } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import { AuthGuard, PassportModule, PassportStrategy } from "@nestjs/passport";
import { ExpressAdapter } from "@nestjs/platform-express";
import type { Request } from "express";
import { ExtractJwt, Strategy } from "passport-jwt";
import { ROUTE, responseBody, SECRET } from "../fixture.ts";
import { announceReady, HOST, portFromEnv } from "./ready.ts";

// NestJS 12 on platform-express with @nestjs/passport and passport-jwt (jsonwebtoken
// underneath), as the NestJS documentation sets it up.
@Injectable()
class JwtStrategy extends PassportStrategy(Strategy) {
  constructor() {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: SECRET,
      algorithms: ["HS256"],
    });
  }

  validate(payload: { sub?: string }) {
    return payload;
  }
}

@Controller()
class BenchController {
  @Post(ROUTE)
  @HttpCode(200)
  @UseGuards(AuthGuard("jwt"))
  route(@Req() req: Request) {
    return responseBody((req.user as { sub?: string } | undefined)?.sub);
  }
}

@Module({ imports: [PassportModule], controllers: [BenchController], providers: [JwtStrategy] })
class BenchModule {}

const app = await NestFactory.create(BenchModule, new ExpressAdapter(), { logger: false });
await app.listen(portFromEnv(), HOST);
announceReady();
