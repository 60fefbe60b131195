import { ConfigurationError } from "../errors.ts";

/**
 * A programming mistake in the application's routes: a helper that needs a verified request
 * (an accessor, `refresh`) ran where no check verified one. It is not the client's failure,
 * so no loader answers it; it goes to the framework's error handling (a 500).
 *
 * @example
 * app.post("/refresh", refresh); // throws MissingGuardError: no jwtRequired({ refresh: true })
 */
export class MissingGuardError extends ConfigurationError {}
