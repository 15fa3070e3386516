"""The page's WebAssembly heap after 300 epochs of the memory task, trained as the page trains.

    python3 tools/page/page_heap.py [PAGE] [--epochs N] [--limit MB]   (`make page-heap` runs it)

It opens docs/index.html from file:// in headless Chromium (as page_check.py does: the
system's chromium-headless-shell, every request outside file:// blocked), sets the live
training's epochs to N (300), presses "Train memory" and waits for the held-out row: one
Python call per epoch for each of the two models (with U, and with U held at zero), driven
from JavaScript, as a learner's click drives them. It prints the runtime's heap (the
WebAssembly memory's size, which only grows) every 50 epochs and at the end, and exits 1
if it ends above the limit (256 MB).
"""
import argparse
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from page_check import browser_path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent.parent


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("page", nargs="?", default=str(ROOT / "docs" / "index.html"))
    parser.add_argument("--epochs", type=int, default=300)
    parser.add_argument("--limit", type=float, default=256.0, help="MB (2**20 bytes)")
    args = parser.parse_args(argv)
    url = Path(args.page).resolve().as_uri()
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=browser_path())
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
                      else route.abort())
        page = context.new_page()
        page.goto(url, wait_until="load")
        page.evaluate("minirnnPage.ready")
        start_heap = page.evaluate("minirnnPage.run('pass').then(() => minirnnPage.heap())")
        print(f"page_heap: {url}: heap {start_heap / 2**20:.1f} MB when ready")
        page.fill("#live-training input[name=epochs]", str(args.epochs))
        started = time.time()
        page.click("#live-training button[data-task=sum_last_two_mod3]")
        done = 0
        while not page.evaluate("!!document.querySelector('#live-training tr.held-out')"):
            epochs = page.evaluate("document.querySelectorAll('#live-training tbody tr[data-epoch]').length")
            if epochs >= done + 50:
                done = epochs - epochs % 50
                print(f"  epoch {epochs:3}: heap {page.evaluate('minirnnPage.heap()') / 2**20:.1f} MB")
            time.sleep(0.5)
        rows = page.evaluate("document.querySelectorAll('#live-training tbody tr[data-epoch]').length")
        held = page.evaluate("[...document.querySelector('#live-training tr.held-out').cells].map(c => c.textContent)")
        heap = page.evaluate("minirnnPage.heap()") / 2**20
        chromium.close()
    print(f"  {rows} epochs in {time.time() - started:.0f} s; held out with U {held[1]}, U = 0 {held[2]}")
    print(f"page_heap: heap {heap:.1f} MB after {rows} epochs (limit {args.limit:.0f} MB)")
    if rows != args.epochs or heap > args.limit:
        print("page_heap: FAIL", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
