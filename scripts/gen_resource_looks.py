#!/usr/bin/env python3
"""Generates the look tables of Jianying filters, video effects, audio effects and voice tones.

    scripts/gen_resource_looks.py [CATALOGUE_DIR] [--list]

CATALOGUE_DIR defaults to ../shared/spec/jianying-catalogue (beside the checkout). Writes,
relative to the checkout:

    render/resource_look_families.cpp  the video and audio families: FFmpeg chain templates,
                                       their parameters and how close each one is
    render/resource_look_rules.cpp     the keyword rules (also used at run time for names
                                       outside the catalogue) and the audio parameter aliases
    render/resource_look_entries.cpp   every entry of the five catalogue TSVs with its family
    docs/looks-resources.md            the part between the GENERATED markers

--list prints every catalogue entry with its family instead (for reviewing the rules).

The outputs are committed: the build never reads the catalogue. Rerun after changing a family
or a rule and commit the outputs with it; render/resource_looks.cpp implements the same matching
at run time, and the tests check that every `family` entry is what those C++ rules give its name.

How an entry gets its look: a hand-assigned *exact* family (EXACT) for the few standard looks
FFmpeg reproduces; else the first keyword rule for the entry's kind whose keyword is in the name
(a `family` look, or no look when the rule says so: overlays, frames, particles, faces); else no
look. There is no fallback look: a resource we cannot approximate is reported as not drawn.

Chain templates are FFmpeg filter chains with placeholders `{expr}`: arithmetic (+ - * /,
parentheses, min max pow round floor even) over W, H (canvas), t0, t1 (the effect window in
seconds) and parameter names. render/look_template.cpp evaluates them; this script parses every
placeholder with the same grammar and rejects unknown names.
"""

import math
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_CATALOGUE = os.path.join(os.path.dirname(ROOT), "shared", "spec", "jianying-catalogue")

KINDS = ["filter", "scene_effect", "character_effect", "audio_effect", "tone"]
KIND_FILES = {"filter": "filters", "scene_effect": "video_scene_effects",
              "character_effect": "video_character_effects",
              "audio_effect": "audio_scene_effects", "tone": "tone_effects"}
BIT = {k: 1 << i for i, k in enumerate(KINDS)}
FILTER, SCENE, CHAR, AUDIO, TONE = (BIT[k] for k in KINDS)
VIDEO = FILTER | SCENE
SOUND = AUDIO | TONE

# ---------------------------------------------------------------------------------------------
# Placeholder expressions. The grammar render/look_template.cpp implements:
#   expr := term (('+'|'-') term)*      term := unary (('*'|'/') unary)*
#   unary := '-' unary | primary        primary := number | name | name '(' args ')' | '(' expr ')'
# Functions: min(a,b) max(a,b) pow(a,b) round(a) floor(a) even(a) = max(2, 2*floor(a/2)).

FUNCTIONS = {"min": (2, min), "max": (2, max), "pow": (2, math.pow),
             "round": (1, lambda a: math.floor(a + 0.5) if a >= 0 else -math.floor(-a + 0.5)),
             "floor": (1, math.floor), "even": (1, lambda a: max(2.0, 2 * math.floor(a / 2)))}
TOKEN = re.compile(r"\s*(?:(\d+\.?\d*|\.\d+)|([A-Za-z_][A-Za-z0-9_]*)|(.))")


def evaluate(expr, names):
    """Evaluates one placeholder; `names` maps every name it may use to a value."""
    tokens = [m.groups() for m in TOKEN.finditer(expr) if m.group(0).strip()]
    pos = [0]

    def peek():
        return tokens[pos[0]] if pos[0] < len(tokens) else (None, None, None)

    def take(op=None):
        tok = peek()
        if op is not None and tok[2] != op:
            raise ValueError("expected %r in {%s}" % (op, expr))
        pos[0] += 1
        return tok

    def primary():
        num, name, op = take()
        if num is not None:
            return float(num)
        if name is not None:
            if peek()[2] == "(":
                if name not in FUNCTIONS:
                    raise ValueError("unknown function %s in {%s}" % (name, expr))
                take("(")
                args = [sum_()]
                while peek()[2] == ",":
                    take(",")
                    args.append(sum_())
                take(")")
                arity, fn = FUNCTIONS[name]
                if len(args) != arity:
                    raise ValueError("%s takes %d arguments in {%s}" % (name, arity, expr))
                return float(fn(*args))
            if name not in names:
                raise ValueError("unknown name %s in {%s}" % (name, expr))
            return float(names[name])
        if op == "(":
            v = sum_()
            take(")")
            return v
        raise ValueError("unexpected %r in {%s}" % (op, expr))

    def unary():
        if peek()[2] == "-":
            take("-")
            return -unary()
        return primary()

    def product():
        v = unary()
        while peek()[2] in ("*", "/"):
            if take()[2] == "*":
                v *= unary()
            else:
                v /= unary()
        return v

    def sum_():
        v = product()
        while peek()[2] in ("+", "-"):
            if take()[2] == "+":
                v += product()
            else:
                v -= product()
        return v

    v = sum_()
    if pos[0] != len(tokens):
        raise ValueError("trailing input in {%s}" % expr)
    return v


PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def expand(template, names):
    """The template with every placeholder replaced by its value (as render/ formats it)."""
    def number(m):
        v = evaluate(m.group(1), names)
        text = ("%.6f" % v).rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    return PLACEHOLDER.sub(number, template)


# ---------------------------------------------------------------------------------------------
# Video families. Each chain works on a yuv420p canvas of W x H and keeps its size, its frame
# count and its timestamps (render/ appends format=yuv420p). Time-varying looks read FFmpeg's `t`
# relative to the window [t0, t1]. Parameters: (default, min, max) -- the draft's value (else the
# catalogue entry's default, else this default) is clamped to the range.

F = "effects_adjust_filter"      # strength of a colour grade
SPEED = "effects_adjust_speed"
RANGE = "effects_adjust_range"    # how far a motion goes
INTENSITY = "effects_adjust_intensity"
BLUR = "effects_adjust_blur"
NOISE = "effects_adjust_noise"
SHARPEN = "effects_adjust_sharpen"
HCHROMA = "effects_adjust_horizontal_chromatic"
VCHROMA = "effects_adjust_vertical_chromatic"
DISTORTION = "effects_adjust_distortion"
TEXTURE = "effects_adjust_texture"


def unit(default):
    return (default, 0.0, 1.0)


def mixer(delta, weight=1.0, param=F):
    """colorchannelmixer moving each coefficient from the identity by delta * weight * param.
    delta: {"rr": -0.1, "br": 0.12, ...}. A mixer (unlike colorbalance) moves a saturated colour
    too: pure red gains blue under a cool tint."""
    parts = []
    for c in ("rr", "rg", "rb", "ra", "gr", "gg", "gb", "ga", "br", "bg", "bb", "ba"):
        if c not in delta:
            continue
        base = 1.0 if c[0] == c[1] else 0.0
        d = delta[c] * weight
        parts.append("%s={%s%s%s*%s}" % (c, ("%g" % base) if base else "", "+" if d > 0 and base
                                          else "", "%g" % d, param))
    return "colorchannelmixer=" + ":".join(parts)


