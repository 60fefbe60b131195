import express from "express";
import { JwtManager } from "jwt-extended";
import { expressJwt } from "jwt-extended/express";
import { ROUTE, responseBody, SECRET } from "../fixture.ts";
import { announceReady, HOST, portFromEnv } from "./ready.ts";

// Express 5 with this library, the token in a cookie: a POST, so the CSRF double submit is checked.
const manager = new JwtManager({
  secretKey: SECRET,
  tokenLocation: ["cookies"],
  cookieSecure: true, // as in production; it changes only the cookies this server would set
});
const { jwtRequired, getJwtIdentity } = expressJwt(manager);
const app = express();
app.post(ROUTE, jwtRequired(), (req, res) => {
  res.json(responseBody(getJwtIdentity(req)));
});
app.listen(portFromEnv(), HOST, announceReady);
