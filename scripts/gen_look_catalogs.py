#!/usr/bin/env python3
"""Generates the look tables of Jianying transitions and animations from the catalogue TSVs.

    scripts/gen_look_catalogs.py [CATALOGUE_DIR]

CATALOGUE_DIR defaults to ../shared/spec/jianying-catalogue (beside the checkout). Writes, relative to the checkout:

    render/look_keyword_table.cpp   direction words and the keyword rules (also used at run time
                                    for names outside the catalogue)
    render/transition_table.cpp     every transition of transitions.tsv with its look
    render/animation_table.cpp      every animation of the six animation TSVs with its look
    docs/looks-transitions-animations.md   the part between the GENERATED markers (counts)

The outputs are committed: the build never reads the catalogue. Rerun after changing a rule and
commit the outputs with it; render/*_catalog.cpp implement the same matching at run time and the
tests check that every `family` entry is what those C++ rules give for its name.

How an entry gets its look: a hand-assigned *exact* look (EXACT_*) for the standard looks we
reproduce; else the first keyword rule whose keyword is in the name (a `family` look); else the
kind's fallback.
"""

import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_CATALOGUE = os.path.join(os.path.dirname(ROOT), "shared", "spec", "jianying-catalogue")

# ---------------------------------------------------------------------------------------------
# Directions. A Jianying name says where the picture moves (向左 = to the left). The first word
# of this table found anywhere in the name wins, so two-character words come before their parts:
# 上下/左右 name an axis (上下抖动 shakes vertically), corners come before sides.

DIRECTION_WORDS = [
    ("上下", "up"), ("左右", "right"),
    ("左上", "up_left"), ("右上", "up_right"), ("左下", "down_left"), ("右下", "down_right"),
    ("左", "left"), ("右", "right"), ("上", "up"), ("下", "down"),
    ("纵", "up"), ("竖", "up"), ("横", "left"), ("侧", "right"),
    ("升", "up"), ("起", "up"), ("顶", "up"), ("降", "down"), ("落", "down"), ("坠", "down"),
]

DIRECTIONS = ["none", "left", "right", "up", "down", "up_left", "up_right", "down_left",
              "down_right"]


def direction_in(name):
    for word, d in DIRECTION_WORDS:
        if word in name:
            return d
    return "none"


# ---------------------------------------------------------------------------------------------
# Transitions

XFADE_51 = ("fade wipeleft wiperight wipeup wipedown slideleft slideright slideup slidedown "
            "circlecrop rectcrop distance fadeblack fadewhite radial smoothleft smoothright "
            "smoothup smoothdown circleopen circleclose vertopen vertclose horzopen horzclose "
            "dissolve pixelize diagtl diagtr diagbl diagbr hlslice hrslice vuslice vdslice hblur "
            "fadegrays wipetl wipetr wipebl wipebr squeezeh squeezev zoomin fadefast "
            "fadeslow").split()
CUSTOM = ["spin_cw", "spin_ccw", "zoom_out"]

# Stems completed by the name's direction (xfade names the direction the picture moves, as
# Jianying does: wipeleft reveals the new picture from the right edge moving left). Only wipe
# has corner variants; other stems take a corner's horizontal part.
STEMS = {"wipe": True, "slide": False, "smooth": False}
CORNER_SUFFIX = {"up_left": "tl", "up_right": "tr", "down_left": "bl", "down_right": "br"}
CORNER_SIDE = {"up_left": "left", "up_right": "right", "down_left": "left",
               "down_right": "right"}


def stem_with(stem, d):
    if d in CORNER_SUFFIX:
        return stem + (CORNER_SUFFIX[d] if STEMS[stem] else CORNER_SIDE[d])
    return stem + d


class TRule:
    """keyword -> look. `target` is an xfade name, a custom kind, or a stem when directional."""

    def __init__(self, keyword, target, family, directional=False, default="none"):
        assert not directional or (target in STEMS and default != "none"), keyword
        assert directional or target in XFADE_51 or target in CUSTOM, target
        self.keyword, self.target, self.family = keyword, target, family
        self.directional, self.default = directional, default


def trules(keywords, target, family, directional=False, default="none"):
    return [TRule(k, target, family, directional, default) for k in keywords]