SEPIA = {"rr": 0.393, "rg": 0.769, "rb": 0.189, "gr": 0.349, "gg": 0.686, "gb": 0.168,
         "br": 0.272, "bg": 0.534, "bb": 0.131}


def towards(matrix, weight):
    """The delta that moves the identity `weight` of the way to `matrix`."""
    return {c: (v - (1.0 if c[0] == c[1] else 0.0)) for c, v in matrix.items()}, weight


def window_phase(freq):
    """FFmpeg expression: the phase 2*pi*freq*(t - t0) of a periodic look."""
    return "2*PI*{%s}*(t-{t0})" % freq


def zoom_chain(z):
    """A zoom by the FFmpeg expression z(t) >= 1 about the centre, output exactly W x H: scale
    re-evaluates its size every frame and crop cuts the centre by explicit offsets (crop's own
    iw is fixed when the graph is configured). zoompan would renumber the timestamps."""
    w = "2*trunc({W}*%s/2)" % z
    h = "2*trunc({H}*%s/2)" % z
    return ("scale=w='%s':h='%s':eval=frame,crop={W}:{H}:x='trunc({W}*%s/2)-{W}/2'"
            ":y='trunc({H}*%s/2)-{H}/2'" % (w, h, z, z))


class Family:
    def __init__(self, name, chain, params, closeness, tail=0.0):
        self.name, self.chain, self.params, self.closeness, self.tail = (
            name, chain, params, closeness, tail)


COOL = {"rr": -0.12, "gg": -0.02, "gb": 0.04, "br": 0.12, "bg": 0.06}
PULSE = "pow(abs(cos(PI*{%s}*(t-{t0}))),6)"  # 1 at t0 and every 1/f s, a sharp peak

