// The class lives with the other codes (errors.ts), so that its code, MISSING_GUARD, pairs
// with it alone; import it from there.
export { MissingGuardError } from "../errors.ts";
