import express, { type NextFunction, type Response } from "express";
import { expressjwt, type Request, UnauthorizedError } from "express-jwt";
import { ROUTE, responseBody, SECRET } from "../fixture.ts";
import { announceReady, HOST, portFromEnv } from "./ready.ts";

// Express 5 with express-jwt (jsonwebtoken underneath), as its README configures it.
const app = express();
app.post(ROUTE, expressjwt({ secret: SECRET, algorithms: ["HS256"] }), (req: Request, res) => {
  res.json(responseBody(req.auth?.sub));
});
// Its README's error handler: a refused token is answered 401, not logged as a server error.
app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
  if (error instanceof UnauthorizedError) res.status(401).json({ msg: error.message });
  else next(error);
});
app.listen(portFromEnv(), HOST, announceReady);