VIDEO_FAMILIES = [
    Family("bw", "hue=s=0", {},
           "exact: luma only, every pixel R=G=B (变黑白)"),
    Family("bw_contrast", "hue=s=0,eq=contrast={1+0.3*%s}:brightness={0.02*%s}" % (F, F),
           {F: unit(1.0)}, "close: grey with more contrast (高清黑白, 黑白电影)"),
    Family("bw_film",
           "hue=s=0,eq=contrast=1.15:brightness='0.03*sin(%s)':eval=frame,"
           "noise=c0s={6+20*%s}:c0f=t,vignette=angle=PI/5" % (window_phase("4+12*" + SPEED),
                                                               NOISE),
           {SPEED: unit(0.33), NOISE: unit(0.4)},
           "approximate: grey, flicker, grain and a vignette (黑白胶片, 默片); no scratches"),
    Family("cool", mixer(COOL), {F: unit(1.0)},
           "approximate: red down, blue up (冷蓝, 蓝调); the real LUT's curve is unknown"),
    Family("cold_bright",
           mixer(COOL, 0.6) + ",eq=brightness={0.05*%s}:saturation={1-0.2*%s}" % (F, F),
           {F: unit(1.0)}, "approximate: a lighter, paler cool tint (冷白, 冰清, 雪白)"),
    Family("warm", mixer({"rg": 0.05, "gr": 0.04, "bb": -0.15}), {F: unit(1.0)},
           "approximate: blue down, a little yellow (暖, 黄, 秋)"),
    Family("gold",
           mixer({"rg": 0.10, "gr": 0.08, "gg": -0.04, "bb": -0.25}) +
           ",eq=saturation={1+0.1*%s}" % F, {F: unit(1.0)},
           "approximate: strong orange-gold (金, 橘, 日落, 夕阳)"),
    Family("red_pink", mixer({"rg": 0.06, "rb": 0.06, "gg": -0.08, "br": 0.08}),
           {F: unit(1.0)}, "approximate: a rose tint (红, 粉, 樱, 桃)"),
    Family("purple", mixer({"rr": -0.04, "rb": 0.10, "gg": -0.10, "br": 0.12}), {F: unit(1.0)},
           "approximate: a violet tint (紫, 薰)"),
    Family("green", mixer({"rr": -0.08, "gr": 0.06, "gb": 0.04, "bb": -0.08}), {F: unit(1.0)},
           "approximate: a green tint (绿, 森, 薄荷)"),
    Family("teal", mixer({"rr": -0.12, "gb": 0.06, "bg": 0.10}), {F: unit(1.0)},
           "approximate: a cyan-teal tint (青, 碧)"),
    Family("sepia", mixer(*towards(SEPIA, 0.8)), {F: unit(1.0)},
           "close: the classic sepia matrix, 80 % (棕, 褐, 咖, 牛皮纸)"),
    Family("cinematic",
           "colorbalance=rs={-0.10*%s}:gs={0.02*%s}:bs={0.12*%s}:rh={0.10*%s}:gh={0.03*%s}"
           ":bh={-0.10*%s},eq=contrast={1+0.08*%s}:saturation={1+0.05*%s}" % ((F,) * 8),
           {F: unit(1.0)},
           "approximate: teal shadows, orange highlights, more contrast (电影, 好莱坞)"),
    Family("film",
           "curves=preset=vintage,eq=saturation=0.9,noise=c0s={6+18*%s}:c0f=t,"
           "vignette=angle=PI/6" % NOISE,
           {NOISE: unit(0.3)},
           "approximate: FFmpeg's vintage curves, grain and a light vignette (胶片, 复古, CCD, "
           "港风); each real stock has its own LUT"),
    Family("old_film",
           mixer(*towards(SEPIA, 0.9)) +
           ",eq=contrast=1.1:brightness='0.05*sin(%s)*sin(%s)':eval=frame,"
           "noise=c0s=24:c0f=t+u,vignette=angle=PI/4" % (
               window_phase("5+12*" + SPEED), window_phase("2.3+5*" + SPEED)),
           {SPEED: unit(0.33), F: unit(1.0)},
           "approximate: sepia, flicker, heavy grain, dark corners (老电影, 放映机); no "
           "scratches or dust"),
    Family("vhs",
           "chromashift=cbh={-even(W/160)}:crh={even(W/160)},gblur=sigma={max(0.5,W/800)},"
           "eq=saturation=1.15:contrast=0.95,noise=c0s=12:c0f=t+u,"
           "drawgrid=w=iw:h={even(H/120)}:t={max(1,floor(H/360))}:c=black@0.25",
           {}, "approximate: colour bleeding sideways, softness, noise and scan lines (VHS, "
           "录像带, DV); no tracking bands"),
    Family("tv",
           "drawgrid=w=iw:h={even(H/160)}:t={max(1,floor(H/480))}:c=black@{0.15+0.4*%s},"
           "noise=c0s=10:c0f=t,eq=saturation=0.85" % INTENSITY,
           {INTENSITY: unit(0.4)}, "approximate: scan lines and noise (隔行扫描, 老电视)"),
    Family("clarity",
           "unsharp=lx={min(13,3+2*floor(W/640))}:ly={min(13,3+2*floor(W/640))}"
           ":la={0.5+1.0*%s}:cx=3:cy=3:ca=0,eq=contrast={1+0.06*%s}:saturation={1+0.06*%s}"
           % (SHARPEN, F, F),
           {SHARPEN: unit(0.5), F: unit(1.0)},
           "approximate: unsharp mask and a little contrast (高清, 4K, 清晰, 锐化, 去雾)"),
    Family("vivid", "eq=saturation={1+0.45*%s}:contrast={1+0.05*%s}" % (F, F),
           {F: unit(1.0)}, "close: more saturation (增色, 鲜, 饱和)"),
    Family("faded", "curves=all='0/{0.10*%s} 1/{1-0.06*%s}',eq=saturation={1-0.35*%s}"
           % (F, F, F), {F: unit(1.0)},
           "close: lifted blacks, dimmer whites, less colour (褪色, 淡, 雾, 灰)"),
    Family("dark",
           "eq=brightness={-0.06*%s}:gamma={1-0.25*%s}:contrast={1+0.05*%s}:saturation="
           "{1-0.1*%s}" % (F, F, F, F),
           {F: unit(1.0)}, "approximate: darker midtones (暗, 夜, 黑)"),
    Family("bright",
           "eq=brightness={0.04*%s}:gamma={1+0.18*%s}:saturation={1-0.05*%s}" % (F, F, F),
           {F: unit(1.0)}, "approximate: lighter midtones (亮, 白, 清新, 奶油, 晴)"),
    Family("soft", "gblur=sigma={max(0.5,W/640)},eq=brightness={0.02*%s}:contrast={1-0.08*%s}"
           % (F, F), {F: unit(1.0)},
           "approximate: a slight blur and lower contrast (柔光, 柔焦); no glow"),
    Family("cyberpunk",
           "colorbalance=rs={-0.10*%s}:bs={0.25*%s}:rm={0.12*%s}:gm={-0.06*%s}:bm={0.18*%s}"
           ":rh={0.12*%s}:gh={-0.04*%s}:bh={0.16*%s},eq=contrast={1+0.12*%s}:saturation="
           "{1+0.3*%s}" % ((F,) * 10), {F: unit(1.0)},
           "approximate: magenta-blue grade, strong contrast (赛博朋克, 蒸汽波)"),
    Family("invert", "negate", {}, "exact: every colour inverted (负片, 反色)"),
    Family("hue_cycle", "hue=h='360*{0.25+1.5*%s}*(t-{t0})':s={1+0.2*%s}" % (SPEED, F),
           {SPEED: unit(0.33), F: unit(1.0)},
           "approximate: the hues turn round the colour wheel (炫彩, 迷幻)"),
    Family("blur", "gblur=sigma={max(0.5,%s*W/40)}" % BLUR, {BLUR: unit(0.5)},
           "close: Gaussian blur, sigma = blur x W/40 (模糊); directional blurs are drawn round"),
    Family("vignette", "vignette=angle={0.2+0.4*%s}" % TEXTURE, {TEXTURE: unit(1.0)},
           "close: darkened corners (暗角)"),
    Family("shake",
           "scale={even(W*1.1)}:{even(H*1.1)},crop={W}:{H}"
           ":x='(iw-ow)/2*(1+{0.2+0.8*%s}*sin(%s)*cos(%s))'"
           ":y='(ih-oh)/2*(1+{0.2+0.8*%s}*sin(%s+1.1))'" % (
               RANGE, window_phase("3+20*" + SPEED), window_phase("1.3+7*" + SPEED),
               RANGE, window_phase("2.7+17*" + SPEED)),
           {SPEED: unit(0.33), RANGE: unit(0.5)},
           "approximate: the picture, enlarged 10 %, jitters inside the frame (抖动, 震动)"),
    Family("swing",
           "scale={even(W*(1.02+(0.02+0.1*%s)*max(W/H,H/W)))}:{even(H*(1.02+(0.02+0.1*%s)"
           "*max(W/H,H/W)))},rotate=a='{0.02+0.1*%s}*sin(%s)':ow={W}:oh={H}:c=black" % (
               RANGE, RANGE, RANGE, window_phase("0.5+2*" + SPEED)),
           {SPEED: unit(0.5), RANGE: unit(0.5)},
           "approximate: the enlarged picture rocks about its centre (摇摆)"),
    Family("zoom_pulse",
           zoom_chain("(1+{0.04+0.16*%s}*pow(abs(sin(PI*{0.8+4*%s}*(t-{t0}))),4))"
                      % (RANGE, SPEED)),
           {SPEED: unit(0.33), RANGE: unit(0.5)},
           "approximate: quick zoom beats about the centre (心跳, 变焦, 推拉)"),
    Family("zoom_in",
           zoom_chain("(1+{0.1+0.4*%s}*(0.5-0.5*cos(PI*min(1,max(0,(t-{t0})/{max(0.04,t1-t0)}))"
                      ")))" % RANGE),
           {RANGE: unit(0.5)},
           "close: an eased zoom in across the window (渐渐放大, 镜头变焦)"),
    Family("exposure", "eq=brightness={0.04+0.2*%s}:gamma={1+0.5*%s}:contrast=0.95"
           % (INTENSITY, INTENSITY), {INTENSITY: unit(0.4)},
           "approximate: brighter, washed highlights (曝光)"),
    Family("pixelate",
           "scale={max(2,round(W/max(4,W*(0.01+0.05*%s))))}:{max(2,round(H/max(4,W*(0.01+0.05*"
           "%s))))}:flags=neighbor,scale={W}:{H}:flags=neighbor" % (BLUR, BLUR),
           {BLUR: unit(0.5)}, "exact: square blocks of 1-6 % of the width (马赛克)"),
    Family("ghost", "tmix=frames={3+round(5*%s)}:weights=1" % RANGE, {RANGE: unit(0.5)},
           "approximate: the last frames blended into trails (幻影, 残影, 拖影)"),
    Family("fade_in", "fade=t=in:st={t0}:d={max(0.04,t1-t0)}", {},
           "exact: from black across the window (渐显开幕)"),
    Family("fade_in_white", "fade=t=in:st={t0}:d={max(0.04,t1-t0)}:c=white", {},
           "exact: from white across the window (白色渐显)"),
    Family("fade_out", "fade=t=out:st={t0}:d={max(0.04,t1-t0)}", {},
           "exact: to black across the window (渐隐闭幕)"),
    Family("letterbox",
           "drawbox=x=0:y=0:w=iw:h={even((H-W/(1.85+%s))/2)}:c=black:t=fill,"
           "drawbox=x=0:y={H-even((H-W/(1.85+%s))/2)}:w=iw:h={even((H-W/(1.85+%s))/2)}:c=black"
           ":t=fill" % (RANGE, RANGE, RANGE), {RANGE: unit(0.5)},
           "exact: black bars to a 2.35:1 picture at the default range (电影感画幅)"),
    Family("fisheye", "lenscorrection=k1={0.1+0.5*%s}:k2={0.05+0.2*%s}:i=bilinear"
           % (DISTORTION, DISTORTION), {DISTORTION: unit(0.6)},
           "approximate: barrel distortion, corners black (鱼眼, 广角)"),
    Family("glitch",
           "scale={even(W*1.04)}:{even(H*1.04)},crop={W}:{H}"
           ":x='(iw-ow)/2*(1+gt(random(0),{0.85-0.3*%s})*(2*random(1)-1))':y='(ih-oh)/2',"
           "chromashift=cbh={-max(2,even(W/120))}:crh={max(2,even(W/120))},"
           "noise=alls={6+12*%s}:allf=t+u" % (SPEED, F),
           {SPEED: unit(0.33), F: unit(1.0)},
           "approximate: random sideways jumps, colour fringes and noise (故障, 毛刺, 信号); no "
           "torn blocks"),
    Family("chromatic",
           "rgbashift=rh={-round(W*0.012*%s)}:bh={round(W*0.012*%s)}:rv={-round(H*0.012*%s)}"
           ":bv={round(H*0.012*%s)}" % (HCHROMA, HCHROMA, VCHROMA, VCHROMA),
           {HCHROMA: unit(0.6), VCHROMA: unit(0.5)},
           "close: red and blue shifted apart (色差, RGB)"),
    Family("flash",
           ("eq=brightness='{0.15+0.5*%s}*" + PULSE + "':saturation='1-0.6*" + PULSE +
            "':eval=frame") % (INTENSITY, "1+6*" + SPEED, "1+6*" + SPEED),
           {SPEED: unit(0.33), INTENSITY: unit(1.0)},
           "approximate: white flashes, the first at the window's start (闪白, 频闪, 闪光)"),
    Family("flash_black",
           ("eq=brightness='-{0.15+0.6*%s}*" + PULSE + "':saturation='1-0.5*" + PULSE +
            "':eval=frame") % (INTENSITY, "1+6*" + SPEED, "1+6*" + SPEED),
           {SPEED: unit(0.33), INTENSITY: unit(1.0)},
           "approximate: dips to black (闪黑)"),
    Family("noise", "noise=alls={8+40*%s}:allf=t+u" % NOISE, {NOISE: unit(0.5)},
           "close: moving grain (噪点)"),
    Family("line_drawing", "edgedetect=low=0.08:high=0.25,negate", {},
           "close: dark edges on white (黑白线描)"),
]