# Order matters: the first rule whose keyword is in the name wins. Specific looks first (spins,
# page turns, wipes, pixelation, glitches, flashes to black/white, dissolves), then the motions
# (zoom, blur, shape masks, slides, splits, slices, squeezes, shakes) and generic light words
# last, so that 模糊放大 zooms, 旋转模糊 spins and 白色烟雾 flashes white.
TRANSITION_RULES = (
    trules(["向右上", "向右下", "向左上", "向左下"], "wipe", "wipe", True, "right")
    + trules(["顺时针"], "spin_cw", "spin") + trules(["逆时针"], "spin_ccw", "spin")
    + trules(["翻页", "翻篇", "翻书"], "wipe", "wipe", True, "left")
    # A cube or 3D turn replaces one face by the next sideways: a push.
    + trules(["立方", "立体", "魔方"], "slide", "push", True, "left")
    # A card flip narrows the picture to a vertical line: squeezev does that.
    + trules(["翻"], "squeezev", "flip")
    + trules(["马赛克", "像素"], "pixelize", "pixelize")
    # xfade's dissolve is a random-pixel dissolve: the nearest thing to digital noise.
    + trules(["故障", "信号", "电视", "全息", "数字矩阵"], "dissolve", "glitch")
    + trules(["雨刷"], "radial", "wipe")
    + trules(["渐变"], "smooth", "wipe", True, "right")  # a gradient wipe has a soft edge
    + trules(["擦", "涂抹", "扫"], "wipe", "wipe", True, "right")
    + trules(["旋", "漩", "风车", "拨盘", "万花筒"], "spin_cw", "spin")
    + trules(["闪黑", "黑场", "黑色", "眨眼", "快门"], "fadeblack", "flash")
    + trules(["黑白"], "fadegrays", "dissolve")
    + trules(["闪白", "泛白", "白光", "白色"], "fadewhite", "flash")
    + trules(["叠化", "溶解", "叠加", "融化", "叠影", "水墨", "墨", "晕染", "烟", "色彩", "反转片",
              "幻影", "幻觉"], "fade", "dissolve")
    + trules(["缩小", "拉远", "推远", "收缩", "吸", "汇聚"], "zoom_out", "zoom")
    + trules(["推近", "放大", "拉近", "变焦", "缩放", "穿越", "穿梭", "冲屏", "鱼眼", "纵深", "放射",
              "镜头速移"], "zoomin", "zoom")
    + trules(["模糊", "虚化", "雾"], "hblur", "blur")
    + trules(["圆", "环形", "聚光灯", "射灯"], "circleopen", "circle")
    + trules(["爱心", "心形", "星星", "水滴", "泡泡", "气泡"], "circleopen", "shape")
    + trules(["拉屏"], "slide", "push", True, "left")
    + trules(["滑", "移", "推", "拖", "甩", "落"], "slide", "slide", True, "left")
    + trules(["横向分割", "横向分屏", "竖向拉幕"], "horzopen", "split")
    + trules(["开幕", "拉幕", "拉开", "展开", "分割", "切开", "撕"], "vertopen", "split")
    + trules(["百叶窗", "横线", "窗格"], "vdslice", "slice")
    + trules(["竖线", "线条", "拼贴", "分屏"], "hrslice", "slice")
    + trules(["竖向拉伸"], "squeezeh", "squeeze") + trules(["拉伸"], "squeezev", "squeeze")
    + trules(["压缩", "挤压"], "squeezeh", "squeeze")
    # No xfade shakes: a shake transition reads as a hard jolt, fadefast's early, quick mix.
    + trules(["抖", "震", "晃", "摇"], "fadefast", "shake")
    + trules(["波", "流动", "流光"], "smooth", "wipe", True, "right")
    + trules(["闪", "光", "亮", "曝", "灯", "电"], "fadewhite", "flash")
    + trules(["角"], "wipe", "wipe", True, "down_left")
    + trules(["向"], "slide", "push", True, "right")
)

TRANSITION_FALLBACK = ("fade", "", "dissolve")  # a plain cross-fade

