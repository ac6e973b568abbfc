"""The libraries and folders of the seed exist after migrating (migration 0002)."""

import pytest

from presales.knowledge.models import Folder, FolderAccess, Library

pytestmark = pytest.mark.django_db


def test_seed_libraries_and_folders():
    names = list(Library.objects.values_list("name", flat=True))
    assert names == ["业务库", "技术库", "标准库", "集成知识库", "基础资源库", "招投标资料库", "案例库", "竞争对手库"]
    resources = {f.name for f in Folder.objects.filter(library__code="resources")}
    assert resources == {"文档模版", "标准方案库", "标准PPT"}
    licences = Folder.objects.get(name="资质证书")
    assert {f.name for f in licences.children.all()} == {"型式试验报告", "生产许可证"}
    assert Folder.objects.get(name="应答集锦").parent.name == "售前共享"


def test_competitor_folder_is_restricted_to_presales_and_sales_heads():
    folder = Folder.objects.get(library__code="competitors", parent=None)
    assert folder.access == FolderAccess.RESTRICTED and not folder.inherit
    assert set(folder.grants.values_list("role", flat=True)) == {"presales_engineer", "presales_manager", "sales_head"}
