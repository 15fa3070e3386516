"""What a long text costs in memory when train gets it as examples/charlm.py passes it.

    python3 tools/measure/text_memory.py [characters]        (default 1,000,000; Linux: reads /proc)

The text is README.md repeated to `characters`, passed as pairs of 25 with carry=True
and one shared one-hot list per distinct character. Prints the resident memory (RSS)
of the process before the pairs exist, with them (the caller's own lists), and its peak
through model.train over them: train checks and copies all of the data, then makes one
update (the callback stops it there; a pass over a million characters takes minutes).
"""
import os
import resource
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path[:0] = [ROOT, os.path.join(ROOT, "examples")]
import charlm  # noqa: E402
import minirnn  # noqa: E402


def rss_mb():
    """The resident memory of this process now, in MB (the second field of /proc/self/statm)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def main():
    characters = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    text = (readme * (characters // len(readme) + 1))[:characters]
    chars = "".join(sorted(set(text)))
    table = {c: k for k, c in enumerate(chars)}
    vectors = [minirnn.one_hot(k, len(chars)) for k in range(len(chars))]
    model = minirnn.RNN(len(chars), 100, len(chars), seed=0)
    before = rss_mb()
    pairs = charlm.make_pairs(text, table, vectors, 25)
    caller = rss_mb()
    model.train(pairs, 1, 0.1, clip=5.0, carry=True, callback=lambda update: True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3   # kB on Linux
    print(f"{characters:,} characters (K = {len(chars)}) as {len(pairs):,} pairs of 25:")
    print(f"  RSS before the pairs {before:.0f} MB; with them {caller:.0f} MB"
          f" (the caller's lists: {caller - before:.0f} MB)")
    print(f"  peak RSS through train {peak:.0f} MB: {peak / caller:.2f}x the RSS with the pairs;"
          f" {peak - before:.0f} MB above the start, {(peak - before) / (caller - before):.2f}x"
          f" the caller's lists")


if __name__ == "__main__":
    main()
