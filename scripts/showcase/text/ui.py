"""Words of the site's interface, in Chinese and English.

Templates call `t("key")`; a missing key fails the build loudly in tests
rather than showing a raw key to readers.
"""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # punctuation differs between the languages
    "colon": ("：", ": "),
    "sep": ("、", ", "),
    "lparen": ("（", " ("),
    "rparen": ("）", ")"),
    "lquote": ("“", "“"),
    "rquote": ("”", "”"),
    "unit_gap": ("", " "),  # between a figure and its unit: 45.26万元, 21,405.5 h
    "home": ("首页", "Home"),
    "volunteers": ("志愿者", "Volunteers"),
    "volunteer": ("志愿者", "Volunteer"),
    "teams": ("服务队", "Teams"),
    "team": ("服务队", "Team"),
    "projects": ("服务项目", "Projects"),
    "project": ("项目", "Project"),
    "organizations": ("组织架构", "Organisations"),
    "organization": ("所在单位", "Organisation"),
    "stories": ("先进事迹", "Stories"),
    "honors": ("荣誉榜", "Honor roll"),
    "stats": ("数据统计", "Statistics"),
    "wishes": ("微心愿", "Micro-wishes"),
    "pairings": ("结对帮扶", "Pairings"),
    "about": ("关于我们", "About"),
    "search": ("搜索", "Search"),
    "made_with": ("本站由“志愿者风采展示”生成", "Made with Volunteer Showcase"),
    "hours": ("服务时长", "Service hours"),
    "hours_unit": ("小时", "h"),
    "services": ("服务次数", "Services"),
    "services_unit": ("次", ""),
    "points": ("积分", "Points"),
    "beneficiaries": ("服务人次", "People served"),
    "star": ("星级", "Star level"),
    "stars_n": ("{n}星志愿者", "{n}-star volunteer"),
    "no_star": ("未定星级", "No star yet"),
    "star_axis_0": ("未评星", "No star"),
    "star_axis_1": ("一星", "1 star"),
    "star_axis_n": ("{n}星", "{n} stars"),
    "status": ("政治面貌", "Status"),
    "post": ("岗位", "Post"),
    "specialties": ("特长", "Specialties"),
    "categories": ("服务类别", "Service categories"),
    "joined": ("加入时间", "Joined"),
    "motto": ("座右铭", "Motto"),
    "pledge": ("服务承诺", "Pledge"),
    "story": ("个人事迹", "Story"),
    "highlights": ("成长足迹", "Milestones"),
    "honors_received": ("所获荣誉", "Honors"),
    "member_teams": ("所在服务队", "Teams"),
    "member_projects": ("参与项目", "Projects"),
    "wishes_fulfilled": ("认领的微心愿", "Micro-wishes taken on"),
    "related_stories": ("相关事迹", "Stories"),
    "leader": ("队长", "Leader"),
    "project_leader": ("负责人", "Leader"),
    "members": ("队员", "Members"),
    "members_hours": ("队员累计服务时长", "Members' total hours"),
    "founded": ("成立时间", "Founded"),
    "schedule": ("服务时间", "Schedule"),
    "outcomes": ("项目成效", "Outcomes"),
    "period": ("实施时间", "Period"),
    "ongoing": ("至今", "ongoing"),
    "brand": ("品牌项目", "Brand project"),
    "participants": ("参与志愿者", "Volunteers"),
    "subunits": ("下级组织", "Sub-units"),
    "total_volunteers": ("志愿者人数", "Volunteers"),
    "total_hours": ("累计服务时长", "Total hours"),
    "economic_value": ("服务价值", "Economic value"),
    "party_members": ("党员志愿者", "Party-member volunteers"),
    "people_served": ("服务群众", "People served"),
    "pairings_count": ("结对帮扶", "Pairings"),
    "pairing_funds": ("帮扶资金", "Pairing funds"),
    "wishes_done": ("圆梦微心愿", "Micro-wishes fulfilled"),
    "featured": ("先进典型", "Featured volunteers"),
    "latest_stories": ("最新事迹", "Latest stories"),
    "current_honors": ("最新表彰", "Latest honors"),
    "more": ("查看全部", "See all"),
    "more_people": ("另有 {n} 人", "and {n} more"),
    "poster_more_awards": ("……另有 {n} 项表彰，扫码查看全部", "… {n} more awards: scan for the full list"),
    "filter": ("筛选", "Filter"),
    "filter_all": ("全部", "All"),
    "filter_name": ("姓名或岗位", "Name or post"),
    "sort": ("排序", "Sort"),
    "sort_hours": ("按服务时长", "By hours"),
    "sort_name": ("按姓名", "By name"),
    "reset": ("重置", "Reset"),
    "results": ("共 {n} 人", "{n} volunteers"),
    "no_results": ("没有符合条件的志愿者", "No volunteer matches"),
    "page_n": ("第 {n} 页", "Page {n}"),
    "prev": ("上一页", "Previous"),
    "next": ("下一页", "Next"),
    "pagination": ("分页", "Pages"),
    "notice_banner": ("公示中：{start} 至 {end}。公示期内如有异议，请向{issuer}反映。",
                      "Public notice from {start} to {end}. Objections may be raised with {issuer}."),
    "notice_badge": ("公示中", "Under public notice"),
    "issuer": ("颁发单位", "Issued by"),
    "award_date": ("表彰时间", "Date"),
    "citation": ("事迹", "Citation"),
    "score": ("得分", "Score"),
    "recipient": ("获奖者", "Recipient"),
    "year_honors": ("{year} 年度荣誉", "Honors {year}"),
    "print": ("打印", "Print"),
    "download": ("下载数据", "Download the figures"),
    "by_year": ("按年度", "By year"),
    "by_month": ("按月份", "By month"),
    "by_org": ("按组织", "By organisation"),
    "by_category": ("按服务类别", "By category"),
    "star_distribution": ("星级分布", "Star levels"),
    "top_volunteers": ("服务时长前十名", "Top 10 by hours"),
    "wish_progress": ("微心愿进度", "Micro-wishes"),
    "table": ("数据表", "Data table"),
    "year": ("年份", "Year"),
    "month": ("月份", "Month"),
    "count": ("人数", "Count"),
    "wish_count": ("个数", "Count"),
    "name": ("姓名", "Name"),
    "rank": ("名次", "Rank"),
    "wish": ("心愿", "Wish"),
    "requester": ("心愿人", "For"),
    "claimed_by": ("认领人", "Taken on by"),
    "wish_status": ("状态", "Status"),
    "wish_value": ("价值", "Value"),
    "done_date": ("完成时间", "Fulfilled"),
    "partner": ("结对对象", "Partner"),
    "kind": ("形式", "Kind"),
    "help": ("帮扶内容", "Help"),
    "funds": ("帮扶资金", "Funds"),
    "outcome": ("成效", "Outcome"),
    "since": ("起始时间", "Since"),
    "tags": ("标签", "Tags"),
    "author": ("作者", "Author"),
    "poster": ("分享海报", "Share poster"),
    "poster_title": ("志愿者风采", "Volunteer profile"),
    "poster_scan": ("扫码查看 TA 的故事", "Scan for the full story"),
    "poster_scan_honors": ("扫码查看完整名单", "Scan for the full list"),
    "poster_footer": ("{site} · {date}", "{site} · {date}"),
    "photo_of": ("{name}的照片", "Photo of {name}"),
    "avatar_of": ("{name}的头像", "Avatar of {name}"),
    "value": ("数值", "Value"),
    "unit": ("单位", "Unit"),
    "feed": ("订阅（RSS）", "RSS feed"),
    "pending": ("待认领", "Open"),
    "claimed": ("已认领", "Taken on"),
    "fulfilled": ("已完成", "Fulfilled"),
    "level": ("层级", "Level"),
    "all_volunteers_count": ("全部志愿者（含未公开者）", "All volunteers (including unpublished)"),
}