# The standard looks FFmpeg (or the graph builder's custom kinds) reproduce: name -> (target,
# family). Targets are complete xfade names or custom kinds.
EXACT_TRANSITIONS = {
    "叠化": ("fade", "dissolve"),
    "闪黑": ("fadeblack", "flash"),
    "闪白": ("fadewhite", "flash"),
    "向左": ("slideleft", "push"), "向右": ("slideright", "push"),
    "向上": ("slideup", "push"), "向下": ("slidedown", "push"),
    "左移": ("slideleft", "slide"), "右移": ("slideright", "slide"),
    "上移": ("slideup", "slide"), "下移": ("slidedown", "slide"),
    "向左擦除": ("wipeleft", "wipe"), "向右擦除": ("wiperight", "wipe"),
    "向上擦除": ("wipeup", "wipe"), "向下擦除": ("wipedown", "wipe"),
    "圆形遮罩": ("circleopen", "circle"),
    "圆形扫描": ("radial", "wipe"),
    "推近": ("zoomin", "zoom"),
    "拉远": ("zoom_out", "zoom"),
    "顺时针旋转": ("spin_cw", "spin"),
    "逆时针旋转": ("spin_ccw", "spin"),
    "马赛克": ("pixelize", "pixelize"),
    "横向模糊": ("hblur", "blur"),
}


def split_target(target):
    return ("", target) if target in CUSTOM else (target, "")


def transition_from_keywords(name):
    for r in TRANSITION_RULES:
        if r.keyword in name:
            target = r.target
            if r.directional:
                d = direction_in(name)
                target = stem_with(r.target, d if d != "none" else r.default)
            xfade, custom = split_target(target)
            return (xfade, custom, r.family)
    return None


def transition_look(name):
    if name in EXACT_TRANSITIONS:
        target, family = EXACT_TRANSITIONS[name]
        return split_target(target) + (family, "exact")
    found = transition_from_keywords(name)
    if found:
        return found + ("family",)
    return TRANSITION_FALLBACK + ("fallback",)


# ---------------------------------------------------------------------------------------------
# Animations

KINDS = ["video_in", "video_out", "video_group", "text_in", "text_out", "text_loop"]
KIND_FILES = {"video_in": "video_intro", "video_out": "video_outro", "video_group": "video_group",
              "text_in": "text_intro", "text_out": "text_outro", "text_loop": "text_loop"}
BIT = {k: 1 << i for i, k in enumerate(KINDS)}
VIN, VOUT, VGROUP, TIN, TOUT, TLOOP = (BIT[k] for k in KINDS)
IN, OUT, LOOP = VIN | TIN, VOUT | TOUT, VGROUP | TLOOP
VIDEO, TEXT = VIN | VOUT | VGROUP, TIN | TOUT | TLOOP
EASINGS = ["linear", "smooth", "overshoot", "bounce"]
FIELDS = ["family", "dir", "distance", "zoom", "angle", "fades", "cycles", "ease"]

# Sizes in half-canvas units (the canvas is 2 wide and 2 high). A video slide travels a whole
# canvas (2.0: a full-frame clip starts or ends just off screen); a caption moves a quarter of
# the canvas and fades, as Jianying's caption slides do.
VIDEO_SLIDE, TEXT_SLIDE = 2.0, 0.5
SHAKE, BOUNCE, WAVE, ORBIT = 0.04, 0.1, 0.05, 0.05
SWING = 15.0


def look(family, dir="none", distance=0.0, zoom=1.0, angle=0.0, fades=False, cycles=1.0,
         ease="linear"):
    assert dir in DIRECTIONS and ease in EASINGS
    return dict(family=family, dir=dir, distance=distance, zoom=zoom, angle=angle, fades=fades,
                cycles=cycles, ease=ease)


NO_MATCH = None  # a rule with no look: the name is not what its keyword suggests (弹幕 ≠ 弹)


class ARule:
    def __init__(self, keyword, kinds, lk, directional=False, needs_direction=False):
        self.keyword, self.kinds, self.look = keyword, kinds, lk
        self.directional, self.needs_direction = directional, needs_direction


def arules(keywords, kinds, lk, directional=False, needs_direction=False):
    return [ARule(k, kinds, lk, directional, needs_direction) for k in keywords]


def slides(keywords, ease="smooth", needs_direction=False):
    """Slide rows (default: upwards): a video travels a canvas, a caption a quarter of it while
    fading."""
    rows = []
    for kinds, distance, fades in ((VIN | VOUT, VIDEO_SLIDE, False),
                                   (TIN | TOUT, TEXT_SLIDE, True)):
        rows += arules(keywords, kinds, look("slide", "up", distance, fades=fades, ease=ease),
                       True, needs_direction)
    return rows


