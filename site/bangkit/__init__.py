"""Bangkit: a bilingual site about JKP and free re-skilling at BBPVP Bekasi."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from bangkit import (
    backup,
    bandwidth,
    cli,
    db,
    enrol,
    feed,
    i18n,
    pages,
    security,
    serving,
    share,
    short,
    staff,
    templating,
    tools,
    unions,
)
from bangkit.config import DEFAULTS, ROOT, instance_secret_key
from bangkit.content import load


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then instance/config.py, then the environment, then test_config."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("BANGKIT_INSTANCE_PATH", str(ROOT / "instance")),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
    )
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("BANGKIT")
    if os.environ.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = os.environ["DATABASE_URL"]
    if test_config:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(Path(app.instance_path))

    # Content is read and rendered once, here; views only look it up.
    app.extensions["bangkit.site"] = load(
        app.config["CONTENT_DIR"], index_html=app.config["FREEZING"]
    )
    app.extensions["bangkit.frozen_urls"] = [pages.frozen_urls]
    # Pages other than content pages that search engines should list: bilingual endpoints.
    app.extensions["bangkit.sitemap"] = []

    i18n.init_app(app)
    templating.init_app(app)
    security.init_app(app)  # headers on every response, the <meta> policy for the copy
    app.register_blueprint(pages.bp)
    tools.init_app(app)  # the JKP checker and calculator; reads content/rules/
    db.init_app(app)
    enrol.init_app(app)
    serving.init_app(app)  # /healthz; X-Forwarded-* from PROXIES proxies
    bandwidth.init_app(app)  # compression, cache headers, the favicon
    app.cli.add_command(cli.enrolments)
    app.cli.add_command(backup.command)  # flask db-backup FILE
    staff.init_app(app)  # after enrol: it adds to the enrolments commands and limiter
    feed.init_app(app)
    share.init_app(app)
    unions.init_app(app)
    short.init_app(app)  # after the other blueprints: a short link may name their views
    app.register_error_handler(404, pages.not_found)
    return app
