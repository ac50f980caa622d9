"""Map EMAIL_PROVIDER to anymail's backend and settings."""

PROVIDERS = {
    # provider: (backend path, anymail setting that holds the key)
    "postmark": ("anymail.backends.postmark.EmailBackend", "POSTMARK_SERVER_TOKEN"),
    "mailgun": ("anymail.backends.mailgun.EmailBackend", "MAILGUN_API_KEY"),
    "sendgrid": ("anymail.backends.sendgrid.EmailBackend", "SENDGRID_API_KEY"),
    "brevo": ("anymail.backends.brevo.EmailBackend", "BREVO_API_KEY"),
    "mailjet": ("anymail.backends.mailjet.EmailBackend", "MAILJET_API_KEY"),
    "resend": ("anymail.backends.resend.EmailBackend", "RESEND_API_KEY"),
    "amazon_ses": ("anymail.backends.amazon_ses.EmailBackend", None),
}


def anymail_settings(provider: str, api_key: str, api_url: str = "") -> tuple[str, dict]:
    try:
        backend, key_setting = PROVIDERS[provider]
    except KeyError:
        known = ", ".join(sorted(PROVIDERS))
        raise ValueError(f"EMAIL_PROVIDER={provider!r} is not one of: {known}") from None
    options = {}
    if key_setting:
        options[key_setting] = api_key
    if api_url:
        # e.g. POSTMARK_API_URL: an EU endpoint, or a local fake in tests.
        options[f"{provider.upper()}_API_URL"] = api_url
    return backend, options