def zooms(keywords, factor, ease="smooth", fades=True):
    """In/out zoom rows (in grows from 1/factor to 1, out from 1 to factor); loops pulse."""
    return (arules(keywords, IN | OUT, look("zoom", zoom=factor, fades=fades, ease=ease))
            + arules(keywords, LOOP, look("pulse", zoom=1.1)))


# Order matters as for transitions: the first rule applying to the kind whose keyword is in the
# name wins. Explicit fades, typewriters and wipes first, then the oscillations (blink, swing,
# shake, pulse) that name their motion most plainly, flips before rotations (向上翻转 flips),
# zooms (so 模糊缩小 still shrinks), then blur-like words drawn as fades (so 烟雾弹 is smoke,
# not a pop), bounces and pops, waves, and slides last (入/出 alone make a slide).
ANIMATION_RULES = (
    arules(["弹幕"], LOOP, NO_MATCH)  # bullet comments scroll: 弹 here is no bounce
    + arules(["转换"], IN | OUT | LOOP, NO_MATCH)  # a switch (四屏转换), not a turn
    + arules(["渐显", "渐隐", "渐变", "出现"], IN | OUT, look("fade", fades=True))
    # A typewriter shows its characters from the left and takes them back from the right.
    + arules(["打字", "输入", "光标"], IN, look("wipe", "right"))
    + arules(["打字", "输入", "光标"], OUT, look("wipe", "left"))
    + arules(["生长"], IN | OUT, look("wipe", "up", ease="smooth"))
    + arules(["擦", "露出", "展开", "开幕", "闭幕", "扫描", "显影", "描边填充", "画出", "喷绘", "雕刻",
              "折叠"], IN | OUT, look("wipe", "right", ease="smooth"), True)
    + arules(["闪烁", "闪动", "闪现", "闪屏", "闪入", "闪出", "频闪", "爆闪", "切闪", "闪"], IN | OUT,
             look("blink", fades=True, cycles=2))
    + arules(["闪烁", "闪动", "频闪", "爆闪", "闪"], LOOP, look("blink"))
    + arules(["摇摆", "钟摆", "摇荡", "秋千", "海盗船", "雨刷", "摆"], IN | OUT,
             look("swing", angle=SWING, fades=True, cycles=2))
    + arules(["摇摆", "钟摆", "摇荡", "秋千", "海盗船", "雨刷", "摆", "扭动"], LOOP,
             look("swing", angle=SWING))
    + arules(["抖", "震", "颤", "晃"], IN | OUT,
             look("shake", "none", SHAKE, fades=True, cycles=3), True)
    + arules(["抖", "震", "颤", "晃"], LOOP, look("shake", "none", SHAKE, cycles=2), True)
    + arules(["心跳", "呼吸", "脉冲", "悸动", "心动", "放大缩小"], LOOP, look("pulse", zoom=1.15))
    + arules(["心跳", "呼吸", "脉冲", "悸动", "心动"], IN | OUT,
             look("zoom", zoom=2.0, fades=True, ease="overshoot"))
    + arules(["站起"], IN | OUT, look("rotate", angle=90.0, fades=True, ease="smooth"))
    + arules(["躺下"], IN | OUT, look("rotate", angle=90.0, fades=True, ease="smooth"))
    + arules(["逆时针"], IN | OUT, look("rotate", angle=-360.0, fades=True, ease="smooth"))
    + arules(["逆时针"], LOOP, look("rotate", angle=-360.0))
    # 滚动 scrolls; 滚入/滚出 roll, travelling while they turn.
    + slides(["滚动"])
    + arules(["环形", "环绕", "绕"], LOOP, look("orbit", distance=ORBIT))
    + arules(["滚动"], LOOP, NO_MATCH)
    + arules(["滚"], VIN | VOUT,
             look("rotate", "right", VIDEO_SLIDE, angle=360.0, ease="smooth"), True)
    + arules(["滚"], TIN | TOUT,
             look("rotate", "right", TEXT_SLIDE, angle=360.0, fades=True, ease="smooth"), True)
    # A flip turns half a turn in Jianying's 3D; drawn flat it is a half rotation.
    + arules(["翻"], IN | OUT, look("rotate", angle=180.0, fades=True, ease="smooth"))
    + arules(["漩涡", "旋转缩放", "旋转缩小", "缩小旋转"], IN | OUT,
             look("rotate", angle=360.0, zoom=2.0, fades=True, ease="smooth"))
    + arules(["旋", "转", "陀螺", "螺旋"], IN | OUT,
             look("rotate", angle=360.0, fades=True, ease="smooth"))
    + arules(["旋", "漩", "转", "陀螺", "螺旋", "翻"], LOOP, look("rotate", angle=360.0))
    + zooms(["轻微放大"], 1.1)
    + zooms(["放大", "拉近", "飞近", "推近", "扩大", "变焦", "炸开", "爆开"], 2.0)
    + zooms(["弹近"], 2.0, "overshoot")
    + zooms(["缩小", "拉远", "飞远", "吸", "收拢", "汇聚", "聚合", "聚集", "砸"], 0.5)
    + zooms(["弹远"], 0.5, "overshoot")
    + zooms(["缩放", "伸缩", "弹性", "弹簧"], 2.0, "overshoot")
    # Blur, glow, smoke, ink, particles, dissolves: drawn as plain (linear) fades.
    + arules(["模糊", "晕", "虚影", "溶解", "消散", "散", "水墨", "墨", "烟", "粒子", "发光", "辉光", "光",
              "雾", "雪", "沙", "金", "融化", "显", "波纹"], IN | OUT, look("fade", fades=True))
    + arules(["跳", "蹦", "跃"], IN | OUT,
             look("bounce", "down", BOUNCE * 3, ease="bounce", fades=True), True)
    + arules(["跳", "蹦", "跃", "弹", "悠悠"], LOOP, look("bounce", "up", BOUNCE))
    # 弹 with a direction (右上弹入, 左移弹动) overshoots along it; without one it pops in scale.
    + slides(["弹"], ease="overshoot", needs_direction=True)
    + arules(["弹"], IN | OUT, look("zoom", zoom=4.0, fades=True, ease="overshoot"))
    + arules(["波浪", "波动", "漂浮", "飘", "浮", "流动", "过山车"], LOOP,
             look("wave", "up", WAVE), True)
    + arules(["滑", "移", "飞", "甩", "推", "拖", "冲", "升", "降", "落", "弧"], LOOP,
             look("wave", "right", WAVE), True)
    + arules(["日出"], IN | OUT, look("slide", "up", TEXT_SLIDE, fades=True, ease="smooth"))
    + arules(["日落"], IN | OUT, look("slide", "down", TEXT_SLIDE, fades=True, ease="smooth"))
    + slides(["滑", "移", "飞", "甩", "推", "拖", "冲", "升", "降", "落", "顶", "侧", "集合", "入",
              "出", "波浪", "波动"])
)

