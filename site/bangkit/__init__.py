"""Bangkit: a bilingual site about JKP and free re-skilling at BBPVP Bekasi."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from bangkit import (
    config,
    enrol,
    error_pages,
    http,
    jkp,
    operator,
    pages,
    ratelimit,
    share,
    shared,
    urls,
)
from bangkit.extensions import babel, load_content
from bangkit.i18n import current_lang


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

    if not app.config["FREEZING"]:
        _database(app)
        ratelimit.init_app(app)  # a static copy takes no form: nothing to limit
    babel.init_app(app, locale_selector=current_lang)
    http.init_app(app)  # headers, caching, compression, proxies, /healthz, the favicon
    urls.init_app(app)  # every helper the templates call

    load_content(app)  # read and render content/ once; views only look it up
    app.register_blueprint(pages.bp)
    app.register_error_handler(404, pages.not_found)
    error_pages.init_app(app)  # every other error, in the page's language
    jkp.init_app(app)  # the checker's rules may link to content pages
    enrol.init_app(app)
    if not app.config["FREEZING"]:
        _staff(app)
    share.init_app(app)  # last: a short link may name any view above
    # WSGI layers, innermost first: the pages the same for everyone (shared), then the proxies'
    # headers, which the shared layer must see already applied (https, the client's address).
    shared.init_app(app)
    http.trust_proxies(app)
    return app


# Only an app that serves has a database, staff pages and their commands. A freeze renders the
# public pages alone, and imports none of it: SQLAlchemy, Flask-Migrate and Alembic take about
# 0.6 s and 20 MiB to import, a fifth of a rebuild after one change.


def _database(app: Flask) -> None:
    from flask_migrate import Migrate

    from bangkit import database

    database.configure(app)
    database.db.init_app(app)
    Migrate(app, database.db, directory=str(database.MIGRATIONS))  # `flask db upgrade`


def _staff(app: Flask) -> None:
    from bangkit import staff
    from bangkit.staff import commands

    staff.init_app(app)
    commands.init_app(app)
