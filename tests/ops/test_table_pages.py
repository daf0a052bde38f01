"""The hand-written staff tables (includes/table_page.html) put their header
cells in the table only, not in the document's <head> as well: the page's
block for the header row once shared its name with base.html's `head` block,
so every such page showed the column names as a line of text above the menu."""

import re

import pytest
from django.urls import reverse

PAGES = [
    "core:users",
    "core:closures",
    "core:outbox",
    "consultations:categories",
]


@pytest.mark.parametrize("name", PAGES)
def test_header_cells_stay_in_the_table(manager_client, name):
    html = manager_client.get(reverse(name)).content.decode()
    document_head = re.search(r"<head>(.*?)</head>", html, re.S).group(1)
    assert "<th" not in document_head
    thead = re.search(r"<thead>(.*?)</thead>", html, re.S).group(1)
    assert "<th" in thead