FALLBACK_IN_OUT = look("fade", fades=True)  # a linear fade, like 渐显 / 渐隐
FALLBACK_LOOP = look("none")  # the caption or picture stays still: honest for colour/light loops

# The standard looks we reproduce, per kind: name -> look overrides applied to the keyword look.
SLIDE_NAMES = {"向左滑动": "left", "向右滑动": "right", "向上滑动": "up", "向下滑动": "down"}
WIPE_NAMES = {"向左擦除": "left", "向右擦除": "right", "向上擦除": "up", "向下擦除": "down"}


def exact_in_out(kind):
    text = kind.startswith("text")
    slide_d = TEXT_SLIDE if text else VIDEO_SLIDE
    e = {"渐显" if kind.endswith("in") else "渐隐": look("fade", fades=True)}
    for n, d in SLIDE_NAMES.items():
        e[n] = look("slide", d, slide_d, fades=text, ease="smooth")
    if text:
        for n, d in WIPE_NAMES.items():
            e[n] = look("wipe", d, ease="smooth")
    e["放大"] = look("zoom", zoom=2.0, fades=True, ease="smooth")
    e["缩小"] = look("zoom", zoom=0.5, fades=True, ease="smooth")
    e["轻微放大"] = look("zoom", zoom=1.1, fades=True, ease="smooth")
    if not text:
        e["旋转"] = look("rotate", angle=360.0, fades=True, ease="smooth")
    return e


