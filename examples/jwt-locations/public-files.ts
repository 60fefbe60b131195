import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleClientModule, CLIENT_MODULE_PATH } from "./client-module.ts";

const PUBLIC_DIR = fileURLToPath(new URL("./public/", import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

/** A file of the demo page. */
export interface PublicFile {
  readonly contentType: string;
  readonly body: Buffer;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/**
 * The demo page's files by URL path (`/` is `index.html`), read once at start so that
 * every framework serves the same bytes; `jwt-extended/client` among them, bundled.
 */
export function loadPublicFiles(): ReadonlyMap<string, PublicFile> {
  const files = new Map<string, PublicFile>();
  for (const path of walk(PUBLIC_DIR)) {
    const urlPath = `/${relative(PUBLIC_DIR, path).split(sep).join("/")}`;
    const file = {
      contentType: CONTENT_TYPES[extname(path)] ?? "application/octet-stream",
      body: readFileSync(path),
    };
    files.set(urlPath, file);
    if (urlPath === "/index.html") files.set("/", file);
  }
  files.set(CLIENT_MODULE_PATH, {
    contentType: CONTENT_TYPES[".js"] ?? "",
    body: bundleClientModule(),
  });
  return files;
}
