"""Every message an officer can see, in Chinese and English.

Messages live in one table so that a translation is never forgotten and the
wording stays consistent: each says what is wrong and how to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LANGS = ("zh", "en")

# Names of record kinds as they appear inside messages.
KINDS = {
    "organization": ("组织", "organisation"),
    "team": ("服务队", "team"),
    "project": ("项目", "project"),
    "category": ("服务类别", "service category"),
    "volunteer": ("志愿者", "volunteer"),
    "recipient": ("志愿者或服务队", "volunteer or team"),
    "phone": ("手机号码", "a mobile number"),
    "id_number": ("身份证号码", "an ID number"),
    "email": ("电子邮箱", "an e-mail address"),
    "rating": ("评星活动", "rating"),
    "story": ("故事", "story"),
    "honor": ("荣誉", "honor"),
}

# Where a record of each kind is created, for "create it first in …".
WHERE = {
    "organization": ("data/organizations.yml", "data/organizations.yml"),
    "team": ("data/teams/", "data/teams/"),
    "project": ("data/projects/", "data/projects/"),
    "category": ("data/categories.yml", "data/categories.yml"),
    "volunteer": ("data/volunteers/", "data/volunteers/"),
    "recipient": ("data/volunteers/ 或 data/teams/", "data/volunteers/ or data/teams/"),
    "rating": ("data/site.yml 的 ratings", "ratings in data/site.yml"),
    "story": ("content/stories/", "content/stories/"),
    "honor": ("data/honors/", "data/honors/"),
}

TYPES = {
    "text": ("文字", "text"),
    "number": ("数字", "a number"),
    "integer": ("整数", "a whole number"),
    "boolean": ("是/否（true 或 false）", "true or false"),
    "date": ("日期（如 2024-03-05）", "a date (e.g. 2024-03-05)"),
    "list": ("列表（每项以“- ”开头）", "a list (one '- ' item per line)"),
    "mapping": ("“字段: 值”的结构", "a set of 'field: value' lines"),
    "id": ("编号（小写字母、数字和连字符）", "an id (lower-case letters, digits, hyphens)"),
}

CATALOGUE: dict[str, tuple[str, str]] = {
    # -- files and YAML ------------------------------------------------------
    "file.unreadable": (
        "无法读取文件：{detail}",
        "cannot read the file: {detail}",
    ),
    "file.encoding": (
        "文件不是 UTF-8 编码，也不是 GBK 编码，无法读取。请用记事本或 WPS 打开后“另存为”UTF-8 编码",
        "the file is neither UTF-8 nor GBK encoded. Open it and save it again as UTF-8",
    ),
    "file.gbk": (
        "文件是 GBK 编码，已自动按 GBK 读取；建议另存为 UTF-8 编码",
        "the file is GBK encoded and was read as such; consider saving it as UTF-8",
    ),
    "file.too_large": (
        "文件太大（{size} MB，上限 {limit} MB）。请把它拆成几个文件",
        "the file is too large ({size} MB, the limit is {limit} MB). Split it into several files",
    ),
    "file.missing": (
        "缺少这个文件。{hint}",
        "this file is missing. {hint}",
    ),
    "file.empty": (
        "文件是空的。请写上这条记录的内容，或删掉这个文件",
        "the file is empty. Write the record into it, or delete the file",
    ),
    "file.name": (
        "文件名“{name}”不能作编号：只能用小写拼音或英文字母、数字和连字符，例如 zhang-san.yml",
        "the file name '{name}' cannot serve as an id: use lower-case letters, digits and hyphens, e.g. zhang-san.yml",
    ),
    "file.unexpected": (
        "这里只放 {expected} 文件，“{name}”不会被读取。请移走它或改成正确的扩展名",
        "only {expected} files belong here; '{name}' is not read. Move it or give it the right extension",
    ),
    "yaml.syntax": (
        "YAML 格式错误：{detail}。请检查这一行及上一行的缩进、冒号和引号",
        "YAML syntax error: {detail}. Check indentation, colons and quotes on this line and the one before",
    ),
    "yaml.duplicate_key": (
        "字段“{key}”写了两次（第一次在第 {first} 行）。请删掉其中一个",
        "field '{key}' appears twice (first on line {first}). Remove one of them",
    ),
    "yaml.aliases": (
        "YAML 别名（* 引用）用得太多（超过 {limit} 次），文件可能被恶意构造。请直接写出内容",
        "too many YAML aliases (more than {limit}); the file may be malicious. Write the values out",
    ),
    "yaml.recursive": (
        "YAML 别名引用了自身，无法读取。请直接写出内容",
        "a YAML alias refers to itself. Write the values out",
    ),
    "yaml.too_deep": (
        "内容嵌套太深，无法读取。请检查缩进",
        "the content is nested too deeply. Check the indentation",
    ),
    "yaml.tag": (
        "不支持 YAML 标签 {tag}。请去掉它",
        "the YAML tag {tag} is not supported. Remove it",
    ),
    "yaml.key_type": (
        "字段名必须是文字，这里是 {key}",
        "field names must be text, found {key}",
    ),
    "yaml.not_mapping": (
        "这里应是“字段: 值”的结构，实际是{actual}",
        "expected 'field: value' lines here, found {actual}",
    ),
    "yaml.not_list": (
        "这里应是一个列表（每项以“- ”开头），实际是{actual}",
        "expected a list here (one '- ' item per line), found {actual}",
    ),
    # -- fields --------------------------------------------------------------
    "field.required": (
        "缺少必填字段“{field}”。请加上一行 {field}: …",
        "the required field '{field}' is missing. Add a line '{field}: …'",
    ),
    "field.empty": (
        "“{field}”不能为空。请填上内容，或删掉这一行",
        "'{field}' must not be empty. Fill it in, or delete the line",
    ),
    "field.unknown": (
        "“{field}”不是可用的字段{suggestion}",
        "'{field}' is not a known field{suggestion}",
    ),
    "field.type": (
        "应为{expected}，实际是 {actual}。请改正",
        "expected {expected}, found {actual}. Correct it",
    ),
    "field.date": (
        "“{value}”不是有效的日期。请写成 2024-03-05 的形式",
        "'{value}' is not a valid date. Write it as 2024-03-05",
    ),
    "field.date_impossible": (
        "“{value}”这一天不存在。请核对年月日",
        "'{value}' is not a day that exists. Check year, month and day",
    ),
    "field.enum": (
        "“{value}”不是可选的值。可选：{choices}",
        "'{value}' is not one of the allowed values: {choices}",
    ),
    "field.negative": (
        "不能是负数（{value}）。请填 0 或正数",
        "must not be negative ({value}). Write 0 or more",
    ),
    "field.range": (
        "{value} 超出范围：应在 {low} 到 {high} 之间。请改正",
        "{value} is out of range: it must lie between {low} and {high}. Correct it",
    ),
    "field.id": (
        "编号“{value}”不合规：只能用小写拼音或英文字母、数字和连字符，例如 zhang-san",
        "the id '{value}' is not valid: use lower-case letters, digits and hyphens, e.g. zhang-san",
    ),
    "field.too_long": (
        "内容太长（{length} 个字符，上限 {limit}）。请精简",
        "too long ({length} characters, the limit is {limit}). Shorten it",
    ),
    "field.date_order": (
        "{later}（{later_value}）早于 {earlier}（{earlier_value}）。请核对日期",
        "{later} ({later_value}) is before {earlier} ({earlier_value}). Check the dates",
    ),
    "field.future": (
        "日期 {value} 还没有到（今天是 {today}）。请核对日期",
        "the date {value} is in the future (today is {today}). Check the date",
    ),
    "field.list_duplicate": (
        "“{value}”在列表里重复出现。请删掉重复的一项",
        "'{value}' appears twice in the list. Remove the repeated item",
    ),
    "ref.unknown": (
        "“{value}”不是已知的{kind}{suggestion}。请改正，或先在 {where} 里建立它",
        "'{value}' is not a known {kind}{suggestion}. Correct it, or create it first in {where}",
    ),
    "ref.ambiguous": (
        "“{value}”既是志愿者编号又是服务队编号。请写成 volunteer: {value} 或 team: {value}",
        "'{value}' is both a volunteer id and a team id. Write volunteer: {value} or team: {value}",
    ),
    "id.duplicate": (
        "编号“{value}”重复了（第一次在 {first}）。每个编号只能用一次",
        "the id '{value}' is used twice (first in {first}). Each id must be unique",
    ),
    "photo.missing": (
        "找不到照片“{value}”。照片应放在 {folder} 下，文件名要一致（区分大小写）",
        "the photo '{value}' was not found. Photos belong in {folder}, with the same file name (case matters)",
    ),
    "photo.outside": (
        "照片路径“{value}”指向 {folder} 以外的地方。请把照片放进 {folder} 并只写文件名",
        "the photo path '{value}' leads outside {folder}. Put the photo in {folder} and give its file name only",
    ),
    "privacy.found": (
        "这里有{kind}（{preview}），不能出现在公开的网站上。请删掉它；如果本人同意公开，请在这个文件里加一行 allow_contact: true",
        "this contains {kind} ({preview}), which must not appear on a public site. Remove it; if the person "
        "agreed to publish it, add the line allow_contact: true to this file",
    ),
    "privacy.name": (
        "“{value}”像是一个人的姓名。这里只写身份描述（例如“孤寡老人（石桥村）”），不写姓名",
        "'{value}' looks like a personal name. Describe the person instead (e.g. 'elderly resident, Shiqiao')",
    ),
    "font.missing": (
        "找不到中文字体，海报和分享图片无法生成。请安装：sudo apt-get install fonts-noto-cjk（make site 会自动安装）",
        "no font with Chinese glyphs was found, so posters and preview images cannot be drawn. "
        "Install one: sudo apt-get install fonts-noto-cjk (make site does it for you)",
    ),
    "font.failed": (
        "网站没有生成。装好字体后重试，或加 --keep-going 先生成不带海报和分享图片的网站",
        "Nothing was built. Install the font and try again, or add --keep-going to build the site without posters and preview images",
    ),
    "photo.not_image": (
        "这不是一张能识别的图片（文件可能损坏，或只是改了扩展名）。请重新导出为 JPEG 或 PNG",
        "this is not an image that can be read (the file may be damaged, or only renamed). Export it again as JPEG or PNG",
    ),
    "photo.heic": (
        "这是苹果手机的 HEIC 格式照片，网站不能直接使用。请在手机“设置 → 相机 → 格式”选“兼容性最佳”后重拍，"
        "或把照片另存为 JPEG",
        "this is an iPhone HEIC photo, which the site cannot use. Save it as JPEG (on the phone: "
        "Settings → Camera → Formats → Most Compatible)",
    ),
    "photo.format": (
        "不支持 {format} 格式的图片。请另存为 JPEG 或 PNG",
        "{format} images are not supported. Save it as JPEG or PNG",
    ),
    "photo.too_large": (
        "图片太大（{mp} 百万像素，上限 {limit} 百万像素），可能是恶意构造的文件。请缩小后再用",
        "the image is too large ({mp} megapixels, the limit is {limit}); it may be malicious. Scale it down",
    ),
    "photo.too_large_file": (
        "图片文件太大（{mb} MB，上限 {limit} MB）。请缩小后再用",
        "the image file is too large ({mb} MB, the limit is {limit} MB). Scale it down",
    ),
    "photo.corrupt": (
        "图片文件已损坏或不完整，无法读取（{detail}）。请重新拷贝或导出这张照片",
        "the image is damaged or incomplete ({detail}). Copy or export the photo again",
    ),
    "photo.animated": (
        "这是动图（{frames} 帧），网站只用第一帧",
        "this is an animation ({frames} frames); the site uses its first frame",
    ),
    "photo.skipped": (
        "因为 --keep-going，这张照片暂不使用，网站上显示自动生成的头像",
        "skipped because of --keep-going: the site shows the generated avatar instead",
    ),
    "photo.failed": (
        "{count} 张照片有问题（见上），网站没有生成。请改正，或加 --keep-going 先用头像代替",
        "{count} photos have problems (listed above); nothing was built. Fix them, or add --keep-going to use avatars for now",
    ),
    "consent.missing": (
        "没有填写 consent.publish: true，此人不会出现在网站上。取得本人同意后请加上 consent: {{publish: true}}",
        "consent.publish is not true, so this person is left out of the site. With their consent, add consent: {{publish: true}}",
    ),
    # -- organisations ------------------------------------------------------
    "org.cycle": (
        "组织的上级关系形成了循环：{path}。请改正其中一个 parent",
        "the organisation tree has a cycle: {path}. Correct one of the parents",
    ),
    "org.no_root": (
        "没有最上级组织：至少要有一个组织不写 parent",
        "there is no top organisation: at least one organisation must have no parent",
    ),
    # -- teams, honors -------------------------------------------------------
    "team.leader_not_member": (
        "队长“{value}”不在本队的 members 名单里。请把 {value} 加进 members",
        "the leader '{value}' is not among the team's members. Add {value} to members",
    ),
    "honor.year": (
        "文件名是 {file_year}，但 year 写的是 {year}。两者应一致",
        "the file is named {file_year} but year says {year}. They must agree",
    ),
    "honor.notice_short": (
        "公示期只有 {days} 个工作日（{start} 至 {end}），至少需要 5 个工作日。请把 notice 的 to 日期推后",
        "the public notice lasts only {days} working days ({start} to {end}); at least 5 are required. Move the notice's 'to' date later",
    ),
    "honor.recipient_duplicate": (
        "“{value}”在同一个奖项里出现了两次。请删掉其中一次",
        "'{value}' is listed twice in the same award. Remove one of them",
    ),
    "honor.score_without_rating": (
        "只有评星活动（rating）的奖项才能给 score。请在奖项里写 rating: …，或删掉 score",
        "only an award of a rating may carry a score. Add rating: … to the award or remove the score",
    ),
    "pairing.who": (
        "请写明结对的一方：volunteer（志愿者编号）或 team（服务队编号），二选一",
        "name one side of the pairing: volunteer (a volunteer id) or team (a team id), not both",
    ),
    "recipient.who": (
        "请写明获奖者：id、volunteer 或 team 三者之一",
        "name the recipient with one of id, volunteer or team",
    ),
    "site.url": (
        "网址“{value}”不对：应写成 https:// 开头的完整网址，例如 https://用户名.github.io/仓库名/",
        "the address “{value}” is not a web address: write it in full, starting with https://, "
        "e.g. https://<user>.github.io/<repo>/",
    ),
    "site.name_elsewhere": (
        "mkdocs.yml 的 {field} 不起作用：单位名称、简介和网址只写在 data/site.yml（name、description、url），"
        "请把 mkdocs.yml 里的这一行删掉",
        "{field} in mkdocs.yml has no effect: the organisation's name, description and address are kept in "
        "data/site.yml only (name, description, url); delete that line from mkdocs.yml",
    ),
    "site.star_hours": (
        "星级时长门槛应从小到大排列，例如 [100, 300, 600, 1000, 1500]",
        "star thresholds must rise, e.g. [100, 300, 600, 1000, 1500]",
    ),
    # -- ledger --------------------------------------------------------------
    "ledger.header_missing": (
        "台账缺少“{field}”列。第一行应是列名：date,volunteer,hours,category,project,beneficiaries,points,note",
        "the ledger lacks the '{field}' column. The first line must name the columns: date,volunteer,hours,category,project,beneficiaries,points,note",
    ),
    "ledger.header_unknown": (
        "“{field}”不是台账的列{suggestion}",
        "'{field}' is not a ledger column{suggestion}",
    ),
    "ledger.hours_absurd": (
        "一次服务 {value} 小时不合常理（一天最多 24 小时）。请核对，或拆成几天记录",
        "{value} hours in one service is implausible (a day has 24). Check it or split it over several days",
    ),
    "ledger.cell_empty": (
        "这一行的“{field}”列是空的。请在这一列填上内容，或删掉这一行",
        "the '{field}' column of this row is empty. Fill it in, or delete the row",
    ),
    "ledger.hours_zero": (
        "时长是 0：这次服务不计时长，但仍计一次服务和积分。如果是漏填，请补上时长",
        "the hours are 0: the service counts as one service and earns points, but adds no hours. If they were left out, fill them in",
    ),
    "ledger.row_length": (
        "这一行有 {got} 列，但表头有 {expected} 列。请检查是否多了或少了逗号",
        "this row has {got} columns but the header has {expected}. Check for a missing or extra comma",
    ),
    "ledger.too_many_errors": (
        "此文件还有 {count} 处同类问题未一一列出",
        "{count} more problems of this kind in this file are not listed",
    ),
    # -- import (showcase import ledger / roster) -----------------------------
    "import.file_missing": (
        "找不到文件“{path}”。请检查文件名和所在文件夹（可以把文件拖进命令行窗口，得到完整路径）",
        "the file '{path}' does not exist. Check its name and folder",
    ),
    "import.file_type": (
        "不能导入“{name}”：只能导入 .xlsx 或 .csv 文件。请在 Excel 或 WPS 里“另存为”Excel 工作簿（.xlsx）",
        "cannot import '{name}': only .xlsx and .csv files can be imported. Save it as an Excel workbook (.xlsx)",
    ),
    "import.not_xlsx": (
        "这不是有效的 .xlsx 文件（{detail}）。请用 Excel 或 WPS 打开，再“另存为”Excel 工作簿（.xlsx）；如果文件设了密码，请先取消密码",
        "this is not a valid .xlsx file ({detail}). Open it in Excel or WPS and save it as an Excel workbook (.xlsx); remove any password first",
    ),
    "import.sheet_unknown": (
        "文件里没有名为“{name}”的工作表。有这些工作表：{choices}",
        "there is no sheet named '{name}'. The sheets are: {choices}",
    ),
    "import.sheet_none": (
        "文件里所有工作表都是隐藏的。请用 --sheet 工作表名 指明要导入哪一个",
        "every sheet of the file is hidden. Name the one to import with --sheet NAME",
    ),
    "import.reading": (
        "读取工作表“{sheet}”，表头在第 {row} 行",
        "reading sheet '{sheet}', header on row {row}",
    ),
    "import.reading_csv": (
        "读取 {file}，表头在第 {row} 行",
        "reading {file}, header on row {row}",
    ),
    "import.other_sheets": (
        "文件里还有其他工作表（{others}），没有读取；要导入其中一个，请加 --sheet 工作表名",
        "the file has other sheets ({others}), not read; to import one of them, add --sheet NAME",
    ),
    "import.no_header": (
        "前 {scan} 行里找不到表头：应有“日期”“姓名”“时长”这样的列名。请检查是否选对了工作表（--sheet），或在 data/site.yml 的 ledger_columns 里写明本单位用的列名",
        "no header in the first {scan} rows: columns such as 日期 (date), 姓名 (name) and 时长 (hours) are expected. Check the sheet (--sheet), or name your columns under ledger_columns in data/site.yml",
    ),
    "import.column_missing": (
        "表头（第 {row} 行）里没有“{column}”列。找到的列：{found}。如果本单位用的是别的列名，请在 data/site.yml 里写明，例如 {example}",
        "the header (row {row}) has no '{column}' column. Columns found: {found}. If your sheet names it differently, say so in data/site.yml, e.g. {example}",
    ),
    "import.column_twice": (
        "“{first}”和“{second}”两列都是 {field}，只能有一列。请删掉一列，或在 data/site.yml 的 ledger_columns 里把其中一列设为 ignore",
        "the columns '{first}' and '{second}' both hold {field}; only one may. Delete one, or set one to ignore under ledger_columns in data/site.yml",
    ),
    "import.columns_ignored": (
        "这些列没有导入：{columns}。如果其中有需要的内容，请在 data/site.yml 的 ledger_columns 里写明它对应哪个字段",
        "these columns were not imported: {columns}. If one of them matters, map it to a field under ledger_columns in data/site.yml",
    ),
    "import.columns_field": (
        "ledger_columns 里“{header}”对应的“{value}”不是台账字段{suggestion}。可用的有：{choices}",
        "under ledger_columns, '{value}' (for '{header}') is not a ledger field{suggestion}. Allowed: {choices}",
    ),
    "import.cell_empty": (
        "“{column}”这一格是空的。请补上",
        "the '{column}' cell is empty. Fill it in",
    ),
    "import.volunteer_empty": (
        "没有填写志愿者（第 {rows} 行）。请填上姓名或编号",
        "no volunteer given (rows {rows}). Fill in the name or the id",
    ),
    "import.date_old": (
        "日期 {value} 太早了，多半是填错了或单元格格式不对。请核对",
        "the date {value} is too early; it is probably mistyped or the cell has the wrong format. Check it",
    ),
    "import.hours": (
        "“{value}”不是时长。请写成 2、1.5、2小时、90分钟 或 1小时30分",
        "'{value}' is not a duration. Write it as 2, 1.5, 2小时, 90分钟 or 1小时30分",
    ),
    "import.count": (
        "“{value}”不是人次。请只写整数，如 12",
        "'{value}' is not a number of people. Write a whole number, e.g. 12",
    ),
    "import.unknown_name": (
        "“{value}”不是已知的志愿者{suggestion}（第 {rows} 行）。请改正姓名，或先为此人建档：showcase new volunteer 编号，或 showcase import roster 花名册.xlsx",
        "'{value}' is not a known volunteer{suggestion} (rows {rows}). Correct the name, or create their record first: showcase new volunteer ID, or showcase import roster ROSTER.xlsx",
    ),
    "import.unknown": (
        "“{value}”不是已知的{kind}{suggestion}（第 {rows} 行）。请改正，或先建立这个{kind}",
        "'{value}' is not a known {kind}{suggestion} (rows {rows}). Correct it, or create that {kind} first",
    ),
    "import.ambiguous_name": (
        "有 {count} 名志愿者都叫“{value}”：{candidates}，无法确定是谁（第 {rows} 行）。请在表里加一列“编号”填写志愿者编号，或加一列“单位”",
        "{count} volunteers are called '{value}': {candidates}; which one is meant is unclear (rows {rows}). Add a column 编号 with the volunteer's id, or a column 单位 with their unit",
    ),
    "import.name_mismatch": (
        "编号 {id} 是“{expected}”，但姓名写的是“{value}”（第 {rows} 行）。请核对编号和姓名",
        "the id {id} is '{expected}', but the name says '{value}' (rows {rows}). Check the id and the name",
    ),
    "import.duplicate_row": (
        "与第 {first} 行重复（日期、志愿者、时长、类别、项目、人次都相同），已跳过",
        "the same as row {first} (date, volunteer, hours, category, project and people served agree); skipped",
    ),
    "import.duplicate_known": (
        "这条记录已在 {file} 第 {line} 行，已跳过",
        "this row is already in {file} on line {line}; skipped",
    ),
    "import.all_known": (
        "全部 {rows} 行都已在 data/records 里（以前导入过），没有改动任何文件",
        "all {rows} rows are already in data/records (imported before); no file was changed",
    ),
    "import.target_invalid": (
        "导入需要改写这个文件，但它有错误（见上面）。请先改正，可运行 showcase validate 查看",
        "the import has to rewrite this file, but it has errors (above). Correct them first; showcase validate lists them",
    ),
    "import.summary": (
        "读取 {rows} 行，新写入 {written} 行，跳过重复 {duplicates} 行，改动 {count} 个文件{files}，用时 {seconds:.1f} 秒",
        "{rows} rows read, {written} written, {duplicates} duplicates skipped, {count} files changed{files}, {seconds:.1f} s",
    ),
    "import.failed": (
        "发现 {errors} 处错误、{warnings} 处提醒：没有写入任何文件。改正后重新导入即可",
        "{errors} errors and {warnings} warnings: nothing was written. Correct them and import again",
    ),
    "import.dry_run": (
        "试运行（--dry-run）：没有写入任何文件",
        "dry run (--dry-run): no file was written",
    ),
    "import.records_broken": (
        "data/ 里的这些文件有 {errors} 处错误，要先改正才能导入或新建档案（showcase validate 可以列出全部错误）",
        "{errors} errors in these files under data/; correct them before importing or creating records (showcase validate lists every error)",
    ),
    "import.progress": ("读取", "Reading"),
    "roster.no_header": (
        "前 {scan} 行里找不到表头：应有“姓名”“单位”这样的列名。请检查是否选对了工作表（--sheet）",
        "no header in the first {scan} rows: columns such as 姓名 (name) and 单位 (unit) are expected. Check the sheet (--sheet)",
    ),
    "roster.column_missing": (
        "表头（第 {row} 行）里没有“{column}”列。找到的列：{found}。请把相应的列名改成“{column}”",
        "the header (row {row}) has no '{column}' column. Columns found: {found}. Rename the matching column to '{column}'",
    ),
    "roster.columns_ignored": (
        "这些列没有导入：{columns}（网站用不到，或列名认不出来；能识别的列名见 docs/import.md）",
        "these columns were not imported: {columns} (not used by the site, or not recognised; see docs/import.md)",
    ),
    "roster.value_left_out": (
        "“{value}”不是可选的值（{choices}），这一项没有导入。请在档案里手工填写",
        "'{value}' is not one of the allowed values ({choices}); it was left out. Fill it in by hand in the record",
    ),
    "roster.id_number_numeric": (
        "身份证号被 Excel 存成了数字（{value}），后几位可能已经丢失，这一项没有导入。请把这一列设为“文本”格式、重新输入后再导入",
        "the ID number was stored by Excel as a number ({value}) and may have lost its last digits; it was left out. Format the column as text, type it again and re-import",
    ),
    "roster.same_person": (
        "与第 {first} 行是同一个人（编号、身份证号或姓名加单位相同）。如果确实是两个人，请加一列“编号”分别填写；否则删掉一行",
        "the same person as row {first} (same id, ID number, or name and unit). If they are two people, add a column 编号 with an id for each; otherwise delete one row",
    ),
    "roster.ambiguous": (
        "“{value}”在这个单位有不止一份档案：{files}。请在花名册加一列“编号”，写明是哪一份",
        "'{value}' has more than one record in this unit: {files}. Add a column 编号 saying which one",
    ),
    "roster.exists": (
        "{name} 已有档案 {file}，没有改动。要用花名册更新已有档案，请加 --update",
        "{name} already has a record, {file}; it was not changed. To update records from the roster, add --update",
    ),
    "roster.namesake": (
        "已有一位 {name}（{file}，{unit}），单位不同，所以按另一个人新建了 {new}。如果是同一个人，请删掉 {new}，在花名册加一列“编号”填 {id}，再用 --update 导入",
        "there is already a {name} ({file}, {unit}) in another unit, so {new} was created for a different person. If it is the same person, delete {new}, add a column 编号 with {id} to the roster and import with --update",
    ),
    "roster.update_failed": (
        "{file} 的写法比较特殊，无法自动更新（{fields}）。请手工修改这个文件",
        "{file} is laid out unusually and cannot be updated automatically ({fields}). Edit it by hand",
    ),
    "roster.created": ("新建 {file}（{name}）", "created {file} ({name})"),
    "roster.updated": ("更新 {file}：{fields}", "updated {file}: {fields}"),
    "roster.more": ("……另有 {count} 个文件", "… and {count} more files"),
    "roster.summary": (
        "读取 {rows} 人，新建 {created} 份档案，更新 {updated} 份，未改动 {unchanged} 份，用时 {seconds:.1f} 秒",
        "{rows} people read, {created} records created, {updated} updated, {unchanged} left as they were, {seconds:.1f} s",
    ),
    "roster.consent": (
        "新建的档案都写了 consent: {{publish: false}}：取得本人同意后改成 true，此人才会出现在网站上",
        "new records say consent: {{publish: false}}: set it to true once the person has agreed, or they stay off the site",
    ),
    # -- showcase new ---------------------------------------------------------
    "new.kind": (
        "不能新建“{kind}”。可以新建：volunteer（志愿者）、team（服务队）、project（服务项目）、honor（荣誉名单，编号写年份）",
        "cannot create a '{kind}'. You can create: volunteer, team, project, honor (its id is the year)",
    ),
    "new.id": (
        "编号“{value}”不合规：只能用小写拼音或英文字母、数字和连字符，例如 {suggestion}",
        "the id '{value}' is not valid: use lower-case letters, digits and hyphens, e.g. {suggestion}",
    ),
    "new.year": (
        "荣誉名单的编号是年份（如 2025），“{value}”不是",
        "an honor list's id is its year (e.g. 2025); '{value}' is not one",
    ),
    "new.exists": (
        "{file} 已经存在，没有改动。请换一个编号，或直接编辑这个文件",
        "{file} exists already and was not changed. Choose another id, or edit that file",
    ),
    "new.created": (
        "已新建 {file}。请按文件里的注释填写，然后运行 showcase validate 检查",
        "created {file}. Fill it in as its comments say, then run showcase validate",
    ),
    # -- stories -------------------------------------------------------------
    "story.front_matter": (
        "文章开头的信息块（--- 之间）有误：{detail}",
        "the front matter (between the --- lines) is wrong: {detail}",
    ),
    # -- summaries -----------------------------------------------------------
    "summary.errors": (
        "发现 {errors} 处错误、{warnings} 处提醒。改正错误后再构建网站；网站没有被改动",
        "{errors} errors and {warnings} warnings. Fix the errors and build again; the site was not changed",
    ),
    "summary.ok": (
        "数据检查通过：{volunteers} 名志愿者、{teams} 支服务队、{projects} 个项目、{rows} 条台账记录（{warnings} 处提醒）",
        "the records are valid: {volunteers} volunteers, {teams} teams, {projects} projects, {rows} ledger rows ({warnings} warnings)",
    ),
    "warning": ("提醒", "warning"),
    "suggestion": ("（您是否想写“{value}”？）", " (did you mean '{value}'?)"),
    "suggestion.choices": ("（可用的有：{values}）", " (allowed: {values})"),
}


def text(code: str, lang: str = "zh", **params) -> str:
    """The message `code` in `lang`, with its placeholders filled."""
    zh, en = CATALOGUE[code]
    template = en if lang == "en" else zh
    return template.format(**params)


def kind_name(kind: str, lang: str) -> str:
    zh, en = KINDS[kind]
    return en if lang == "en" else zh


def type_name(name: str, lang: str) -> str:
    zh, en = TYPES[name]
    return en if lang == "en" else zh


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the records, located precisely enough to fix it."""

    path: str
    line: int | None
    field: str | None
    code: str
    params: dict = field(default_factory=dict, compare=False, hash=False)
    severity: str = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def format(self, lang: str = "zh") -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        params = {k: _localise(v, lang) for k, v in self.params.items()}
        message = text(self.code, lang, **params)
        if not self.is_error:
            message = f"[{text('warning', lang)}] {message}"
        return f"{where} {self.field}: {message}" if self.field else f"{where} {message}"


