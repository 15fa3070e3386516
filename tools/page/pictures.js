// The live pictures (tools/page/page.py inlines this after live.js): the slider under the
// gradient's reach multiplies each case's U by a factor, and the page's runtime redraws the
// picture with minirnn.py's gradient_flow and tools/page/pictures.py's own drawing code
// (gradient_reach_at, on the data make page embeds as #picture-data). A drag asks for the
// latest factor only. minirnnPage.pictures.draw(scale) redraws at a factor of SCALES and
// returns a Promise, for the tests; minirnnPage.pictures.run is the Promise of the redraw
// from the learner's last training run (below).
"use strict";
(() => {
  const page = window.minirnnPage, slider = document.getElementById("u-scale");
  if (!page || !slider) return;
  const data = document.getElementById("picture-data").textContent;
  const figure = document.getElementById("picture-gradient-reach");
  const control = slider.closest(".picture-control"), shown = document.getElementById("u-scale-value");
  const note = control.querySelector(".note"), scales = slider.dataset.scales.split(" ");

  function draw(scale) {
    const source = "import json, minirnn, pictures\n"
      + "print(pictures.gradient_reach_at(minirnn, json.loads(" + JSON.stringify(data) + "), " + scale + "), end='')";
    return page.run(source).then(svg => {
      figure.querySelector("svg.picture").outerHTML = svg;
      figure.dataset.scale = scale;
    }, error => { note.textContent = "Not redrawn: " + String(error.message).trim().split("\n").pop(); });
  }

  let drawing = null, wanted = null;
  function request(scale) {                 // at most one call running and one waiting
    wanted = scale;
    if (!drawing) {
      drawing = (async () => {
        while (wanted !== null) { const next = wanted; wanted = null; await draw(next); }
        drawing = null;
      })();
    }
    return drawing;
  }
  slider.addEventListener("input", () => {
    shown.value = scales[+slider.value];
    request(scales[+slider.value]);
  });
  page.ready.then(() => { control.hidden = false; });
  page.pictures = {draw: scale => request(String(scale)), run: null};

  // The learner's own training run (live.js's #live-training, which keeps its two models in
  // the runtime as _runs): when it ends, the hidden state and the loss are redrawn from it.
  const training = document.getElementById("live-training");
  const digits = JSON.stringify(JSON.parse(data).digits);
  function drawRun(task) {
    const rows = [...training.querySelectorAll("tbody tr[data-epoch]")].map(r => [...r.cells].map(c => c.textContent));
    if (!rows.length) return null;
    const source = "import json, minirnn, pictures\nprint(pictures.learner_svgs(minirnn, _runs, "
      + JSON.stringify(task) + ", json.loads(" + JSON.stringify(JSON.stringify(rows)) + "), json.loads("
      + JSON.stringify(digits) + ")), end='')";
    return page.run(source).then(out => {
      const drawn = out.split("\f");
      ["hidden-state", "loss"].forEach((name, i) => {
        const figure = document.getElementById("picture-" + name), note = figure.querySelector(".picture-run");
        figure.querySelector("svg.picture").outerHTML = drawn[i];
        figure.dataset.run = task + " " + rows.length;
        note.textContent = "Redrawn from your training run in this page (" + rows.length + " epochs): "
          + "minirnn.py's train, then forward on the sequence above. Reload for make page's picture.";
        note.hidden = false;
      });
    });
  }
  if (training) training.addEventListener("click", event => {
    const button = event.target.closest("button.train");
    if (button && page.training) {
      page.pictures.run = page.training.then(() => drawRun(button.dataset.task))
        .catch(error => { console.warn("pictures not redrawn: " + error.message); });
    }
  });
})();
