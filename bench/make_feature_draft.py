#!/usr/bin/env python3
"""Writes the benchmark drafts of bench/feature_bench.sh: a vertical 1080x1920, 30 s draft in
capcut-mate's shape that uses keyframes, a mask, transitions, animations and captions
(`feature`), and its twin without them (`plain`): same clips, same times, same captions.

usage: make_feature_draft.py OUT_DIR [--seconds-per-clip 5]
Media are generated with FFmpeg's lavfi sources (moving gradients, test patterns, tones), so the
benchmark needs nothing but FFmpeg. Material paths have capcut-mate's production form
/app/output/draft/<id>/assets/..., which build/render_draft maps into the draft folder.
"""
import json
import os
import subprocess
import sys

W, H, FPS = 1080, 1920, 30
US = 1_000_000


def ffmpeg(*args):
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", *args], check=True)


def make_media(assets, clip_s):
    os.makedirs(assets, exist_ok=True)
    sources = [
        ("g1.mp4", f"gradients=s={W}x{H}:r={FPS}:speed=0.02:c0=0x2050a0:c1=0xe0a030", 1080, 1920),
        ("g2.mp4", f"gradients=s=1920x1080:r={FPS}:speed=0.03:c0=0x30a060:c1=0xa03070", 1920, 1080),
        ("t1.mp4", f"testsrc2=s={W}x{H}:r={FPS}", 1080, 1920),
        ("g3.mp4", f"gradients=s={W}x{H}:r={FPS}:speed=0.025:c0=0x902020:c1=0x20a0e0", 1080, 1920),
        ("g4.mp4", f"gradients=s=1080x1080:r={FPS}:speed=0.02:c0=0xe0e040:c1=0x4040c0", 1080, 1080),
        ("t2.mp4", f"testsrc2=s=1920x1080:r={FPS}", 1920, 1080),
        ("pip.mp4", f"gradients=s=1280x720:r={FPS}:speed=0.05:c0=0xffffff:c1=0xff4000", 1280, 720),
    ]
    for i, (name, src, _, _) in enumerate(sources):
        path = os.path.join(assets, name)
        if not os.path.exists(path):
            ffmpeg("-f", "lavfi", "-i", f"{src}:d={clip_s + 1}", "-f", "lavfi", "-i",
                   f"sine=f={300 + 110 * i}:d={clip_s + 1}", "-c:v", "libx264", "-preset",
                   "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", path)
    photo = os.path.join(assets, "photo.png")
    if not os.path.exists(photo):
        ffmpeg("-f", "lavfi", "-i", "mandelbrot=s=1600x1200", "-frames:v", "1", photo)
    music = os.path.join(assets, "music.mp3")
    if not os.path.exists(music):
        ffmpeg("-f", "lavfi", "-i", f"sine=f=220:d={6 * clip_s}", "-c:a", "libmp3lame", music)
    return sources


def clip(alpha=1.0, scale=1.0, x=0.0, y=0.0):
    return {"alpha": alpha, "flip": {"horizontal": False, "vertical": False}, "rotation": 0.0,
            "scale": {"x": scale, "y": scale}, "transform": {"x": x, "y": y}}


