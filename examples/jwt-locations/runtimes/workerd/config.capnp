# The demo as a Worker on workerd. `npm run start:workerd` bundles worker.ts to worker.js
# beside a copy of this file and runs `workerd serve config.capnp --socket-addr http=HOST:PORT`.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "demo", worker = .demoWorker) ],
  sockets = [ (name = "http", address = "127.0.0.1:5000", http = (), service = "demo") ],
);

const demoWorker :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js") ],
  compatibilityDate = "2025-09-01",
  # node:crypto and Buffer, which the library and its JWT engine use.
  compatibilityFlags = ["nodejs_compat"],
  # The JWT_* settings (and FRAMEWORK) as one JSON object.
  bindings = [ (name = "DEMO_ENV", fromEnvironment = "DEMO_ENV") ],
);