# ---------------------------------------------------------------------------------------------
# Audio families: chains for stereo fltp 48 kHz and the tail in seconds they add after the sound
# ends. Jianying names its audio parameters in English and in Chinese; AUDIO_ALIASES maps them
# to this table's change_voice_param_* names.

STRENGTH = "change_voice_param_strength"
QUANTITY = "change_voice_param_quantity"
TIMBRE = "change_voice_param_timbre"
DEPTH = "change_voice_param_depth"
FREQUENCY = "change_voice_param_frequency"
AMPLITUDE = "change_voice_param_amplitude"
SURROUND = "change_voice_param_surrounding_frequency"

AUDIO_ALIASES = [
    ("强弱", STRENGTH), ("强度", STRENGTH), ("strength", STRENGTH),
    ("音调", "change_voice_param_pitch_shift"), ("音色", TIMBRE),
    ("深度", DEPTH), ("频率", FREQUENCY), ("幅度", AMPLITUDE),
    ("空间大小", "change_voice_param_room_size"), ("噪点", "change_voice_param_noise"),
    ("noise", "change_voice_param_noise"), ("背景音", "change_voice_param_background"),
]


def taps(delays_ms, first, last, param=STRENGTH):
    """aecho's delays and decays: decays fall linearly from `first` to `last`, times the
    strength (never 0: aecho refuses it)."""
    n = len(delays_ms)
    decays = [first + (last - first) * i / max(1, n - 1) for i in range(n)]
    return "%s:%s" % ("|".join(str(d) for d in delays_ms),
                      "|".join("{max(0.001,%g*%s)}" % (d, param) for d in decays))


def semitones(n, param=STRENGTH):
    return "rubberband=pitch={pow(2,%g*%s/12)}" % (n, param)


AUDIO_FAMILIES = [
    Family("echo",
           "aecho=1:0.9:180|360|540|720:{max(0.001,0.6*%s)}|{max(0.001,0.6*%s*%s)}|"
           "{max(0.001,0.6*%s*%s*%s)}|{max(0.001,0.6*%s*%s*%s*%s)}" % (
               STRENGTH, STRENGTH, QUANTITY, STRENGTH, QUANTITY, QUANTITY, STRENGTH, QUANTITY,
               QUANTITY, QUANTITY),
           {STRENGTH: unit(0.762), QUANTITY: unit(0.8)},
           "approximate: four repeats 180 ms apart, each quieter by the quantity (回音, 回声)",
           tail=0.8),
    Family("reverb_room", "aecho=1:0.85:" + taps([23, 37, 53, 71, 97], 0.5, 0.2),
           {STRENGTH: unit(1.0)},
           "approximate: a handful of early reflections, no diffuse tail (房间, 浴室)",
           tail=0.15),
    Family("reverb_hall", "aecho=1:0.8:" + taps([47, 89, 137, 193, 257, 331, 419, 521], 0.55,
                                                0.15),
           {STRENGTH: unit(1.0)},
           "approximate: eight reflections over half a second (大厅, 教堂, 演唱会); FFmpeg 5.1 "
           "has no algorithmic reverb", tail=0.6),
    Family("telephone",
           "highpass=f=300,highpass=f=300,lowpass=f=3400,lowpass=f=3400,"
           "acompressor=threshold=0.125:ratio=4:attack=5:release=50:makeup=2", {},
           "close: the 300-3400 Hz telephone band, compressed (电话, 对讲机)"),
    Family("radio",
           "highpass=f=250,lowpass=f=4500,lowpass=f=4500,"
           "acompressor=threshold=0.1:ratio=6:attack=5:release=80:makeup=2.5", {},
           "approximate: a 250-4500 Hz band, heavily compressed (收音机, 广播, 留声机); no "
           "crackle"),
    Family("megaphone",
           "highpass=f=500,highpass=f=500,lowpass=f=3500,volume={1+5*%s},asoftclip=type=tanh,"
           "volume=0.7" % STRENGTH, {STRENGTH: unit(1.0)},
           "approximate: a narrow band driven into soft clipping (扩音器, 大喇叭)"),
    Family("muffled", "lowpass=f={1400-1000*%s},lowpass=f={1400-1000*%s}" % (DEPTH, DEPTH),
           {DEPTH: unit(0.5)}, "approximate: only the lows pass (水下, 捂嘴, 闷)"),
    Family("pitch_up", semitones(5), {STRENGTH: unit(1.0)},
           "approximate: 5 semitones up, tempo kept (女生, 萝莉, 小孩)"),
    Family("pitch_up_high", semitones(12), {STRENGTH: unit(1.0)},
           "approximate: an octave up (花栗鼠, 氦气)"),
    Family("pitch_down", semitones(-5), {STRENGTH: unit(1.0)},
           "approximate: 5 semitones down (大叔, 男生, 低沉)"),
    Family("pitch_down_deep", semitones(-10), {STRENGTH: unit(1.0)},
           "approximate: 10 semitones down (怪物)"),
    # Each FFT frame keeps its magnitudes with a linear phase that puts its energy at the frame's
    # centre (alternating signs), so every 128 samples a pulse carries the frame's spectrum: a
    # 375 Hz buzz. Zero phase would put the pulse at the frame's edge, where the synthesis window
    # silences it (-10 dB and worse).
    Family("robot",
           "afftfilt=real='hypot(re,im)*(1-2*mod(b,2))':imag='0':win_size=512:overlap=0.75,"
           "volume=1.5", {},
           "close: FFT frames with their phase flattened, the classic robot voice (机器人)"),
    Family("vibrato", "vibrato=f={3+9*%s}:d={0.1+0.8*%s}" % (FREQUENCY, AMPLITUDE),
           {FREQUENCY: unit(0.714), AMPLITUDE: unit(0.905)},
           "close: pitch wobble at the given rate and depth (颤音)"),
    Family("tremolo", "tremolo=f={4+8*%s}:d={0.3+0.6*%s}" % (FREQUENCY, STRENGTH),
           {FREQUENCY: unit(0.5), STRENGTH: unit(1.0)},
           "close: level wobble (颤抖)"),
    Family("chorus", "chorus=0.7:0.9:55|60|40:0.4|0.32|0.3:0.25|0.4|0.3:2|2.3|1.3", {},
           "approximate: three detuned copies (合唱)", tail=0.1),
    Family("bass_boost", "bass=g={10*%s}:f=100:w=0.7" % STRENGTH, {STRENGTH: unit(1.0)},
           "close: +10 dB shelf below 100 Hz (低音增强)"),
    Family("treble_boost", "treble=g={8*%s}:f=3500" % STRENGTH, {STRENGTH: unit(1.0)},
           "close: +8 dB shelf above 3.5 kHz (高音增强)"),
    Family("voice_enhance",
           "highpass=f=80,equalizer=f=3000:t=q:w=1.2:g={5*%s},"
           "acompressor=threshold=0.1:ratio=2.5:makeup=1.5" % STRENGTH, {STRENGTH: unit(1.0)},
           "approximate: rumble cut, presence boost, gentle compression (人声增强)"),
    Family("lofi",
           "highpass=f=150,lowpass=f={6000-3000*%s},acrusher=bits={12-4*%s}:mode=log:aa=1"
           ":mix={%s}" % (STRENGTH, STRENGTH, STRENGTH), {STRENGTH: unit(1.0)},
           "approximate: narrow band and coarse samples (低保真, 黑胶); no vinyl crackle"),
    Family("bitcrush", "acrusher=bits=6:samples={2+8*%s}:mode=lin:aa=0:mix={%s}"
           % (TIMBRE, STRENGTH), {TIMBRE: unit(1.0), STRENGTH: unit(1.0)},
           "approximate: 6-bit samples held several at a time (8bit)"),
    Family("autopan", "apulsator=hz={0.05+0.5*%s}:amount={0.3+0.6*%s}" % (SURROUND, STRENGTH),
           {SURROUND: unit(0.5), STRENGTH: unit(1.0)},
           "approximate: the sound circles between the ears (环绕音, 3D)"),
    Family("stereo_widen", "stereowiden=delay=20:feedback=0.1:crossfeed=0.15:drymix=1", {},
           "approximate: a delayed cross-feed widens the image (立体声)"),
    Family("distortion", "volume={1+7*%s},asoftclip=type=atan,volume=0.5" % STRENGTH,
           {STRENGTH: unit(1.0)}, "approximate: driven soft clipping (失真)"),
]