# Fixed values from the data contract, translated for an English site.
VALUES_EN = {
    "党员": "Party member", "预备党员": "Probationary Party member",
    "入党积极分子": "Party applicant", "共青团员": "Youth League member", "群众": "Non-Party",
    "进行中": "ongoing", "已完成": "completed", "待认领": "open", "已认领": "taken on",
    "一帮一": "one-to-one", "结对共建": "unit partnership",
}


def translator(lang: str):
    """`t(key, **params)` for templates."""

    def t(key: str, **params) -> str:
        zh, en = LABELS[key]
        text = en if lang == "en" else zh
        return text.format(**params) if params else text

    return t


ZH_NUMERALS = "零一二三四五六七八九十"


def stars(n: int, lang: str) -> str:
    """五星志愿者 / 5-star volunteer; 未定星级 / no star yet."""
    if not n:
        return translator(lang)("no_star")
    count = ZH_NUMERALS[n] if lang == "zh" and n < len(ZH_NUMERALS) else str(n)
    return translator(lang)("stars_n", n=count)


def star_label(n: int, lang: str) -> str:
    """A star level on a chart's axis: 未评星, 一星 … 五星 / No star, 1 star … 5 stars."""
    t = translator(lang)
    if n < 2:
        return t(f"star_axis_{n}")
    return t("star_axis_n", n=ZH_NUMERALS[n] if lang == "zh" and n < len(ZH_NUMERALS) else n)


def value(text: str | None, lang: str) -> str:
    """A fixed value from the records (e.g. 党员) in the site's language."""
    if text is None:
        return ""
    return VALUES_EN.get(text, text) if lang == "en" else text
