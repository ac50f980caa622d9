"""Static files in production: hashed and compressed by WhiteNoise."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Also rewrites ES module imports (``import { x } from "./decide.js";``) to the hashed names,
    so that a module's imports are the very files the scanner's service worker keeps for offline
    use (it lists them by their hashed ``{% static %}`` URLs)."""

    support_js_module_import_aggregation = True
