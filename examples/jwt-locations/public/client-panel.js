// The jwt-extended/client panel: runs the functions of client-usage.js and shows the requests
// they caused, grouped ("10 × POST /protected"), and what the server answered. The requests
// are seen by wrapping window.fetch while an action runs; the client itself is not changed.
//
// Exposes window.jwtClientPanel = { login, tenRequestsAtOnce, logout, logouts() } and sets
// <section id="panel-client" data-ready="true"> once loaded.
import { login, logout, tenRequestsAtOnce } from "./client-usage.js";

const ACTIONS = { login, tenRequestsAtOnce, logout };

const panel = document.getElementById("panel-client");
let logouts = 0;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Runs `action` with window.fetch recording each request once its answer arrived. */
async function recording(action) {
  const calls = [];
  const original = window.fetch;
  window.fetch = async (input, init) => {
    const response = await original(input, init);
    const headers = new Headers(init?.headers);
    const path = new URL(String(input), location.href).pathname;
    const method = String(init?.method ?? "GET").toUpperCase();
    calls.push({
      what: `${method} ${path}`,
      status: response.status,
      csrf: headers.get("X-CSRF-TOKEN"),
    });
    return response;
  };
  try {
    return { calls, result: await action() };
  } catch (error) {
    return { calls, error };
  } finally {
    window.fetch = original;
  }
}

/** Consecutive calls alike (same request, same status) as one group. */
function grouped(calls) {
  const groups = [];
  for (const call of calls) {
    const last = groups.at(-1);
    if (last && last.what === call.what && last.status === call.status) last.count += 1;
    else groups.push({ ...call, count: 1 });
  }
  return groups;
}

function statusClass(status) {
  if (status >= 200 && status < 300) return "ok";
  return status >= 400 && status < 500 ? "refused" : "failed";
}

function render(output, { calls, result, error }) {
  output.replaceChildren();
  for (const group of grouped(calls)) {
    const box = element("div", "call");
    const line = element("div", "call-line");
    line.append(element("span", `pill ${statusClass(group.status)}`, String(group.status)));
    const times = group.count > 1 ? `${group.count} × ` : "";
    line.append(element("code", "request", `${times}${group.what}`));
    box.append(line);
    if (group.csrf) box.append(element("div", "sent", `X-CSRF-TOKEN: ${group.csrf}`));
    output.append(box);
  }
  if (calls.length === 0) output.append(element("span", "pill neutral", "no request"));
  const refreshes = calls.filter((call) => call.what === "POST /refresh").length;
  const summary = error ? `${error.name}: ${error.message}` : `returned ${JSON.stringify(result)}`;
  output.append(element("pre", `json${error ? " error" : ""}`, summary));
  output.append(
    element("span", "quiet", `/refresh calls: ${refreshes} · onLogout calls: ${logouts}`),
  );
}

function refreshState() {
  const state = panel.querySelector("[data-state]");
  const on = document.cookie.split("; ").some((pair) => pair.startsWith("csrf_access_token="));
  state.classList.toggle("on", on);
  state.textContent = on ? "csrf cookie present" : "no csrf cookie";
}

window.addEventListener("jwt-client-logout", () => {
  logouts += 1;
  refreshState();
});
window.addEventListener("focus", refreshState);

for (const row of panel.querySelectorAll("[data-client-action]")) {
  const button = row.querySelector("button");
  const output = row.querySelector("output");
  button.addEventListener("click", async () => {
    button.disabled = true;
    output.classList.add("busy");
    render(output, await recording(ACTIONS[row.dataset.clientAction]));
    output.dataset.runs = String(Number(output.dataset.runs ?? 0) + 1);
    output.classList.remove("busy");
    button.disabled = false;
    refreshState();
  });
}

const source = await window.fetch("client-usage.js", { cache: "no-store" });
panel.querySelector("[data-code]").textContent = await source.text();
window.jwtClientPanel = Object.freeze({ ...ACTIONS, logouts: () => logouts });
refreshState();
panel.dataset.ready = "true";
