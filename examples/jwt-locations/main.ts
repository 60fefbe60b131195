import { type DemoFramework, startDemoServer } from "./server.ts";

const port = Number(process.env.PORT ?? 5000);
const host = process.env.HOST ?? "127.0.0.1";
const framework = (process.env.FRAMEWORK ?? "express") as DemoFramework;

try {
  const server = await startDemoServer({ env: process.env, framework, host, port });
  console.log(`jwt-extended demo (${framework}) listening on ${server.url}`);
} catch (error) {
  console.error(`cannot start the demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
