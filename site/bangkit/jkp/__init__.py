"""JKP tools: the eligibility checker (rules from content/rules/) and the benefit calculator."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from bangkit.jkp.rules_loader import load_rules
from bangkit.jkp.views import bp

RULES_FILE = Path("rules") / "jkp-checker.yaml"  # inside CONTENT_DIR


def init_app(app: Flask) -> None:
    """Load the checker's rules once (they may link to content pages), and route the tools."""
    site = app.extensions["bangkit.site"]
    keys = {key for (_lang, key) in site.by_key}
    app.extensions["bangkit.checker"] = load_rules(
        Path(app.config["CONTENT_DIR"]) / RULES_FILE, keys, site.figures
    )
    app.register_blueprint(bp)