FAMILY_NAMES = {f.name for f in VIDEO_FAMILIES} | {f.name for f in AUDIO_FAMILIES}
assert len(FAMILY_NAMES) == len(VIDEO_FAMILIES) + len(AUDIO_FAMILIES), "family names repeat"
VIDEO_NAMES = [f.name for f in VIDEO_FAMILIES]
AUDIO_NAMES = [f.name for f in AUDIO_FAMILIES]

# ---------------------------------------------------------------------------------------------
# Keyword rules. The first rule for the entry's kind whose keyword is in the name wins; a rule
# with family None gives NO look (the keyword names something we cannot draw with a filter
# chain). Order: character effects first (almost all are drawn on the person: no look), then what
# a scene effect draws on top of the picture (frames, particles, light rays, stickers, text,
# faces: no look), then the effects with a motion or a technique of their own, then split
# screens, then colour words, cinematic and film grades, clarity, vividness, fading, brightness
# and darkness.

NO_LOOK = None


class Rule:
    def __init__(self, keyword, kinds, family):
        assert family is None or family in FAMILY_NAMES, family
        self.keyword, self.kinds, self.family = keyword, kinds, family


def rules(keywords, kinds, family):
    return [Rule(k, kinds, family) for k in keywords]


# Things a scene effect lays over the picture: no filter chain draws them.
OVERLAYS = [
    # frames, panels, interfaces, paper, stickers
    "边框", "框", "描边", "线框", "弹窗", "界面", "封面", "播放器", "桌面", "唱片", "杂志", "海报", "报纸",
    "明信片", "拍立得", "相纸", "纸", "折痕", "胶带", "邮票", "选中", "网格", "窗", "格子", "格纹",
    "连拍", "放大镜", "望远镜", "取景", "监控", "预警", "数学公式", "飞速计算", "密码", "解锁",
    # particles, light sources and shapes drawn on top
    "爱心", "心形", "星", "粒子", "雪", "雨", "花瓣", "樱花", "落叶", "落樱", "羽毛", "蝴蝶", "蝶", "彩带",
    "纸屑", "烟花", "烟火", "礼花", "爆竹", "金粉", "金片", "金币", "元宝", "闪粉", "细闪", "亮片", "钻",
    "光斑", "泡泡", "气泡", "气球", "光线", "光束", "射线", "光晕", "彩虹", "霓虹", "投影", "漏光", "扫光",
    "扫描", "闪电", "电光", "火", "烟", "水墨", "水彩", "油画", "泼墨", "晕染", "水波", "波纹", "水滴",
    "涟漪", "冰块", "冰霜", "破冰", "破碎", "碎片", "碎闪", "裂", "刀光", "冲击波", "爆炸", "孔明灯",
    "灯", "聚光", "手电筒", "魔法", "仙女", "精灵", "萤", "幻彩", "流光", "光谱", "珠", "糖果",
    "欧根纱", "树影", "车窗", "kira", "Kira", "bling", "Bling", "闪闪", "散光", "月亮", "蓝带",
    "丝印", "云", "半调", "斗金",
    # text, emoji, stickers, holiday art
    "emoji", "弹幕", "涂鸦", "文字", "字", "祝福", "倒计时", "倒数", "新年", "新春", "春联", "红包",
    "福", "财", "生日", "圣诞", "万圣", "南瓜", "节日", "庆祝", "夺冠", "好评", "赞", "问号", "啊啊",
    "哈哈", "夸夸", "我酸了", "不对劲", "中枪", "全剧终", "I Love", "I Lose", "New Year", "List",
    "PASSION", "2024", "2025", "兔", "蛇", "龙", "猫", "乌鸦", "蝙蝠", "白鸽", "金鱼", "伞",
    # faces and bodies
    "人", "脸", "身", "美颜", "分身", "变身", "恶魔", "幽灵", "地狱", "天使", "红晕", "笑",
    "少女", "甜心", "告白", "怦然心动", "心动", "心事", "心河", "心花", "热恋", "真爱", "浪漫",
]

