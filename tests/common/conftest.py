"""Fixtures of the outbox tests."""

import pytest

from .fake_http import FakeAPI


@pytest.fixture
def postmark(settings):
    """anymail's real Postmark backend, talking to a fake Postmark on 127.0.0.1."""

    def start(*responses):
        api = FakeAPI(responses).__enter__()
        settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
        settings.ANYMAIL = {"POSTMARK_SERVER_TOKEN": "test-token", "POSTMARK_API_URL": api.url}
        started.append(api)
        return api

    started = []
    yield start
    for api in started:
        api.__exit__(None, None, None)
