import express from "express";
import { IDENTITY, ROUTE, responseBody } from "../fixture.ts";
import { announceReady, HOST, portFromEnv } from "./ready.ts";

// Express 5 without authentication: the floor of this framework.
const app = express();
app.post(ROUTE, (_req, res) => {
  res.json(responseBody(IDENTITY));
});
app.listen(portFromEnv(), HOST, announceReady);
