import { afterAll, beforeAll, beforeEach } from "vitest";
import { type RunningDemo, startDemo } from "./demo-server.ts";
import { type RecordingProxy, startRecordingProxy } from "./recording-proxy.ts";

export interface ProxiedDemo {
  /** The demo server itself, reached without the proxy. */
  readonly demo: RunningDemo;
  /** The recording proxy in front of it; its requests are cleared before each test. */
  readonly proxy: RecordingProxy;
  /** The URL of `path` through the proxy. */
  url(path: string): string;
}

/**
 * The real demo server behind a recording proxy, for a test file or a `describe` block: both
 * start before its tests and stop after them, and each test sees only the requests it made.
 */
export function proxiedDemo(options: Parameters<typeof startDemo>[0] = {}): ProxiedDemo {
  let demo: RunningDemo | undefined;
  let proxy: RecordingProxy | undefined;
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the demo is started in beforeAll");
    return value;
  };

  beforeAll(async () => {
    demo = await startDemo(options);
    proxy = await startRecordingProxy(demo.url);
  });
  afterAll(async () => {
    await proxy?.close();
    await demo?.close();
  });
  beforeEach(() => {
    started(proxy).requests.length = 0;
  });

  return {
    get demo() {
      return started(demo);
    },
    get proxy() {
      return started(proxy);
    },
    url: (path) => `${started(proxy).url}${path}`,
  };
}
