import express from "express";
import passport from "passport";
import { ExtractJwt, Strategy } from "passport-jwt";
import { ROUTE, responseBody, SECRET } from "../fixture.ts";
import { announceReady, HOST, portFromEnv } from "./ready.ts";

// Express 5 with passport-jwt (jsonwebtoken underneath), without sessions, as its README does.
passport.use(
  new Strategy(
    {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: SECRET,
      algorithms: ["HS256"],
    },
    (payload: { sub?: string }, done: (error: null, user: { sub?: string }) => void) =>
      done(null, payload),
  ),
);
const app = express();
app.use(passport.initialize());
app.post(ROUTE, passport.authenticate("jwt", { session: false }), (req, res) => {
  res.json(responseBody((req.user as { sub?: string } | undefined)?.sub));
});
app.listen(portFromEnv(), HOST, announceReady);
