#!/usr/bin/env python3
"""Build the documentation: ``python build_docs.py``.

Regenerates the notebooks in notebooks/{en,es}/ from the engine, executes
them with nbclient (kernel python3), exports HTML with a local MathJax (and
PDF where xelatex and pandoc are installed), writes the in-amp derivation as
LaTeX (and PDF where TeX is installed), and an index page linking both
languages, into build/docs/. Building twice
gives identical files. A failed build exits non-zero with one line on stderr
and leaves the previous build/docs and notebooks/ untouched.
"""
import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def main(argv=None):
    from derive.text import LANGUAGES, ui
    from derive.text.messages import Message

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "build" / "docs"), help="output folder (default: build/docs)")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks executed at once (default: 2)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDFs even where TeX is installed")

    parser.add_argument("--keep-notebooks", action="store_true",
                        help="do not rewrite notebooks/ (only build the output folder)")
    parser.add_argument("--lang", choices=LANGUAGES, default="en",
                        help="language of the progress lines and errors (default: en)")
    args = parser.parse_args(argv)
    lang = args.lang
    if args.jobs < 1:
        parser.error(Message("build_docs_jobs").text(lang))
    start = time.monotonic()

    def progress(message):
        print(f"[{time.monotonic() - start:5.1f} s] {message}", flush=True)

    def error(message):
        print(Message("build_docs_error", reason=message).text(lang), file=sys.stderr)

    try:
        from derive.errors import DeriveError
        from derive.notebook.site import build_site
    except ImportError as exc:
        error(Message("build_docs_install", reason=str(exc)))
        return 2
    try:
        files = build_site(
            args.out, progress=progress, pdf=not args.no_pdf, jobs=args.jobs,
            notebooks_dir=None if args.keep_notebooks else ROOT / "notebooks", lang=lang,
        )
    except DeriveError as exc:
        error(Message("build_docs_unchanged", reason=exc))
        return 1
    except KeyboardInterrupt:
        error(Message("build_docs_interrupted"))
        return 130
    except Exception as exc:  # a bug, or a broken installation
        error(Message("build_docs_unchanged", reason=f"{type(exc).__name__}: {exc}"))
        return 1
    progress(ui("build_files", lang, "notebook", count=len(files), folder=args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
