"""Web map dashboard and REST API (FastAPI), offline, with token access control.

    from seasentry.web import create_app
    app = create_app("seasentry.duckdb")

``seasentry serve`` runs it with uvicorn; ``seasentry tokens ...`` manages access. See docs/web.md.
"""

from .app import create_app

__all__ = ["create_app"]
