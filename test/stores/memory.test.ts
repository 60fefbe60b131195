import { MemoryTokenStore } from "jwt-extended";
import { storeConformance } from "./store-conformance.ts";

// One process, one map: every "client" is the same instance.
const store = new MemoryTokenStore();
storeConformance("memory", { open: async () => store });
