// The page's script (tools/page/page.py inlines it into docs/index.html): it runs minirnn.py
// itself, in MicroPython's WebAssembly port (micropython.js, beside the page), in a Worker.
// The Python files it runs are the page's embedded copies (#page-files); nothing is fetched.
// window.minirnnPage.run(source) runs Python source there, minirnn importable, and returns
// a Promise of its standard output; a call not done in 10 s is stopped and the runtime
// restarted. Without scripts the page is the same page, with make page's numbers.
"use strict";
(() => {
  const LIMIT_MS = 10000;
  const files = JSON.parse(document.getElementById("page-files").textContent);
  const status = document.getElementById("live-status");
  const say = text => { status.hidden = false; status.textContent = text; };

  // The Worker's own code: load MicroPython, put the files in its /lib, run what it is sent.
  function workerMain() {
    let mp, out = [];
    const text = new TextDecoder();
    self.onmessage = async event => {
      const m = event.data;
      if (m.files) {
        const load = await minirnnMicroPython();
        const wasm = Uint8Array.from(atob(m.wasm), c => c.charCodeAt(0));
        mp = await load({wasmBinary: wasm, heapsize: 8 * 1024 * 1024, linebuffer: false,
                         stdout: b => out.push(b[0]), stderr: b => out.push(b[0])});
        try { mp.FS.mkdir("/lib"); } catch (e) { /* there already */ }
        for (const [path, source] of Object.entries(m.files)) mp.FS.writeFile("/lib/" + path, source);
        self.postMessage({ready: true});
        return;
      }
      out = [];
      let error = null;
      try { mp.runPython(m.source); } catch (e) { error = String(e.message || e); }
      self.postMessage({id: m.id, stdout: text.decode(new Uint8Array(out)), error,
                        heap: globalThis.minirnnWasmMemory.buffer.byteLength});
    };
  }

  let worker, started, calls = Promise.resolve(), nextId = 1, waiting = null, heap = 0;
  function start() {
    const t0 = performance.now();
    const code = "var MINIRNN_MICROPYTHON_WASM;\n" + minirnnMicroPython.toString() + "\n(" + workerMain.toString() + ")();\n";
    const url = URL.createObjectURL(new Blob([code], {type: "text/javascript"}));
    worker = new Worker(url);
    URL.revokeObjectURL(url);
    started = new Promise((resolve, reject) => {
      worker.onmessage = event => {
        if (event.data.ready) { resolve(performance.now() - t0); return; }
        const w = waiting; waiting = null;
        if (w && w.id === event.data.id) w.done(event.data);
      };
      worker.onerror = event => { reject(new Error("the Python runtime did not start: " + event.message)); };
    });
    worker.postMessage({files, wasm: MINIRNN_MICROPYTHON_WASM});
    return started;
  }

  // One call at a time, in order; each has LIMIT_MS once the runtime has it.
  function run(source) {
    const call = calls.then(() => started).then(() => new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        waiting = null;
        worker.terminate();
        say("A Python call ran for more than " + LIMIT_MS / 1000 + " s: it was stopped, and the runtime restarted.");
        start();
        reject(new Error("stopped after " + LIMIT_MS / 1000 + " s; the runtime was restarted"));
      }, LIMIT_MS);
      waiting = {id, done: answer => {
        clearTimeout(timer);
        heap = answer.heap;
        if (answer.error === null) { resolve(answer.stdout); return; }
        const error = new Error(answer.error);
        error.stdout = answer.stdout;
        reject(error);
      }};
      worker.postMessage({id, source});
    }));
    calls = call.catch(() => {});
    return call;
  }

  const page = window.minirnnPage = {run, files, heap: () => heap, readyMs: null};
  page.ready = start().then(ms => {
    page.readyMs = performance.now();
    say("This page runs minirnn.py itself: MicroPython " + files.version + " (WebAssembly) started in "
        + Math.round(ms) + " ms, in your browser, offline. The green numbers are computed here, now.");
    return ms;
  });
  page.ready.catch(error => say(String(error.message)));

  // ---- The worked example, live: every green line recomputed from the inputs ----
  const form = document.getElementById("example-inputs");
  const escape = s => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  function traceRows(records) {
    const byLine = new Map();
    for (const r of records) { if (!byLine.has(r[0])) byLine.set(r[0], []); byLine.get(r[0]).push(r); }
    for (const [line, rows] of byLine) {
      const old = [...document.querySelectorAll('.tr[data-line="' + line + '"]')];
      if (!old.length) continue;
      const indent = old[0].style.marginLeft;
      const html = rows.map(([, t, shown, terms]) => {
        const tAttr = t === null ? "" : ' data-t="' + t + '"';
        const step = t === null ? "" : '<span class="t">t = ' + t + "</span>  ";
        const values = shown.map(([name, text]) => (shown.length > 1 ? escape(name) + " = " : "")
          + '<span class="v" data-quantity="' + escape(name) + '"' + tAttr + ">" + text + "</span>").join("   ");
        const sums = terms.map(([op, text]) => op + '<span class="term">' + escape(text) + "</span>").join("");
        return '<div class="tr" data-line="' + line + '"' + tAttr + ' data-live="" style="margin-left:' + indent
          + '"><span>' + step + values + (sums ? " = " + sums : "") + "</span></div>";
      }).join("");
      old[0].insertAdjacentHTML("beforebegin", html);
      old.forEach(el => el.remove());
    }
  }
  function exampleProgram() {
    const value = name => "json.loads(" + JSON.stringify(form.elements[name].value) + ")";
    return ["import json", "from minirnn import RNN", "import page_trace", "del page_trace.records[:]",
      ...["W", "U", "V", "b_h", "b_o", "xs", "ys", "h0"].map(n => n + " = " + value(n)),
      'model = RNN.from_dict({"n_in": len(W[0]), "n_hidden": len(W), "n_out": len(V), '
        + '"W": W, "U": U, "V": V, "b_h": b_h, "b_o": b_o})',
      "model.loss(xs, ys, h0)  # RNN's checks, with their messages, before the unchecked functions",
      "L, s_h, a_h, s_o, y_hat = page_trace.forward_pass(model, xs, ys, h0)",
      "grads, ds_o, da_h, ds_h = page_trace.bptt(model, xs, ys, a_h, y_hat)",
      "print(json.dumps(page_trace.records))"].join("\n");
  }
  const note = document.getElementById("example-note");
  function recompute() {
    const done = run(exampleProgram()).then(out => {
      traceRows(JSON.parse(out));
      note.innerHTML = "Computed in this page by <code>minirnn.py</code>'s own <code>forward_pass</code> and <code>bptt</code>.";
    }, error => {
      const lines = String(error.message).trim().split("\n");
      note.innerHTML = "Not computed: <code>" + escape(lines[lines.length - 1]) + "</code>";
    });
    page.example = done;
    return done;
  }
  if (form) {
    page.ready.then(() => { form.hidden = false; return recompute(); });
    let timer = null;
    form.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(recompute, 250); });
    form.addEventListener("submit", event => event.preventDefault());
    form.querySelector("button").addEventListener("click", () => {
      for (const el of form.querySelectorAll("input")) el.value = el.defaultValue;
      recompute();
    });
  }

  // ---- Training, live: one Python call per epoch, so the page stays responsive ----
  const training = document.getElementById("live-training");
  if (training) {
    page.ready.then(() => { training.hidden = false; });
    const table = training.querySelector("tbody");
    const stop = training.querySelector("button.stop");
    let stopping = false;
    const cell = (row, i, text) => { row.cells[i].textContent = text; };
    async function train(task, epochs) {
      const setup = "import minirnn\n_task = minirnn." + task + "\n_runs = {}\n"
        + "for _u in (True, False):\n"
        + "    _m = minirnn.RNN(3, 10, 3, seed=0)\n"
        + "    _runs[_u] = (_m, minirnn.make_data(_task, 40, 10, minirnn.make_rng(0)))\n";
      table.textContent = "";
      await run(setup);
      for (let epoch = 1; epoch <= epochs && !stopping; epoch++) {
        const out = await run("for _u in (True, False):\n"
          + "    print('%.2f' % _runs[_u][0].train(_runs[_u][1], 1, 0.05, recurrent=_u)[0])\n");
        const [withU, withoutU] = out.trim().split("\n");
        const row = table.insertRow();
        for (const text of [epoch, withU, withoutU]) row.insertCell().textContent = text;
        row.dataset.epoch = epoch;
        row.cells[1].dataset.quantity = "loss"; row.cells[1].dataset.t = epoch;
        row.cells[2].dataset.quantity = "loss U=0"; row.cells[2].dataset.t = epoch;
      }
      const out = await run("for _u in (True, False):\n"
        + "    print('%.1f%%' % (100 * minirnn.held_out_accuracy(_runs[_u][0], _task, 50)))\n");
      const [withU, withoutU] = out.trim().split("\n");
      const row = table.insertRow();
      row.className = "held-out";
      for (const text of ["held out", withU, withoutU]) row.insertCell().textContent = text;
      row.cells[1].dataset.quantity = "held-out accuracy"; row.cells[2].dataset.quantity = "held-out accuracy U=0";
    }
    for (const button of training.querySelectorAll("button.train")) {
      button.addEventListener("click", () => {
        stopping = false;
        for (const b of training.querySelectorAll("button.train")) b.disabled = true;
        stop.disabled = false;
        const epochs = +training.querySelector("input[name=epochs]").value || 12;
        page.training = train(button.dataset.task, epochs).catch(error => {
          training.querySelector(".note").textContent = "Stopped: " + error.message.trim().split("\n").pop();
        }).finally(() => {
          for (const b of training.querySelectorAll("button.train")) b.disabled = false;
          stop.disabled = true;
        });
      });
    }
    stop.addEventListener("click", () => { stopping = true; });
  }

  // ---- The exercise, judged in the page by exercises/judge.py and mistakes.py ----
  const exercise = document.getElementById("live-exercise");
  if (exercise) {
    page.ready.then(() => { exercise.hidden = false; });
    const code = exercise.querySelector("textarea"), shown = exercise.querySelector(".verdict");
    let checks = 0;
    exercise.querySelector("button.reset").addEventListener("click", () => { code.value = code.defaultValue; });
    exercise.querySelector("button.check").addEventListener("click", () => {
      shown.textContent = "checking...";
      const program = "import page_exercise\npage_exercise.main(" + JSON.stringify(code.value)
        + ", open('/lib/" + files.exercise + "').read())\n";   // a JSON string is a Python string
      page.checked = run(program).then(out => {
        const status = out.slice(0, out.indexOf("\n"));
        shown.textContent = out.slice(out.indexOf("\n") + 1);
        shown.dataset.status = status;
      }, error => {
        shown.textContent = "Not judged: " + error.message;
        shown.dataset.status = "";
      }).finally(() => { shown.dataset.checks = ++checks; });
    });
  }
})();
