// The live pictures (tools/page/page.py inlines this after live.js): the slider under the
// gradient's reach multiplies each case's U by a factor, and the page's runtime redraws the
// picture with minirnn.py's gradient_flow and tools/page/pictures.py's own drawing code
// (gradient_reach_at, on the data make page embeds as #picture-data). A drag asks for the
// latest factor only. minirnnPage.pictures.draw(scale) redraws at a factor of SCALES and
// returns a Promise, for the tests.
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
  page.pictures = {draw: scale => request(String(scale))};
})();
