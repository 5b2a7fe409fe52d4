"""Languages: the locale of each request and what templates need to show it."""

from flask import current_app, has_request_context, request, session
from flask_babel import get_locale

from assembly.extensions import babel

LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español", "ar": "العربية"}
RTL_LANGUAGES = {"ar"}


def select_locale() -> str:
    """Pick the visitor's chosen language, else the browser's best match, else English."""
    if not has_request_context():
        return "en"  # CLI and background jobs; mail picks its language with force_locale
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or "en"


def init_app(app) -> None:
    """Bind Flask-Babel and give templates the language switcher's data."""
    babel.init_app(app, locale_selector=select_locale)

    @app.context_processor
    def language_context():
        lang = str(get_locale() or "en")
        return {
            "current_lang": lang,
            "text_direction": "rtl" if lang in RTL_LANGUAGES else "ltr",
            "language_names": {c: LANGUAGE_NAMES[c] for c in app.config["LANGUAGES"]},
        }
