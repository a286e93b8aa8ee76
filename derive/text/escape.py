r"""One escaping function per output format, for every piece of text a user supplies.

A netlist's ``.title``, a file's name, a student's answer: anything copied from
the user into an artefact goes through exactly one of these, chosen by the
target, so that it is shown as the text it is and never read as markup or code.

>>> latex_text(r"50% & \input{/etc/passwd}")
'50\\% \\& \\textbackslash{}input\\{/etc/passwd\\}'
>>> markdown_text("<img src=x onerror=alert(1)> *R1*")
'&lt;img src\\=x onerror\\=alert\\(1\\)&gt; \\*R1\\*'
>>> html_text('"a" & <b>')
'&quot;a&quot; &amp; &lt;b&gt;'
>>> spice_comment("a\nb\x00.control")
'a b.control'
>>> csv_cell("=HYPERLINK(1)"), csv_value("'=HYPERLINK(1)")
("'=HYPERLINK(1)", '=HYPERLINK(1)')
>>> terminal_text("bell\x07 and \x1b[31mred")
'bell? and ?[31mred'

This module is at the bottom of the layers (it imports nothing of derive), so
renderers, notebooks, SPICE export, the checker and the web front end all
import it downward.
"""
import html
import unicodedata

# Control characters (C0, DEL, C1) and the Unicode line/paragraph separators:
# never meaningful in a one-line text, and dangerous in several targets.
_LINE_BREAKS = {"\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"}


def _is_control(ch):
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") or ch in _LINE_BREAKS


def one_line(text):
    """``text`` on one line: line breaks and tabs become spaces, other control characters go.

    >>> one_line("  a\\tb\\r\\n c\\x00d ")
    'a b cd'
    """
    out = []
    for ch in str(text):
        if ch in _LINE_BREAKS or ch == "\t":
            out.append(" ")
        elif not _is_control(ch):
            out.append(ch)
    return " ".join("".join(out).split())


# ---------------------------------------------------------------- LaTeX
_LATEX = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "%": r"\%",
    "#": r"\#", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}", '"': r"\textquotedbl{}",
    "[": "{[}", "]": "{]}",
    "±": r"\ensuremath{\pm}", "≈": r"\ensuremath{\approx}", "→": r"\ensuremath{\rightarrow}",
    "≥": r"\ensuremath{\geq}", "≤": r"\ensuremath{\leq}", "×": r"\ensuremath{\times}",
    "ω": r"\ensuremath{\omega}", "π": r"\ensuremath{\pi}", "Ω": r"\ensuremath{\Omega}",
    "µ": r"\ensuremath{\mu}", "μ": r"\ensuremath{\mu}", "∞": r"\ensuremath{\infty}",
    "—": "---", "–": "--", "‘": "`", "’": "'", "“": "``", "”": "''", "…": r"\dots{}",
    "\u00a0": "~", "\u00ad": "",
    "τ": r"\ensuremath{\tau}", "√": r"\ensuremath{\surd}", "∫": r"\ensuremath{\int}",
    **{chr(0x2080 + d): rf"\ensuremath{{_{{{d}}}}}" for d in range(10)},    # ω₀: subscript digits
}


def latex_text(text):
    r"""``text`` for LaTeX text mode: every character typeset as itself, nothing executed.

    Works under pdflatex (T1 fonts) and xelatex alike: characters neither
    encoding covers fall back to their unaccented letter, or ``?``.

    >>> latex_text("R_1 #2 ~ ^ ${x}$")
    'R\\_1 \\#2 \\textasciitilde{} \\textasciicircum{} \\$\\{x\\}\\$'
    >>> latex_text("Ω ≈ 10k; 文")
    '\\ensuremath{\\Omega} \\ensuremath{\\approx} 10k; ?'
    """
    out = []
    for ch in one_line(text):
        if ch in _LATEX:
            out.append(_LATEX[ch])
        elif " " <= ch <= "~" or "\u00a1" <= ch <= "\u00ff":
            out.append(ch)
        else:
            plain = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
            out.append(plain if plain and all(" " <= c <= "~" and c not in _LATEX for c in plain) else "?")
    # "--" and "''" ligatures are harmless; a leading "[" after \item or "*"
    # after a command cannot occur: the text is always inside braces.
    return "".join(out)


# -------------------------------------------------------- Markdown / HTML
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
# ASCII punctuation with a meaning in CommonMark, GitHub tables or MathJax.
_MARKDOWN_PUNCTUATION = set("\\`*_{}[]()#+-.!|$~=:")


def markdown_text(text):
    r"""``text`` for a Markdown cell or an HTML page: shown as written, never markup, math or HTML.

    HTML specials become entities and Markdown punctuation is backslash-escaped,
    so a heading ``# {markdown_text(title)}`` shows the title verbatim.

    >>> markdown_text("$x$ [a](javascript:b) `c`")
    '\\$x\\$ \\[a\\]\\(javascript\\:b\\) \\`c\\`'
    """
    out = []
    for ch in one_line(text):
        if ch in _HTML:
            out.append(_HTML[ch])
        elif ch in _MARKDOWN_PUNCTUATION:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def markdown_code(text):
    """``text`` as an inline code span, whatever backticks it holds.

    >>> markdown_code("a`b")
    '``a`b``'
    >>> markdown_code("inamp")
    '`inamp`'
    """
    text = one_line(text)
    longest, run = 0, 0
    for ch in text:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def html_text(text):
    """``text`` for HTML content or a quoted attribute value (all five specials escaped).

    >>> html_text("<script>alert('x')</script>")
    '&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;'
    """
    return html.escape(str(text), quote=True)


# ------------------------------------------------------------------ SPICE
def spice_comment(text):
    """``text`` for the body of a SPICE comment line (``* ...``): one line of printable text.

    A newline would start a new card (``.control`` / ``shell``), so there is none.

    >>> spice_comment("in-amp\\r\\n.control\\nshell rm -rf ~")
    'in-amp .control shell rm -rf ~'
    """
    return one_line(text)


# -------------------------------------------------------------------- CSV
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def csv_cell(text):
    """``text`` for a CSV cell a spreadsheet cannot run: a leading ``= + - @`` tab or CR gets a ``'``.

    The apostrophe is what spreadsheets show as "text"; a cell that really starts
    with ``'`` gets one more, so :func:`csv_value` always gives the original back.

    >>> csv_cell("=cmd|' /C calc'!A0"), csv_cell("-R2/R1*(V1-V2)"), csv_cell("R2/R1")
    ("'=cmd|' /C calc'!A0", "'-R2/R1*(V1-V2)", 'R2/R1')
    """
    text = str(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_value(cell):
    """The text :func:`csv_cell` was given (one leading ``'`` removed).

    >>> csv_value(csv_cell("'quoted")), csv_value(csv_cell("=1+1"))
    ("'quoted", '=1+1')
    """
    return cell[1:] if cell.startswith("'") else cell


# --------------------------------------------------------------- terminal
def terminal_text(text):
    """``text`` for a terminal: control characters (escape sequences, bells) shown as ``?``.

    >>> terminal_text("ok\\x1b]0;owned\\x07")
    'ok?]0;owned?'
    """
    return "".join("?" if (_is_control(ch) and ch not in "\n\t") else ch for ch in str(text))
