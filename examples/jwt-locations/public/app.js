// Runs the browser code of the "JWT Locations" document, one section per panel.
//
// The four sections of the document each define functions with the same names (login, logout,
// makeRequestWithJWT), so each section's code is kept verbatim in its own file under snippets/
// and evaluated in its own function scope. The only thing a panel hands that scope is a `fetch`
// that forwards to the browser's own window.fetch and writes down what was sent and received,
// so the panel can show the HTTP status and the JSON next to the button that caused them. The
// document's code itself is never changed.
//
// When everything is loaded the functions are exposed as window.jwtLocations:
//   window.jwtLocations.headers     { login, logout, makeRequestWithJWT }
//   window.jwtLocations.cookies     { login, logout, makeRequestWithJWT, getCookie }
//   window.jwtLocations.queryString { login, logout, makeRequestWithJWT }
//   window.jwtLocations.jsonBody    { login, logout, makeRequestWithJWT }
//   window.jwtLocations.jsonBodyGet { login, logout, makeRequestWithJWT }  (method changed to get)
// and <html data-ready="true"> is set.

(() => {
  const SECTIONS = [
    {
      key: "headers",
      panel: "panel-headers",
      file: "snippets/headers.js",
      names: ["login", "logout", "makeRequestWithJWT"],
    },
    {
      key: "cookies",
      panel: "panel-cookies",
      file: "snippets/cookies.js",
      names: ["login", "logout", "makeRequestWithJWT", "getCookie"],
    },
    {
      key: "queryString",
      panel: "panel-query-string",
      file: "snippets/query-string.js",
      names: ["login", "logout", "makeRequestWithJWT"],
    },
    {
      key: "jsonBody",
      panel: "panel-json-body",
      file: "snippets/json-body.js",
      names: ["login", "logout", "makeRequestWithJWT"],
    },
  ];

  // The JSON section says: "if we change the method to `get` this will blow up". This is that
  // change, made to the section's own text, so the page can show what happens.
  // (The trailing comma singles out makeRequestWithJWT's options; login() posts too.)
  const GET_VARIANT = { from: "method: 'post',", to: "method: 'get'," };

  const JWT_PATTERN = /[\w-]{10,}\.[\w-]{10,}\.[\w-]{10,}/g;

  /** Shortens every JWT in a string so that responses stay readable. */
  function shorten(text) {
    return String(text).replace(JWT_PATTERN, (jwt) => `${jwt.slice(0, 16)}…${jwt.slice(-6)}`);
  }

  function pretty(text) {
    try {
      return shorten(JSON.stringify(JSON.parse(text), null, 2));
    } catch {
      return shorten(text);
    }
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** A fetch for one scope: forwards to window.fetch and records every call in `calls`. */
  function recordingFetch(calls) {
    return async function fetch(input, init) {
      const call = {
        method: String(init?.method ?? "GET").toUpperCase(),
        url: String(input),
        headers: { ...(init?.headers ?? {}) },
        body: init?.body,
      };
      calls.push(call);
      try {
        const response = await window.fetch(input, init);
        call.status = response.status;
        call.statusText = response.statusText;
        call.responseText = await response.clone().text();
        return response;
      } catch (error) {
        call.error = error;
        throw error;
      }
    };
  }

  /** Evaluates one section's code in its own scope and returns the functions it declares. */
  function evaluateSection(code, names, calls) {
    const factory = new Function("fetch", `${code}\nreturn { ${names.join(", ")} };`);
    return Object.freeze(factory(recordingFetch(calls)));
  }

  function describeSent(call) {
    const lines = [];
    for (const [name, value] of Object.entries(call.headers)) {
      // fetch turns an undefined header value into the text "undefined", so show it that way.
      lines.push(`${name}: ${String(value)}`);
    }
    if (call.body !== undefined) lines.push(`body: ${String(call.body)}`);
    return lines.map(shorten);
  }

  function statusClass(status) {
    if (status >= 200 && status < 300) return "ok";
    if (status >= 400 && status < 500) return "refused";
    return "failed";
  }

  function renderCall(call) {
    const box = element("div", "call");
    const line = element("div", "call-line");
    if (call.error) {
      line.append(element("span", "pill failed", call.error.name));
    } else {
      const pill = element("span", `pill ${statusClass(call.status)}`, String(call.status));
      pill.title = call.statusText;
      line.append(pill);
    }
    line.append(element("code", "request", shorten(`${call.method} ${call.url}`)));
    box.append(line);
    // A call that failed before reaching the network never sent anything.
    const sentClass = call.error ? "sent unsent" : "sent";
    for (const sent of describeSent(call)) box.append(element("div", sentClass, sent));
    if (call.error) {
      box.append(element("pre", "json error", String(call.error.message)));
    } else {
      box.append(element("pre", "json", pretty(call.responseText)));
    }
    return box;
  }

  function render(output, outcome, section) {
    output.replaceChildren();
    for (const call of outcome.calls) output.append(renderCall(call));
    if (outcome.calls.length === 0) {
      if (outcome.thrown) {
        output.append(element("span", "pill failed", outcome.thrown.name ?? "Error"));
        output.append(
          element("pre", "json error", String(outcome.thrown.message ?? outcome.thrown)),
        );
      } else {
        const what = section.key === "cookies" ? "" : " localStorage['jwt'] removed.";
        output.append(element("span", "pill neutral", "no request"));
        output.append(element("span", "quiet", `Nothing sent to the server.${what}`));
      }
    } else if (outcome.thrown && !outcome.calls.some((call) => call.error)) {
      output.append(
        element("pre", "json error", `${outcome.thrown.name}: ${outcome.thrown.message}`),
      );
    }
  }

  function readCookie(name) {
    return document.cookie
      .split("; ")
      .find((pair) => pair.startsWith(`${name}=`))
      ?.slice(name.length + 1);
  }

  function setState(node, loggedIn, text) {
    node.classList.toggle("on", loggedIn);
    node.textContent = text;
  }

  function refreshStates() {
    const jwt = localStorage.getItem("jwt");
    for (const id of ["panel-headers", "panel-query-string", "panel-json-body"]) {
      const state = document.querySelector(`#${id} [data-state]`);
      if (jwt) setState(state, true, "token in localStorage");
      else setState(state, false, "no token in localStorage");
    }
    const cookieState = document.querySelector("#panel-cookies [data-state]");
    if (readCookie("csrf_access_token")) setState(cookieState, true, "csrf cookie present");
    else setState(cookieState, false, "no csrf cookie");
  }

  function wire(section, functions, calls, panel) {
    for (const action of panel.querySelectorAll(".action")) {
      const button = action.querySelector("button");
      const output = action.querySelector("output");
      const name = action.dataset.action;
      const fns = action.dataset.variant === "get" ? section.getVariant : functions;
      const callsOf = action.dataset.variant === "get" ? section.getVariantCalls : calls;
      button.addEventListener("click", async () => {
        button.disabled = true;
        output.classList.add("busy");
        const start = callsOf.length;
        let thrown;
        try {
          await fns[name]();
        } catch (error) {
          thrown = error;
        }
        render(output, { calls: callsOf.slice(start), thrown }, section);
        output.dataset.runs = String(Number(output.dataset.runs ?? 0) + 1);
        output.classList.remove("busy");
        button.disabled = false;
        refreshStates();
      });
    }
  }

  async function load() {
    const exposed = {};
    for (const section of SECTIONS) {
      const response = await window.fetch(section.file, { cache: "no-store" });
      if (!response.ok) throw new Error(`${section.file}: HTTP ${response.status}`);
      const code = await response.text();
      const panel = document.getElementById(section.panel);
      panel.querySelector("[data-code]").textContent = code;

      const calls = [];
      const functions = evaluateSection(code, section.names, calls);
      exposed[section.key] = functions;

      if (section.key === "jsonBody") {
        if (code.split(GET_VARIANT.from).length !== 2) {
          throw new Error(`${section.file}: expected one "${GET_VARIANT.from}" to change`);
        }
        const variant = code.replace(GET_VARIANT.from, GET_VARIANT.to);
        section.getVariantCalls = [];
        section.getVariant = evaluateSection(variant, section.names, section.getVariantCalls);
        exposed.jsonBodyGet = section.getVariant;
      }
      wire(section, functions, calls, panel);
    }
    window.jwtLocations = Object.freeze(exposed);
    refreshStates();
    window.addEventListener("storage", refreshStates);
    window.addEventListener("focus", refreshStates);
    document.getElementById("loading").hidden = true;
    document.documentElement.dataset.ready = "true";
  }

  load().catch((error) => {
    const loading = document.getElementById("loading");
    loading.textContent = `Could not load the document's code: ${error.message}`;
    loading.classList.add("error");
    document.documentElement.dataset.ready = "error";
  });
})();
