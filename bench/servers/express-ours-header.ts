import express from "express";
import { JwtManager } from "jwt-extended";
import { expressJwt } from "jwt-extended/express";
import { ROUTE, responseBody, SECRET } from "../fixture.ts";
import { announceReady, HOST, portFromEnv } from "./ready.ts";

// Express 5 with this library, the token in `Authorization: Bearer` (the default location).
const { jwtRequired, getJwtIdentity } = expressJwt(new JwtManager({ secretKey: SECRET }));
const app = express();
app.post(ROUTE, jwtRequired(), (req, res) => {
  res.json(responseBody(getJwtIdentity(req)));
});
app.listen(portFromEnv(), HOST, announceReady);
