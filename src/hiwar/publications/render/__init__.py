"""Renderers: a ``drafts.RenderDocument`` to HTML, PDF and DOCX."""
