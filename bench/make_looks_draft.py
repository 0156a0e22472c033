#!/usr/bin/env python3
"""Writes the drafts of bench/looks_bench.sh: 1920x1080, 20 s drafts in capcut-mate's shape over
two clips: `plain`, and two with two filters (the first at 100 % over 0-10 s, the second at 60 %
over 10-20 s) and a scene effect over 5-15 s:
  `looks`: 冷蓝, 高清黑白 and 模糊, the resources of capcut-mate's own effects_filters fixture;
  `heavy`: 冷蓝, 复古胶片 (curves, grain, vignette) and 抖动 (shake), the costliest families.

usage: make_looks_draft.py OUT_DIR
Media come from FFmpeg's lavfi sources; material paths have capcut-mate's production form
/app/output/draft/<id>/assets/..., which build/render_draft maps into the draft folder.
"""
import json
import os
import subprocess
import sys

W, H, FPS, SECONDS = 1920, 1080, 30, 20
US = 1_000_000


def ffmpeg(*args):
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", *args], check=True)


def segment(sid, material, start, dur, index, src=True):
    s = {"id": sid, "material_id": material, "target_timerange": {"start": start, "duration": dur},
         "speed": 1.0, "volume": 1.0, "render_index": index, "visible": True,
         "extra_material_refs": [], "common_keyframes": [],
         "clip": {"alpha": 1.0, "flip": {"horizontal": False, "vertical": False}, "rotation": 0.0,
                  "scale": {"x": 1.0, "y": 1.0}, "transform": {"x": 0.0, "y": 0.0}}}
    s["source_timerange"] = {"start": 0, "duration": dur} if src else None
    return s


SETS = {
    "looks": ("高清黑白", "模糊", "effects_adjust_blur", 0.5),
    "heavy": ("复古胶片", "抖动", "effects_adjust_speed", 0.33),
}


def draft(draft_id, looks):
    prefix = f"/app/output/draft/{draft_id}/assets/"
    half = SECONDS // 2 * US
    videos = [{"id": f"v{i}", "path": prefix + f"c{i}.mp4", "type": "video", "width": W,
               "height": H, "duration": half} for i in (1, 2)]
    tracks = [{"id": "main", "type": "video", "attribute": 0, "segments": [
        segment("s1", "v1", 0, half, 1), segment("s2", "v2", half, half, 1)]}]
    mats = {"videos": videos, "audios": [], "texts": [], "effects": [], "video_effects": []}
    if looks:
        second, effect, param, value = SETS[draft_id]
        mats["effects"] = [
            {"id": "f1", "type": "filter", "name": "冷蓝", "resource_id": "7127618237117877518",
             "value": 1.0},
            {"id": "f2", "type": "filter", "name": second, "resource_id": "0", "value": 0.6}]
        mats["video_effects"] = [
            {"id": "e1", "type": "video_effect", "name": effect, "resource_id": "0",
             "adjust_params": [{"name": param, "value": value}]}]
        tracks.append({"id": "filters", "type": "filter", "attribute": 0, "segments": [
            segment("sf1", "f1", 0, half, 2, src=False),
            segment("sf2", "f2", half, half, 2, src=False)]})
        tracks.append({"id": "effects", "type": "effect", "attribute": 0, "segments": [
            segment("se1", "e1", 5 * US, 10 * US, 3, src=False)]})
    return {"canvas_config": {"width": W, "height": H, "ratio": "original"},
            "duration": SECONDS * US, "fps": float(FPS), "materials": mats, "tracks": tracks}


def main():
    out = sys.argv[1]
    media = os.path.join(out, "media")
    os.makedirs(media, exist_ok=True)
    for i, src in ((1, "testsrc2"), (2, "gradients")):
        path = os.path.join(media, f"c{i}.mp4")
        if not os.path.exists(path):
            ffmpeg("-f", "lavfi", "-i", f"{src}=s={W}x{H}:r={FPS}:d={SECONDS // 2 + 1}", "-f",
                   "lavfi", "-i", f"sine=f={330 * i}:d={SECONDS // 2 + 1}", "-c:v", "libx264",
                   "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", path)
    for draft_id, looks in (("looks", True), ("heavy", True), ("plain", False)):
        folder = os.path.join(out, draft_id)
        assets = os.path.join(folder, "assets")
        os.makedirs(assets, exist_ok=True)
        for f in ("c1.mp4", "c2.mp4"):
            if not os.path.exists(os.path.join(assets, f)):
                os.link(os.path.join(media, f), os.path.join(assets, f))
        with open(os.path.join(folder, "draft_content.json"), "w") as f:
            json.dump(draft(draft_id, looks), f, ensure_ascii=False)
        print(folder)


if __name__ == "__main__":
    main()