@dataclass(frozen=True)
class Localised:
    """A message fragment whose wording depends on the language."""

    zh: str
    en: str


def _localise(value, lang: str):
    if isinstance(value, Localised):
        return value.en if lang == "en" else value.zh
    return value


def suggestion(value: str | None) -> Localised:
    """The '(did you mean …?)' tail of a message, empty without a guess."""
    if not value:
        return Localised("", "")
    zh, en = CATALOGUE["suggestion"]
    return Localised(zh.format(value=value), en.format(value=value))


def choices(values) -> Localised:
    listed = "、".join(values), ", ".join(values)
    zh, en = CATALOGUE["suggestion.choices"]
    return Localised(zh.format(values=listed[0]), en.format(values=listed[1]))


def unknown(value: str, kind_id: str, guess: str | None) -> dict:
    """The parameters of 'ref.unknown': what was written, of which kind, the nearest id, where to create one."""
    return {"value": value, "kind": kind(kind_id), "suggestion": suggestion(guess),
            "where": Localised(*WHERE[kind_id])}


def kind(kind_id: str) -> Localised:
    return Localised(*KINDS[kind_id])


def type_(name: str) -> Localised:
    return Localised(*TYPES[name])


class DataError(Exception):
    """Raised when the records cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problems in the records")
        self.problems = problems

    def format(self, lang: str = "zh") -> str:
        return "\n".join(p.format(lang) for p in self.problems)