# Split screens and panels: the layout is the look.
LAYOUTS = ["屏", "分割", "格", "镜像", "拼贴", "滚动", "翻", "像素排序", "像素拉伸"]

VIDEO_RULES = (
    # Character effects are drawn on the segmented person (faces, wings, outlines, clones):
    # applied to the whole frame they would be a different look. The three below name a
    # whole-picture treatment.
    rules(["电子屏故障", "无信号"], CHAR, "glitch")
    + rules(["背景拖影"], CHAR, "ghost")
    # Exact names whose keywords would mislead.
    + rules(["变清晰"], SCENE, NO_LOOK)  # blurred, then sharp: a fixed chain cannot
    + rules(["电影感画幅", "画幅"], SCENE, "letterbox")
    + rules(["黑白线描"], SCENE, "line_drawing")
    + rules(["白色渐显"], SCENE, "fade_in_white")
    + rules(["渐显开幕", "渐显"], SCENE, "fade_in")
    + rules(["渐隐闭幕", "渐隐", "渐黑"], SCENE, "fade_out")
    # Names whose overlay-looking word is part of a technique (十字 is a cross, 闪光灯 a flash).
    + rules(["十字模糊"], SCENE, "blur")
    + rules(["十字爆闪", "闪光灯"], SCENE, "flash")
    + rules(["隔行扫描"], SCENE, "tv")
    + rules(OVERLAYS, SCENE, NO_LOOK)
    + rules(["心跳", "脉搏"], SCENE, "zoom_pulse")
    + rules(["闪屏", "屏闪"], SCENE, "flash")
    + rules(["花屏"], SCENE, "glitch")
    + rules(LAYOUTS, SCENE, NO_LOOK)
    # Shaped openings and closings (bars, wipes, curtains) are shapes, not fades.
    + rules(["开幕", "闭幕", "打开", "关闭", "开机", "关机", "载入", "读条"], SCENE, NO_LOOK)
    # Effects with a technique of their own.
    + rules(["负片", "反色"], VIDEO, "invert")
    + rules(["高清黑白", "黑白电影"], VIDEO, "bw_contrast")
    + rules(["黑白胶片", "黑白VHS", "默片", "黑白记忆"], VIDEO, "bw_film")
    + rules(["漫画"], SCENE, NO_LOOK)  # halftones and outlines
    + rules(["黑白"], VIDEO, "bw")
    + rules(["故障", "毛刺", "glitch", "信号", "Signal", "干扰"], SCENE, "glitch")
    + rules(["色差", "色散", "RGB"], SCENE, "chromatic")
    + rules(["马赛克", "像素"], SCENE, "pixelate")
    + rules(["鱼眼", "广角"], SCENE, "fisheye")
    + rules(["老电影", "老照片", "放映", "刮花"], VIDEO, "old_film")
    + rules(["VHS", "录像", "DV", "磁带", "betamax", "VCR", "JVC"], VIDEO, "vhs")
    + rules(["隔行", "电视"], SCENE, "tv")
    + rules(["闪黑"], SCENE, "flash_black")
    + rules(["闪白", "频闪", "闪光", "爆闪", "闪烁", "闪动", "闪切"], SCENE, "flash")
    + rules(["幻影", "残影", "灵魂出窍", "拖影", "重影", "叠影", "慢门"], SCENE, "ghost")
    + rules(["摇摆", "秋千"], SCENE, "swing")
    + rules(["抖动", "摇晃", "震", "晃", "颤抖", "手持"], SCENE, "shake")
    + rules(["推近推远"], SCENE, "zoom_pulse")
    + rules(["渐渐放大", "轻微放大", "镜头变焦", "拉近", "推近"], SCENE, "zoom_in")
    + rules(["变焦", "推镜", "推拉", "缩放", "放大"], SCENE, "zoom_pulse")
    + rules(["运镜"], SCENE, NO_LOOK)  # other camera moves (orbits, follows)
    + rules(["模糊", "虚化", "失焦", "毛玻璃"], SCENE, "blur")
    + rules(["暗角"], SCENE, "vignette")
    + rules(["曝光降低"], SCENE, "dark")
    + rules(["曝"], VIDEO, "exposure")
    + rules(["噪"], SCENE, "noise")
    + rules(["炫彩", "迷幻", "变彩色", "彩光"], SCENE, "hue_cycle")
    + rules(["锐化"], SCENE, "clarity")
    # Colour grades: filters, and scene effects named by a colour.
    + rules(["青橙", "橙蓝", "蓝橙", "橙青"], VIDEO, "cinematic")
    + rules(["赛博朋克", "2077", "蒸汽波", "霓虹"], VIDEO, "cyberpunk")
    + rules(["去黄", "冷白", "酷白", "冰清", "雪白", "冰雪白", "超白", "净白", "冷透"], VIDEO, "cold_bright")
    + rules(["青春"], VIDEO, NO_LOOK)  # youth, not cyan
    + rules(["金属"], VIDEO, NO_LOOK)  # metal: a texture
    + rules(["旧金山"], VIDEO, NO_LOOK)  # a city, not gold
    + rules(["棕", "褐", "咖", "牛皮纸", "胡桃木", "桃木", "原木", "巧克力", "摩卡", "美拉德", "焦糖",
             "琥珀"], VIDEO, "sepia")
    + rules(["金", "橘", "橙", "日落", "落日", "夕阳", "黄昏", "余晖", "晚霞", "鎏", "熔"], VIDEO, "gold")
    + rules(["紫", "薰", "芋"], VIDEO, "purple")
    + rules(["红", "粉", "樱", "桃", "玫瑰", "莓", "芭比"], VIDEO, "red_pink")
    + rules(["绿", "森", "薄荷", "抹茶", "青提", "竹", "松", "林间", "野林"], VIDEO, "green")
    + rules(["青", "碧"], VIDEO, "teal")
    # Plain colour words first, then seasons and weather (暖阳冬日 is warm, 冬日 alone cool).
    + rules(["蓝", "冷", "冰"], VIDEO, "cool")
    + rules(["暖"], VIDEO, "warm")
    + rules(["寒", "冬", "霜", "凛", "月", "凉"], VIDEO, "cool")
    + rules(["黄", "秋", "阳光", "烛光", "小麦", "烘", "烤", "日出", "烈日", "暮"], VIDEO, "warm")
    + rules(["电影", "影视", "好莱坞", "大片"], VIDEO, "cinematic")
    + rules(["胶片", "胶卷", "复古", "怀旧", "古早", "CCD", "70s", "90s", "1980", "1998", "港风",
             "宝丽来", "撕拉", "富士", "柯达", "过期", "旧", "Lofi", "低保真", "反转片", "昭和", "胶",
             "160C", "400H", "800Z", "KONICA", "雅西卡", "EOS3"], VIDEO, "film")
    + rules(["去雾", "去灰", "高清", "清晰", "4K", "4k", "8K", "超清", "画质", "增强", "修复", "明晰",
             "质感", "清澈"], VIDEO, "clarity")
    + rules(["增色", "增彩", "增艳", "鲜", "饱和", "浓郁", "艳", "多巴胺", "偏振"], VIDEO, "vivid")
    + rules(["柔", "朦胧"], VIDEO, "soft")
    + rules(["提亮", "亮", "白", "清新", "奶", "透", "晴", "氧", "明媚"], VIDEO, "bright")
    + rules(["褪色", "淡", "雾", "灰", "烟岚", "尘烟", "炊烟"], VIDEO, "faded")
    + rules(["暗", "夜", "黑", "深沉", "阴", "墨", "哥谭"], VIDEO, "dark")
)