EXACT_ANIMATIONS = {
    "video_in": exact_in_out("video_in"),
    "video_out": exact_in_out("video_out"),
    # Group animations are Jianying's own combinations of moves: none is a standard look.
    "video_group": {},
    "text_in": exact_in_out("text_in"),
    "text_out": exact_in_out("text_out"),
    "text_loop": {
        "闪烁": look("blink"),
        "摇摆": look("swing", angle=SWING),
        "钟摆": look("swing", angle=SWING),
        "心跳": look("pulse", zoom=1.15),
        "跳动": look("bounce", "up", BOUNCE),
        "轻微跳动": look("bounce", "up", BOUNCE / 2),
        "旋转": look("rotate", angle=360.0),
        "放大缩小": look("pulse", zoom=1.15),
    },
}


def animation_from_keywords(kind, name):
    for r in ANIMATION_RULES:
        if not (r.kinds & BIT[kind]) or r.keyword not in name:
            continue
        d = direction_in(name)
        if r.needs_direction and d == "none":
            continue
        if r.look is NO_MATCH:
            return None
        lk = dict(r.look)
        if r.directional and d != "none":
            lk["dir"] = d
        return lk
    return None


def animation_look(kind, name):
    if name in EXACT_ANIMATIONS[kind]:
        return EXACT_ANIMATIONS[kind][name], "exact"
    lk = animation_from_keywords(kind, name)
    if lk is not None:
        return lk, "family"
    return (FALLBACK_LOOP if kind in ("video_group", "text_loop") else FALLBACK_IN_OUT), "fallback"


# ---------------------------------------------------------------------------------------------
# Output

HEADER = """// GENERATED by scripts/gen_look_catalogs.py from the Jianying catalogue TSVs
// (../shared/spec/jianying-catalogue). Do not edit: change the script and rerun it.
"""


def c_str(s):
    assert '"' not in s and "\\" not in s, s
    return '"' + s + '"'


def c_num(x):
    if x == int(x):
        return "%.1f" % x
    return repr(float(x))


def read_tsv(cat, stem):
    rows = []
    with open(os.path.join(cat, stem + ".tsv"), encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if not l.startswith("#")]
    header = lines[0].split("\t")
    assert header[:3] == ["name", "is_vip", "resource_id"], header
    for line in lines[1:]:
        cols = line.split("\t")
        rows.append((cols[0], cols[2]))
    return rows


def write(path, text):
    with open(os.path.join(ROOT, path), "w", encoding="utf-8") as f:
        f.write(text)


def keyword_table_cpp():
    out = [HEADER, '#include "render/look_tables.hpp"\n', "namespace cutqueue::render::looks {\n",
           "// clang-format off"]
    out.append("const direction_word direction_words[] = {")
    out += ["    {%s, direction::%s}," % (c_str(w), d) for w, d in DIRECTION_WORDS]
    out.append("};")
    out.append("const std::size_t direction_word_count = std::size(direction_words);\n")
    out.append("const transition_rule transition_rules[] = {")
    for r in TRANSITION_RULES:
        out.append("    {%s, %s, %s, %s, direction::%s}," % (
            c_str(r.keyword), c_str(r.target), c_str(r.family),
            "true" if r.directional else "false", r.default))
    out.append("};")
    out.append("const std::size_t transition_rule_count = std::size(transition_rules);\n")
    out.append("const animation_rule animation_rules[] = {")
    for r in ANIMATION_RULES:
        lk = r.look or look("")
        out.append("    {%s, 0x%02x, %s, %s, %s}," % (
            c_str(r.keyword), r.kinds, "true" if r.directional else "false",
            "true" if r.needs_direction else "false", look_cpp(lk)))
    out.append("};")
    out.append("const std::size_t animation_rule_count = std::size(animation_rules);")
    out += ["// clang-format on", "\n} // namespace cutqueue::render::looks\n"]
    return "\n".join(out)


def look_cpp(lk):
    return "{%s, direction::%s, %s, %s, %s, %s, %s, easing::%s}" % (
        c_str(lk["family"]), lk["dir"], c_num(lk["distance"]), c_num(lk["zoom"]),
        c_num(lk["angle"]), "true" if lk["fades"] else "false", c_num(lk["cycles"]), lk["ease"])


