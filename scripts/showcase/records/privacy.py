"""Personal data that must not reach a public site, found in free text.

Officers paste stories and citations from reports that often carry a phone
number or an ID number. Mobile numbers, 18-digit resident ID numbers (only
when the checksum is right, so long figures are not mistaken for them) and
e-mail addresses are found and shown masked (138****1234), never in full.
"""

from __future__ import annotations

import re
import unicodedata

from ..text.han import HAN

_PHONE = re.compile(r"(?<![\d+])(?:\+?86[ -]?)?(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})(?![\d])")
_ID = re.compile(r"(?<![\dXx])(\d{6})((?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(\d{3}[\dXx])(?![\dXx])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

# Common surnames (about 85 % of the population), for spotting a personal name
# where only a description such as 孤寡老人（石桥村） belongs.
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕"
    "单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚"
    "娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池"
    "查麻苑迟邝"
)
_HAN_NAME = re.compile(f"^[{HAN}]{{2,3}}$")


def id_checksum_ok(number: str) -> bool:
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == number[17].upper()


def find(text: str) -> list[tuple[str, str]]:
    """(kind, masked preview) for each phone number, ID number and e-mail address in `text`."""
    if not text:
        return []
    text = unicodedata.normalize("NFKC", text)  # full-width digits and ＠ are typed too
    found = []
    for m in _ID.finditer(text):
        number = "".join(m.groups())
        if id_checksum_ok(number):
            found.append(("id_number", number[:6] + "*" * 8 + number[-4:]))
    for m in _PHONE.finditer(text):  # never inside an ID number: digits may not touch it
        found.append(("phone", f"{m.group(1)}****{m.group(3)}"))
    for m in _EMAIL.finditer(text):
        local, _, domain = m.group(0).partition("@")
        found.append(("email", f"{local[0]}***@{domain}"))
    return found


def looks_like_a_name(text: str) -> bool:
    """True for 王秀英 or 李大爷: a short all-Han string that starts with a common surname."""
    text = (text or "").strip()
    return bool(_HAN_NAME.match(text)) and (text[0] in SURNAMES or text[:2] in ("欧阳", "司马", "上官", "诸葛"))
