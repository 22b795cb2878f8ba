"""Bangkit: a bilingual site about JKP and free re-skilling at BBPVP Bekasi."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from bangkit import (
    config,
    database,
    enrol,
    http,
    jkp,
    operator,
    pages,
    share,
    shared,
    staff,
    urls,
)
from bangkit.extensions import babel, db, limiter, load_content
from bangkit.i18n import current_lang
from bangkit.staff import commands


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: settings, extensions, content, then the features."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("BANGKIT_INSTANCE_PATH", str(config.ROOT / "instance")),
        instance_relative_config=True,
        template_folder=str(config.ROOT / "templates"),
    )
    config.load(app, test_config)
    operator.init_app(app)  # who runs this copy: a setting that cannot work stops it here

    database.configure(app)
    db.init_app(app)
    if not app.config["FREEZING"]:
        # `flask db upgrade` and the rest. Imported here: Alembic takes about a quarter of a
        # second to import, a tenth of a rebuild, and a freeze never migrates.
        from flask_migrate import Migrate

        Migrate(app, db, directory=str(database.MIGRATIONS))
    babel.init_app(app, locale_selector=current_lang)
    limiter.init_app(app)
    http.init_app(app)  # headers, caching, compression, proxies, /healthz, the favicon
    urls.init_app(app)  # every helper the templates call

    load_content(app)  # read and render content/ once; views only look it up
    app.register_blueprint(pages.bp)
    app.register_error_handler(404, pages.not_found)
    jkp.init_app(app)  # the checker's rules may link to content pages
    enrol.init_app(app)
    staff.init_app(app)
    commands.init_app(app)
    share.init_app(app)  # last: a short link may name any view above
    # WSGI layers, innermost first: the pages the same for everyone (shared), then the proxies'
    # headers, which the shared layer must see already applied (https, the client's address).
    shared.init_app(app)
    http.trust_proxies(app)
    return app
