import { loadPublicFiles, type PublicFile } from "../public-files.ts";

/**
 * The demo page's files. Run from source, they are read from `public/`; the bundles for
 * Deno and workerd replace this module with one that holds the files' bytes (see
 * `bundle.ts`), since a Worker has no file system and a bundle has moved from `public/`.
 */
export const publicFiles: ReadonlyMap<string, PublicFile> = loadPublicFiles();
