"""The agenda script's settings are JSON written by json_script, in the page's language."""

import json
import re

CONFIG = re.compile(r'<script id="agenda-config" type="application/json">(.*?)</script>', re.S)


def config_of(html: str) -> dict:
    (raw,) = CONFIG.findall(html)
    return json.loads(raw)


def test_home_and_agenda_pages_give_the_agenda_script_valid_json(client, demo):
    home = config_of(client.get("/").text)
    assert home == {"authenticated": False, "starsUrl": "/api/me/stars/",
                    "mergeUrl": "/api/me/stars/merge/", "myUrl": "/agenda/my/",
                    "starLabel": "Đánh dấu", "starredLabel": "Đã đánh dấu"}
    english = config_of(client.get("/en/agenda/").text)
    assert english["myUrl"] == "/en/agenda/my/"
    assert (english["starLabel"], english["starredLabel"]) == ("Star", "Starred")