AUDIO_RULES = (
    rules(["回音", "回声"], SOUND, "echo")
    + rules(["混响", "大厅", "音乐厅", "教堂", "演唱会", "Livehouse", "百老汇", "舞台", "山洞", "洞穴"],
            SOUND, "reverb_hall")
    + rules(["房间", "浴室", "教室", "楼道", "停车场", "管道", "麦霸"], SOUND, "reverb_room")
    + rules(["电话", "对讲机"], SOUND, "telephone")
    + rules(["收音机", "广播", "电台", "留声机", "复古电视"], SOUND, "radio")
    + rules(["扩音器", "喇叭"], SOUND, "megaphone")
    + rules(["水下", "冰川之下", "捂嘴", "闷"], SOUND, "muffled")
    + rules(["花栗鼠", "氦气", "蚊子"], SOUND, "pitch_up_high")
    + rules(["娃娃音", "萝莉", "女生", "小孩", "童声", "夹子音", "蜡笔小", "动漫小新", "樱桃丸子"], SOUND,
            "pitch_up")
    + rules(["怪物", "熊二", "圣诞老人"], SOUND, "pitch_down_deep")
    + rules(["大叔", "男生", "低沉"], SOUND, "pitch_down")
    + rules(["机器人"], SOUND, "robot")
    + rules(["颤音"], SOUND, "vibrato")
    + rules(["颤抖"], SOUND, "tremolo")
    + rules(["合唱"], SOUND, "chorus")
    + rules(["低音增强", "超重低音", "重低音"], SOUND, "bass_boost")
    + rules(["高音增强"], SOUND, "treble_boost")
    + rules(["人声增强", "清澈人声", "高解析人声"], SOUND, "voice_enhance")
    + rules(["8bit", "8-bit"], SOUND, "bitcrush")
    + rules(["低保真", "Lofi", "lofi", "黑胶"], SOUND, "lofi")
    + rules(["环绕音", "3D环绕", "3d环绕", "全景音"], SOUND, "autopan")
    + rules(["立体声"], SOUND, "stereo_widen")
    + rules(["失真"], SOUND, "distortion")
)

RULES = VIDEO_RULES + AUDIO_RULES
for r in VIDEO_RULES:
    assert r.family is None or r.family in VIDEO_NAMES, r.keyword
    assert not (r.kinds & SOUND), r.keyword
for r in AUDIO_RULES:
    assert r.family is None or r.family in AUDIO_NAMES, r.keyword
    assert not (r.kinds & (VIDEO | CHAR)), r.keyword

# The standard looks FFmpeg reproduces: (kind, name) -> family.
EXACT = {
    ("scene_effect", "变黑白"): "bw",
    ("scene_effect", "模糊"): "blur",
    ("scene_effect", "暗角"): "vignette",
    ("scene_effect", "马赛克"): "pixelate",
    ("scene_effect", "彩色负片"): "invert",
    ("scene_effect", "渐显开幕"): "fade_in",
    ("scene_effect", "渐隐闭幕"): "fade_out",
    ("scene_effect", "白色渐显"): "fade_in_white",
    ("scene_effect", "电影感画幅"): "letterbox",
    ("audio_effect", "电话"): "telephone",
    ("audio_effect", "低音增强"): "bass_boost",
    ("audio_effect", "高音增强"): "treble_boost",
}
EXACT_FAMILIES = {f for f in VIDEO_FAMILIES if f.closeness.startswith("exact")}


def from_keywords(kind, name):
    """(family or None, matched) for the first rule of the kind whose keyword is in the name."""
    for r in RULES:
        if r.kinds & BIT[kind] and r.keyword in name:
            return r.family, True
    return None, False


def look(kind, name):
    """(family, how): how is exact, family or none."""
    if (kind, name) in EXACT:
        return EXACT[(kind, name)], "exact"
    family, _ = from_keywords(kind, name)
    return (family, "family") if family else ("", "none")

for _group in (OVERLAYS, LAYOUTS):
    assert len(set(_group)) == len(_group), [k for k in _group if _group.count(k) > 1]


# ---------------------------------------------------------------------------------------------
# Output

HEADER = """// GENERATED by scripts/gen_resource_looks.py from the Jianying catalogue TSVs
// (../shared/spec/jianying-catalogue). Do not edit: change the script and rerun it.
"""


def c_str(s):
    assert '"' not in s and "\\" not in s and "\n" not in s, s
    return '"' + s + '"'


def read_tsv(cat, stem):
    """[(name, resource_id, {param: default})] in file order."""
    rows = []
    with open(os.path.join(cat, stem + ".tsv"), encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if not l.startswith("#")]
    header = lines[0].split("\t")
    assert header == ["name", "is_vip", "resource_id", "effect_id", "default_duration_us",
                      "extra"], header
    for line in lines[1:]:
        cols = line.split("\t")
        params = {}
        for extra in cols[5].split(" ") if len(cols) > 5 else []:
            if extra.startswith("params="):
                for p in extra[len("params="):].split(";"):
                    pname, default = p.split(":")[:2]
                    params[pname] = float(default)
        rows.append((cols[0], cols[2], params))
    return rows


def params_text(params):
    """name:default;... as the entry table stores it."""
    return ";".join("%s:%s" % (k, ("%.6f" % v).rstrip("0").rstrip(".")) for k, v in
                    params.items())


def write(path, text):
    with open(os.path.join(ROOT, path), "w", encoding="utf-8") as f:
        f.write(text)


def check_family(fam, video):
    """Every placeholder parses and names only W, H, t0, t1 and the family's parameters."""
    names = {"W": 1920, "H": 1080, "t0": 2.0, "t1": 3.0} if video else {}
    names.update({k: v[0] for k, v in fam.params.items()})
    for text in PLACEHOLDER.findall(fam.chain):
        evaluate(text, names)
    for pname, (default, lo, hi) in fam.params.items():
        assert lo <= default <= hi, (fam.name, pname)
        assert re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", pname), pname
    assert "{" not in PLACEHOLDER.sub("", fam.chain) and "}" not in PLACEHOLDER.sub("", fam.chain)


def family_rows(families, video):
    out = []
    for fam in families:
        check_family(fam, video)
        params = ";".join("%s:%s:%s:%s" % (k, "%g" % d, "%g" % lo, "%g" % hi)
                          for k, (d, lo, hi) in fam.params.items())
        out.append("    {%s,\n     %s,\n     %s, %s,\n     %s}," % (
            c_str(fam.name), c_str(fam.chain), c_str(params), repr(float(fam.tail)),
            c_str(fam.closeness)))
    return out