def transition_table_cpp(entries):
    out = [HEADER, '#include "render/look_tables.hpp"\n', "namespace cutqueue::render::looks {\n",
           "// clang-format off", "const transition_entry transition_entries[] = {"]
    for name, rid, (xfade, custom, family, how) in entries:
        out.append("    {%s, %s, %s, %s, %s, fidelity::%s}," % (
            c_str(rid), c_str(name), c_str(xfade), c_str(custom), c_str(family), how))
    out += ["};", "const std::size_t transition_entry_count = std::size(transition_entries);",
            "// clang-format on", "\n} // namespace cutqueue::render::looks\n"]
    return "\n".join(out)


def animation_table_cpp(entries):
    out = [HEADER, '#include "render/look_tables.hpp"\n', "namespace cutqueue::render::looks {\n",
           "// clang-format off", "const animation_entry animation_entries[] = {"]
    for kind, name, rid, lk, how in entries:
        out.append("    {animation_kind::%s, %s, %s, fidelity::%s, %s}," % (
            kind, c_str(rid), c_str(name), how, look_cpp(lk)))
    out += ["};", "const std::size_t animation_entry_count = std::size(animation_entries);",
            "// clang-format on", "\n} // namespace cutqueue::render::looks\n"]
    return "\n".join(out)


HOWS = ("exact", "family", "fallback")


def count_table(rows, what):
    """rows: (family, rendering, how, name). One markdown row per family: how its entries
    render (each rendering with its count) and how many are exact, family and fallback."""
    by = {}
    for family, rendering, how, _ in rows:
        f = by.setdefault(family, {"how": dict.fromkeys(HOWS, 0), "renderings": {}})
        f["how"][how] += 1
        f["renderings"][rendering] = f["renderings"].get(rendering, 0) + 1
    out = ["| family | %s | exact | family | fallback |" % what, "|---|---|---:|---:|---:|"]
    for family, f in sorted(by.items(), key=lambda kv: (-sum(kv[1]["how"].values()), kv[0])):
        renderings = ", ".join(
            "%s %d" % (r, n) for r, n in sorted(f["renderings"].items(), key=lambda kv: -kv[1]))
        out.append("| %s | %s | %s |" % (family, renderings,
                                         " | ".join(str(f["how"][h]) for h in HOWS)))
    total = {h: sum(1 for row in rows if row[2] == h) for h in HOWS}
    out.append("| **all** | | **%d** | **%d** | **%d** |" % tuple(total[h] for h in HOWS))
    exact = [name for _, _, how, name in rows if how == "exact"]
    out += ["", "Exact: %s." % (" ".join(exact) if exact else "none")]
    return out, total


def describe_animation(lk):
    parts = []
    if lk["dir"] != "none":
        parts.append(lk["dir"])
    if lk["distance"]:
        parts.append("d %g" % lk["distance"])
    if lk["zoom"] != 1.0:
        parts.append("zoom %g" % lk["zoom"])
    if lk["angle"]:
        parts.append("%g°" % lk["angle"])
    if lk["fades"] and lk["family"] != "fade":
        parts.append("fades")
    if lk["cycles"] != 1.0:
        parts.append("×%g" % lk["cycles"])
    if lk["ease"] != "linear":
        parts.append(lk["ease"])
    return "`%s`" % " ".join(parts) if parts else "`-`"


def kinds_label(mask):
    for label, m in (("in, out, loops", IN | OUT | LOOP), ("in, out", IN | OUT), ("in", IN),
                     ("out", OUT), ("loops", LOOP)):
        if mask == m:
            return label
    return ", ".join(k for k in KINDS if mask & BIT[k])