def draft(draft_id, clip_s, sources, features):
    prefix = f"/app/output/draft/{draft_id}/assets/"
    mats = {"videos": [], "audios": [], "texts": [], "masks": [], "transitions": [],
            "material_animations": [], "speeds": []}
    tracks = []
    n = 0

    def new_id(kind):
        nonlocal n
        n += 1
        return f"{kind}{n:04d}"

    def segment(material, start, dur, index, src_dur=None, **extra):
        s = {"id": new_id("seg"), "material_id": material,
             "target_timerange": {"start": start, "duration": dur},
             "source_timerange": {"start": 0, "duration": src_dur if src_dur is not None else dur},
             "speed": 1.0, "volume": 1.0, "render_index": index, "visible": True,
             "extra_material_refs": [], "common_keyframes": [], "clip": clip(),
             "uniform_scale": {"on": True, "value": 1.0}}
        s.update(extra)
        return s

    def video(name, w, h, kind="video"):
        mid = new_id("mat")
        mats["videos"].append({"id": mid, "path": prefix + name, "type": kind, "width": w,
                               "height": h, "duration": (clip_s + 1) * US})
        return mid

    def keyframes(prop, points):
        return {"id": new_id("kf"), "property_type": prop, "material_id": "",
                "keyframe_list": [{"id": new_id("k"), "curveType": "Line", "time_offset": t,
                                   "values": [v]} for t, v in points]}

    # Main track: six clips back to back, transitions between some of them.
    names = ["叠化", "向左擦除", "闪黑", "圆形", "向上"]
    main = []
    for i, (name, _, w, h) in enumerate(sources[:6]):
        s = segment(video(name, w, h), i * clip_s * US, clip_s * US, 1)
        if features and i < 5:
            tid = new_id("tr")
            mats["transitions"].append({"id": tid, "name": names[i], "duration": 800000,
                                        "is_overlap": True, "resource_id": "", "effect_id": ""})
            s["extra_material_refs"].append(tid)
        main.append(s)
    tracks.append({"id": new_id("t"), "type": "video", "name": "main", "attribute": 0,
                   "segments": main})

    # A picture-in-picture for 10 s: keyframed position and scale, a circle mask.
    pip = segment(video("pip.mp4", 1280, 720), 2 * US, 10 * US, 2, src_dur=min(10, clip_s + 1) * US)
    pip["clip"] = clip(scale=0.6, x=0.0, y=0.4)
    if features:
        pip["common_keyframes"] = [
            keyframes("KFTypePositionX", [(0, -0.3), (5 * US, 0.3), (10 * US, -0.3)]),
            keyframes("KFTypeScaleX", [(0, 0.5), (5 * US, 0.8)]),
            keyframes("KFTypeAlpha", [(0, 1.0), (9 * US, 1.0), (10 * US, 0.0)])]
        mid = new_id("mask")
        mats["masks"].append({"id": mid, "name": "圆形", "resource_type": "circle",
                              "config": {"centerX": 0.0, "centerY": 0.0, "width": 0.5625,
                                         "height": 1.0, "aspectRatio": 1.0, "rotation": 0.0,
                                         "feather": 0.1, "roundCorner": 0.0, "invert": False}})
        pip["extra_material_refs"].append(mid)
    tracks.append({"id": new_id("t"), "type": "video", "name": "pip", "attribute": 0,
                   "segments": [pip]})

    # A photo with a slow zoom (Ken Burns) from 14 s to 20 s.
    photo = segment(video("photo.png", 1600, 1200, "photo"), 14 * US, 6 * US, 3)
    photo["clip"] = clip(scale=0.9, y=-0.3)
    if features:
        photo["common_keyframes"] = [keyframes("KFTypeScaleX", [(0, 0.9), (6 * US, 1.2)])]
        aid = new_id("anim")
        mats["material_animations"].append({"id": aid, "type": "sticker_animation", "animations": [
            {"name": "渐显", "type": "in", "start": 0, "duration": US, "resource_id": "",
             "material_type": "video"},
            {"name": "渐隐", "type": "out", "start": 5 * US, "duration": US, "resource_id": "",
             "material_type": "video"}]})
        photo["extra_material_refs"].append(aid)
    tracks.append({"id": new_id("t"), "type": "video", "name": "photo", "attribute": 0,
                   "segments": [photo]})

    # Captions every 5 s, faded in and out.
    captions = []
    for i in range(6):
        tid = new_id("txt")
        content = {"text": f"第{i + 1}段 Caption number {i + 1}",
                   "styles": [{"range": [0, 60], "size": 12, "bold": True,
                               "fill": {"alpha": 1.0, "content": {"solid": {"color": [1, 1, 1]}}},
                               "strokes": [{"width": 0.08,
                                            "content": {"solid": {"color": [0, 0, 0]}}}]}]}
        mats["texts"].append({"id": tid, "content": json.dumps(content, ensure_ascii=False),
                              "alignment": 1, "type": "subtitle", "line_spacing": 0.02})
        s = segment(tid, i * clip_s * US + 500000, clip_s * US - US, 4)
        s["source_timerange"] = None
        s["clip"] = clip(y=-0.75)
        if features:
            aid = new_id("anim")
            mats["material_animations"].append({"id": aid, "animations": [
                {"name": "渐显", "type": "in", "start": 0, "duration": 500000, "resource_id": "",
                 "material_type": "sticker"},
                {"name": "渐隐", "type": "out", "start": clip_s * US - US - 500000,
                 "duration": 500000, "resource_id": "", "material_type": "sticker"}]})
            s["extra_material_refs"].append(aid)
        captions.append(s)
    tracks.append({"id": new_id("t"), "type": "text", "name": "captions", "attribute": 0,
                   "segments": captions})

    mid = new_id("mat")
    mats["audios"].append({"id": mid, "path": prefix + "music.mp3", "type": "extract_music",
                           "duration": 6 * clip_s * US})
    music = segment(mid, 0, 6 * clip_s * US, 10)
    music["volume"] = 0.5
    tracks.append({"id": new_id("t"), "type": "audio", "name": "music", "attribute": 0,
                   "segments": [music]})
    return {"canvas_config": {"width": W, "height": H, "ratio": "original"},
            "duration": 6 * clip_s * US, "fps": float(FPS), "materials": mats, "tracks": tracks}


def main():
    out = sys.argv[1]
    clip_s = 5
    if "--seconds-per-clip" in sys.argv:
        clip_s = int(sys.argv[sys.argv.index("--seconds-per-clip") + 1])
    shared = os.path.join(out, "media")
    sources = make_media(shared, clip_s)
    for name, features in (("feature", True), ("plain", False)):
        draft_id = f"bench{name}"
        folder = os.path.join(out, draft_id)
        os.makedirs(folder, exist_ok=True)
        # Hard links: the renderer refuses symbolic links that lead out of a draft's folder.
        assets = os.path.join(folder, "assets")
        os.makedirs(assets, exist_ok=True)
        for f in os.listdir(shared):
            if not os.path.exists(os.path.join(assets, f)):
                os.link(os.path.join(shared, f), os.path.join(assets, f))
        with open(os.path.join(folder, "draft_content.json"), "w") as f:
            json.dump(draft(draft_id, clip_s, sources, features), f, ensure_ascii=False)
        print(folder)


if __name__ == "__main__":
    main()