def families_cpp():
    out = [HEADER, '#include "render/resource_look_tables.hpp"\n',
           "namespace cutqueue::render::looks {\n", "// clang-format off",
           "// name, chain template, parameters (name:default:min:max;...), tail seconds, how close",
           "const look_family video_families[] = {"]
    out += family_rows(VIDEO_FAMILIES, True)
    out += ["};", "const std::size_t video_family_count = std::size(video_families);\n",
            "const look_family audio_families[] = {"]
    out += family_rows(AUDIO_FAMILIES, False)
    out += ["};", "const std::size_t audio_family_count = std::size(audio_families);",
            "// clang-format on", "\n} // namespace cutqueue::render::looks\n"]
    return "\n".join(out)


def kind_mask_cpp(mask):
    return " | ".join("kind_bit(resource_kind::%s)" % k for k in KINDS if mask & BIT[k])


def rules_cpp():
    out = [HEADER, '#include "render/resource_look_tables.hpp"\n',
           "namespace cutqueue::render::looks {\n", "// clang-format off",
           "// keyword, kinds, family (\"\" = no look); the first match for the kind wins",
           "const resource_rule resource_rules[] = {"]
    for r in RULES:
        out.append("    {%s, %s, %s}," % (c_str(r.keyword), kind_mask_cpp(r.kinds),
                                         c_str(r.family or "")))
    out += ["};", "const std::size_t resource_rule_count = std::size(resource_rules);\n",
            "const param_alias audio_param_aliases[] = {"]
    out += ["    {%s, %s}," % (c_str(a), c_str(c)) for a, c in AUDIO_ALIASES]
    out += ["};", "const std::size_t audio_param_alias_count = std::size(audio_param_aliases);",
            "// clang-format on", "\n} // namespace cutqueue::render::looks\n"]
    return "\n".join(out)


HOW_CPP = {"exact": "fidelity::exact", "family": "fidelity::family", "none": "fidelity::fallback"}


def entries_cpp(entries):
    out = [HEADER, '#include "render/resource_look_tables.hpp"\n',
           "namespace cutqueue::render::looks {\n", "// clang-format off",
           "// kind, resource id, name, family (\"\" = no look), fidelity, catalogue parameters",
           "const resource_entry resource_entries[] = {"]
    for kind, name, rid, params, family, how in entries:
        out.append("    {resource_kind::%s, %s, %s, %s, %s, %s}," % (
            kind, c_str(rid), c_str(name), c_str(family), HOW_CPP[how],
            c_str(params_text(params))))
    out += ["};", "const std::size_t resource_entry_count = std::size(resource_entries);",
            "// clang-format on", "\n} // namespace cutqueue::render::looks\n"]
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# Docs

def md(s):
    return s.replace("|", "\\|")


def generated_docs(entries):
    out = ["<!-- BEGIN GENERATED by scripts/gen_resource_looks.py: do not edit by hand -->", "",
           "### Coverage", "",
           "| kind | catalogue | entries | exact | family | no look |",
           "|---|---|---:|---:|---:|---:|"]
    for kind in KINDS:
        rows = [e for e in entries if e[0] == kind]
        n = {h: sum(1 for e in rows if e[5] == h) for h in ("exact", "family", "none")}
        out.append("| %s | %s.tsv | %d | %d | %d | %d |" % (
            kind, KIND_FILES[kind], len(rows), n["exact"], n["family"], n["none"]))
    total = {h: sum(1 for e in entries if e[5] == h) for h in ("exact", "family", "none")}
    out.append("| **all** | | **%d** | **%d** | **%d** | **%d** |" % (
        len(entries), total["exact"], total["family"], total["none"]))
    for title, families, kinds, video in (
            ("Video families", VIDEO_FAMILIES, ("filter", "scene_effect", "character_effect"),
             True),
            ("Audio families", AUDIO_FAMILIES, ("audio_effect", "tone"), False)):
        out += ["", "### " + title, "",
                "Entries per kind: filter / scene / character." if video else
                "Entries per kind: audio effect / tone.", "",
                "| family | entries | how close | chain template | parameters (default) |"
                + (" tail |" if not video else ""),
                "|---|---|---|---|---|" + ("---:|" if not video else "")]
        for fam in families:
            counts = " / ".join(str(sum(1 for e in entries if e[0] == k and e[4] == fam.name))
                                for k in kinds)
            params = ", ".join("%s %g" % (k.replace("effects_adjust_", "").replace(
                "change_voice_param_", ""), d) for k, (d, _, _) in fam.params.items()) or "-"
            row = "| %s | %s | %s | `%s` | %s |" % (fam.name, counts, md(fam.closeness),
                                                    md(fam.chain), params)
            if not video:
                row += " %g |" % fam.tail
            out.append(row)
    out += ["", "### Exact looks", ""]
    out += ["- %s %s → %s" % (k, n, f) for (k, n), f in EXACT.items()]
    out += ["", "### Keyword rules", "",
            "First match for the entry's kind wins; `none` means no look.", ""]
    groups = []
    for r in RULES:
        key = (r.kinds, r.family)
        if groups and groups[-1][0] == key:
            groups[-1][1].append(r.keyword)
        else:
            groups.append((key, [r.keyword]))
    for i, ((kinds, family), words) in enumerate(groups, 1):
        label = ", ".join(k for k in KINDS if kinds & BIT[k])
        out.append("%d. (%s) %s → %s" % (i, label, " ".join(md(w) for w in words),
                                          family or "none"))
    out += ["", "### Audio parameter names", "",
            ", ".join("%s → %s" % (a, c) for a, c in AUDIO_ALIASES) + ".", "",
            "<!-- END GENERATED -->"]
    return "\n".join(out)


def update_docs(generated):
    path = os.path.join(ROOT, "docs", "looks-resources.md")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    pattern = re.compile(r"<!-- BEGIN GENERATED.*?<!-- END GENERATED -->", re.S)
    if not pattern.search(text):
        sys.exit("docs/looks-resources.md has no GENERATED markers")
    write(os.path.join("docs", "looks-resources.md"), pattern.sub(lambda _: generated, text))


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    cat = args[0] if args else DEFAULT_CATALOGUE
    entries = []
    for kind in KINDS:
        for name, rid, params in read_tsv(cat, KIND_FILES[kind]):
            family, how = look(kind, name)
            entries.append((kind, name, rid, params, family, how))
    for (kind, name) in EXACT:
        assert any(e[0] == kind and e[1] == name for e in entries), name
    if "--list" in sys.argv:
        for kind, name, _, _, family, how in entries:
            print("%s\t%s\t%s\t%s" % (kind, family or "-", how, name))
        return
    write("render/resource_look_families.cpp", families_cpp())
    write("render/resource_look_rules.cpp", rules_cpp())
    write("render/resource_look_entries.cpp", entries_cpp(entries))
    update_docs(generated_docs(entries))
    for kind in KINDS:
        rows = [e for e in entries if e[0] == kind]
        print("%-17s %s" % (kind, " ".join("%s=%d" % (h, sum(1 for e in rows if e[5] == h))
                                            for h in ("exact", "family", "none"))))


if __name__ == "__main__":
    main()
