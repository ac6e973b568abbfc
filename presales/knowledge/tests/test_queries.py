"""The library home and a folder's list run a fixed number of queries whatever the number of
documents (3 or 30: the same bound)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from presales.knowledge import services
from presales.knowledge.models import GrantTarget, Right
from presales.knowledge.services import GrantSpec

from .conftest import make_document, publish

pytestmark = pytest.mark.django_db
# The page's own reads (rights: 2, tree or list, counts, tags, path) plus the base page's
# (session, user, roles, the nav's badges): the same for 3 documents as for 30.
MAX_QUERIES = 18


def fill(folder, owner, count):
    for i in range(count):
        document = make_document(owner, folder, f"文档{i}", name="a.txt", tags=[f"标签{i % 4}", "通用"])
        publish(document, owner)
        if i % 3 == 0:
            services.document_set_grants(
                document=document,
                user=owner,
                access_mode="own",
                grants=[GrantSpec(right=Right.READ, target=GrantTarget.EVERYONE)],
            )
        services.document_record_download(document=document, user=owner)


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize("persona", ["rep", "engineer", "manager"])
def test_home_and_folder_list_query_counts(client, tech_editors, engineer, rep, manager, count, persona, request,
                                           django_assert_max_num_queries):  # fmt: skip
    fill(tech_editors, engineer, count)
    client.force_login(request.getfixturevalue(persona))
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("knowledge:home"))
    assert response.status_code == 200
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("knowledge:folder", args=[tech_editors.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="document-row"') == min(count, 25)
