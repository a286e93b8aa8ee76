"""Renderers: they read a finished Derivation and never compute (terminal, JSON, LaTeX, notebooks)."""