def rule_lists():
    """The keyword rules in order, consecutive rules with the same look on one line."""
    out = ["Direction words, first found wins: " +
           ", ".join("%s %s" % (w, d) for w, d in DIRECTION_WORDS) + ".", "",
           "Transition rules, first match wins:", ""]
    groups = []
    for r in TRANSITION_RULES:
        key = (r.target, r.family, r.directional, r.default)
        if groups and groups[-1][0] == key:
            groups[-1][1].append(r.keyword)
        else:
            groups.append((key, [r.keyword]))
    for i, ((target, family, directional, default), words) in enumerate(groups, 1):
        target = ("`%s`+direction (else %s)" % (target, default)) if directional else \
            "`%s`" % target
        out.append("%d. %s → %s, %s" % (i, " ".join(words), target, family))
    out += ["", "Animation rules, first match for the kind wins (`+dir`: the name's direction "
            "replaces the look's; `needs dir`: only names with a direction):", ""]
    groups = []
    for r in ANIMATION_RULES:
        lk = r.look
        key = (r.kinds, r.directional, r.needs_direction,
               None if lk is None else tuple(sorted(lk.items())))
        if groups and groups[-1][0] == key:
            groups[-1][1].append(r.keyword)
        else:
            groups.append((key, [r.keyword]))
    for i, ((kinds, directional, needs, lk), words) in enumerate(groups, 1):
        if lk is None:
            what = "no match (the kind's fallback)"
        else:
            lk = dict(lk)
            what = "%s %s" % (lk["family"], describe_animation(lk))
        flags = (" +dir" if directional else "") + (" needs dir" if needs else "")
        out.append("%d. (%s) %s → %s%s" % (i, kinds_label(kinds), " ".join(words), what, flags))
    return out


def generated_docs(transitions, animations):
    out = ["<!-- BEGIN GENERATED by scripts/gen_look_catalogs.py: do not edit by hand -->", ""]
    summary = ["| kind | catalogue | entries | exact | family | fallback |",
               "|---|---|---:|---:|---:|---:|"]
    sections = []
    rows = [(family, "`%s`" % (xfade or custom), how, name)
            for name, _, (xfade, custom, family, how) in transitions]
    table, total = count_table(rows, "rendered as (xfade or custom kind, entries)")
    summary.append("| transitions | transitions.tsv | %d | %s |" % (
        len(rows), " | ".join(str(total[h]) for h in HOWS)))
    customs = {}
    for _, _, (_, custom, _, _) in transitions:
        if custom:
            customs[custom] = customs.get(custom, 0) + 1
    sections += ["### Transitions", ""] + table + [
        "", "Custom kinds: " + ", ".join("`%s` %d" % kv for kv in sorted(customs.items())) + ".",
        ""]
    for kind in KINDS:
        rows = [(lk["family"], describe_animation(lk), how, name)
                for k, name, _, lk, how in animations if k == kind]
        table, total = count_table(rows, "parameters (entries)")
        summary.append("| %s | %s.tsv | %d | %s |" % (
            kind, KIND_FILES[kind], len(rows), " | ".join(str(total[h]) for h in HOWS)))
        sections += ["### %s" % kind, ""] + table + [""]
    out += summary + [""] + sections + ["### Keyword rules", ""] + rule_lists() + [
        "", "<!-- END GENERATED -->"]
    return "\n".join(out)


def update_docs(generated):
    path = os.path.join(ROOT, "docs", "looks-transitions-animations.md")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    pattern = re.compile(r"<!-- BEGIN GENERATED.*?<!-- END GENERATED -->", re.S)
    if not pattern.search(text):
        sys.exit("docs/looks-transitions-animations.md has no GENERATED markers")
    write(path, pattern.sub(lambda _: generated, text))


def main():
    cat = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_CATALOGUE
    transitions = [(name, rid, transition_look(name)) for name, rid in read_tsv(cat, "transitions")]
    for name, _, (xfade, custom, _, _) in transitions:
        assert (xfade in XFADE_51) != (custom in CUSTOM), name
    animations = []
    for kind in KINDS:
        for name, rid in read_tsv(cat, KIND_FILES[kind]):
            lk, how = animation_look(kind, name)
            animations.append((kind, name, rid, lk, how))
    write("render/look_keyword_table.cpp", keyword_table_cpp())
    write("render/transition_table.cpp", transition_table_cpp(transitions))
    write("render/animation_table.cpp", animation_table_cpp(animations))
    update_docs(generated_docs(transitions, animations))
    counts = {}
    for _, _, (_, _, _, how) in transitions:
        counts.setdefault("transitions", {}).setdefault(how, 0)
        counts["transitions"][how] += 1
    for kind, _, _, _, how in animations:
        counts.setdefault(kind, {}).setdefault(how, 0)
        counts[kind][how] += 1
    for k, c in counts.items():
        print("%-12s %s" % (k, " ".join("%s=%d" % (h, c.get(h, 0))
                                         for h in ("exact", "family", "fallback"))))


if __name__ == "__main__":
    main()
