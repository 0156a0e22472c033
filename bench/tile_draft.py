#!/usr/bin/env python3
"""Tiles a capcut-mate draft folder end to end into a longer draft, for the long-export
benchmark (bench/long_bench.sh): scale_2min (2 minutes) tiled 5, 15 or 30 times is a 10, 30
or 60 minute draft with the same density of photos, clips, captions and sound per minute.

usage: tile_draft.py SOURCE_DRAFT_DIR TIMES OUT_DIR

Every segment is repeated TIMES times, shifted by the source draft's duration each time, with
a fresh id; materials (and the media under assets/, hard-linked where possible) are shared, as
capcut-mate shares nothing but the renderer does not mind. get_draft.json keeps the source's
draft id so material paths map into assets/ as before.
"""
import copy
import json
import os
import shutil
import sys


def link_or_copy(src, dst):
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    src, times, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    os.makedirs(out, exist_ok=True)
    for name in os.listdir(src):
        path = os.path.join(src, name)
        target = os.path.join(out, name)
        if name == "assets":
            # Hard links where the file system allows (the renderer refuses a symlink that
            # leads out of the draft folder), else copies.
            if not os.path.exists(target):
                shutil.copytree(path, target, copy_function=link_or_copy)
        elif os.path.isfile(path) and name not in ("draft_content.json", "draft_info.json"):
            shutil.copyfile(path, target)
    with open(os.path.join(src, "draft_content.json"), encoding="utf-8") as f:
        draft = json.load(f)
    length = draft["duration"]
    for track in draft["tracks"]:
        tiled = []
        for k in range(times):
            for seg in track["segments"]:
                s = copy.deepcopy(seg)
                s["id"] = "%s_%d" % (seg["id"], k)
                s["target_timerange"]["start"] += k * length
                tiled.append(s)
        track["segments"] = tiled
    draft["duration"] = length * times
    for name in ("draft_content.json", "draft_info.json"):
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            json.dump(draft, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
