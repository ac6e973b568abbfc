"""The libraries and folders of the seed (四、售前知识库和资料库), as rows admins edit later.

知识库建设: 业务库, 技术库, 标准库, 集成知识库; 基础资源库: 文档模版(格式), 标准方案库, 标准PPT;
招投标资料库: 招标文件库, 招标规范资料, 投标规范资料 — plus 资质证书 (型式试验报告, 生产许可证,
which a bid package lists), 案例库 and 竞争对手库. Sub-folders take the seed's words: 客户档案
("建立客户档案和数据库"), 售前共享 with 应答集锦 ("参考‘售前共享’上‘应答集锦’"), 图纸 (shared
drawings), 演示系统 (演示系统安装部署). Competitor profiles are read by presales and the sales
heads only (DESIGN.md: confidential data has owners).
"""

from django.db import migrations

# (code, name, description, folders); a folder is (name, children) or (name, children, restricted-to roles)
LIBRARIES = [
    ("business", "业务库", "客户档案、客户咨询与售前共享资料", [
        ("客户档案", []),
        ("客户咨询记录", []),
        ("售前共享", [("应答集锦", [])]),
    ]),
    ("technical", "技术库", "产品技术资料、图纸与演示系统", [
        ("产品技术资料", []),
        ("图纸", []),
        ("演示系统", []),
    ]),
    ("standards", "标准库", "国家、行业与企业标准", [
        ("国家标准", []),
        ("行业标准", []),
        ("企业标准", []),
    ]),
    ("integration", "集成知识库", "系统集成的方案、选型与合作厂商资料", [
        ("集成方案", []),
        ("设备选型", []),
        ("合作厂商资料", []),
    ]),
    ("resources", "基础资源库", "文档模版、标准方案与标准PPT", [
        ("文档模版", []),
        ("标准方案库", []),
        ("标准PPT", []),
    ]),
    ("tender", "招投标资料库", "招标文件、招投标规范与资质证书", [
        ("招标文件库", []),
        ("招标规范资料", []),
        ("投标规范资料", []),
        ("资质证书", [("型式试验报告", []), ("生产许可证", [])]),
    ]),
    ("cases", "案例库", "成功案例及其资料", [
        ("成功案例", []),
    ]),
    ("competitors", "竞争对手库", "竞争对手的产品、价格与交手记录", [
        ("竞争对手资料", [], ("presales_engineer", "presales_manager", "sales_head")),
    ]),
]  # fmt: skip


def seed(apps, schema_editor):
    Library = apps.get_model("knowledge", "Library")
    Folder = apps.get_model("knowledge", "Folder")
    FolderGrant = apps.get_model("knowledge", "FolderGrant")

    def add(library, parent, spec, order):
        name, children, *restricted = spec
        roles = restricted[0] if restricted else ()
        folder = Folder.objects.create(
            library=library,
            parent=parent,
            name=name,
            order=order,
            inherit=not roles,
            access="restricted" if roles else "everyone",
        )
        for role in roles:
            FolderGrant.objects.create(folder=folder, right="read", target="role", role=role)
        for index, child in enumerate(children, start=1):
            add(library, folder, child, index * 10)

    for index, (code, name, description, folders) in enumerate(LIBRARIES, start=1):
        library, created = Library.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "order": index * 10}
        )
        if not created:
            continue
        for position, spec in enumerate(folders, start=1):
            add(library, None, spec, position * 10)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
