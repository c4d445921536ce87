"""What the demo's conversations say: mail threads, chats, logged calls and message templates.

Kept apart from ``conversations.py`` (which picks customers and orders, dates the
messages and hands them to the real mail ingest) so this file reads as an exporter's
mail folder; the mail threads and chats themselves are in ``stories.toml``.  Texts are
``str.format`` templates filled from a context the generator builds for each thread:
``{order}``, ``{first}`` (the contact's given name), ``{me}`` (the merchandiser),
``{ship}``/``{ship_de}``/``{ship_es}``/``{ship_zh}`` (a date in each language),
``{deposit}`` and so on; ``conversations._context`` lists them all.

The content is data, not interface text: it is written in the languages the customers
and suppliers write in, and never translated.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Our side: the exporter the demo users work for.
COMPANY = "Ningbo Huaxin Imp. & Exp. Co., Ltd."
COMPANY_ZH = "宁波华信进出口有限公司"

# key of data.TEAMS -> (mailbox name, address).  Fetching is off: the servers are examples.
MAILBOXES = {
    "eu": ("Sales Europe & Americas (shared)", "sales-eu@gendan.example"),
    "me": ("Sales Middle East, Asia & Africa (shared)", "sales-me@gendan.example"),
}
MAIL_SERVERS = ("imap.example.com", "smtp.example.com")


# --- Message templates ----------------------------------------------------------------


@dataclass(frozen=True)
class TemplateText:
    code: str
    language: str
    name: str
    subject: str
    body: str
    channel: str = "email"


TEMPLATES = (
    TemplateText(
        "shipment-notice", "en", "Shipment notice", "Shipment notice – {order_number}",
        "Dear {contact},\n\nWe are pleased to inform you that your order {order_number} has been "
        "shipped.\n\nTerms: {incoterm}\nETD: {etd}\nETA: {eta}\nB/L no.: {tracking}\n\n"
        "The copy documents (commercial invoice, packing list and B/L) are attached.\n\n"
        "Best regards,\n{sender}",
    ),
    TemplateText(
        "shipment-notice", "zh", "出货通知", "出货通知 – {order_number}",
        "{contact}，您好！\n\n贵司订单 {order_number} 已经出运。\n\n贸易条款：{incoterm}\n"
        "开船日期（ETD）：{etd}\n预计到港（ETA）：{eta}\n提单号：{tracking}\n\n"
        "发票、装箱单和提单副本见附件，请查收。\n\n{sender}",
    ),
    TemplateText(
        "shipment-notice", "de", "Versandanzeige", "Versandanzeige – {order_number}",
        "Sehr geehrte/r {contact},\n\nIhre Bestellung {order_number} wurde verschifft.\n\n"
        "Lieferbedingung: {incoterm}\nAbfahrt (ETD): {etd}\nAnkunft (ETA): {eta}\n"
        "B/L-Nr.: {tracking}\n\nRechnung, Packliste und B/L-Kopie finden Sie im Anhang.\n\n"
        "Mit freundlichen Grüßen\n{sender}",
    ),
    TemplateText(
        "deposit-reminder", "en", "Deposit reminder", "Deposit for {order_number}",
        "Dear {contact},\n\nThank you for your order {order_number} ({order_total}).\n\n"
        "To start production we need the T/T deposit of {deposit_amount}. Once it arrives we "
        "confirm the shipment date; the balance of {balance_amount} is due against the copy "
        "B/L.\n\nPlease send us the bank slip when the payment is made.\n\nBest regards,\n{sender}",
    ),
    TemplateText(
        "deposit-reminder", "zh", "定金提醒", "订单 {order_number} 定金",
        "{contact}，您好！\n\n感谢您的订单 {order_number}（总金额 {order_total}）。\n\n"
        "收到定金 {deposit_amount} 后我们马上安排生产并确认交期，余款 {balance_amount} "
        "凭提单副本支付。\n\n付款后请把银行水单发给我们，谢谢！\n\n{sender}",
    ),
    TemplateText(
        "production-update", "en", "Production update", "Production update – {order_number}",
        "Dear {contact},\n\nA short update on your order {order_number}: production is running "
        "to plan. The raw materials and packaging are all in, assembly is under way and our QC "
        "checks the line every day.\n\nWe expect the goods to be ready for the final inspection "
        "a few days before the shipment date, {ship_date} ({incoterm}).\n\nPhotos of the "
        "production line are attached.\n\nBest regards,\n{sender}",
    ),
    TemplateText(
        "production-update", "zh", "生产进度", "生产进度 – {order_number}",
        "{contact}，您好！\n\n订单 {order_number} 目前生产正常：原材料和包材已全部到位，"
        "正在组装，我们的QC每天跟线检查。\n\n预计在出货日期 {ship_date}（{incoterm}）"
        "前几天可以安排最终验货。\n\n生产照片见附件。\n\n{sender}",
    ),
    TemplateText(
        "balance-reminder", "en", "Balance payment", "Balance payment – {order_number}",
        "Dear {contact},\n\nThe goods of {order_number} have left the port (ETD {etd}).\n\n"
        "Kindly arrange the balance payment of {balance_amount}, so we can release the B/L "
        "in good time before the ETA, {eta}.\n\nBest regards,\n{sender}",
    ),
    TemplateText(
        "payment-received", "en", "Payment received (WhatsApp)", "",
        "Hi {contact}, we received your payment for {order_number}. Thank you! – {sender}",
        channel="whatsapp",
    ),
)  # fmt: skip


# --- Mail threads ----------------------------------------------------------------------


@dataclass(frozen=True)
class Mail:
    """One message of a story.

    ``by`` is who writes it: ``contact`` (the customer's contact), ``colleague`` (another
    person at the customer), ``us`` (the team's merchandiser), ``sales`` (the team's
    salesperson), ``supplier`` (the factory), ``forwarder``, ``stranger`` or ``list``.
    A ``subject`` starts a new thread; without one the mail replies in the current
    thread; ``{subject}`` in it stands for the subject replied to (automatic replies).
    """

    by: str
    body: str
    subject: str = ""
    after: tuple[int, int] = (2, 20)  # hours after the message before it
    cc: bool = False
    auto: bool = False  # an automatic reply (Auto-Submitted: auto-replied)
    html: bool = False  # also an HTML part, with the sender's logo from their web site
    attach: tuple[str, ...] = ()  # file names: .pdf and .png files are made up
    template: str = ""  # code of a message template to fill for the body instead


@dataclass(frozen=True)
class Story:
    """Mail threads of one kind, told ``copies`` times with different customers.

    ``orders`` names the pool of orders a copy is about ("" for none: an inquiry);
    ``needs`` are conditions on the order (``deposit``: T/T with a deposit; ``tt``: paid
    by T/T), ``prefers`` soft ones (``glass``: a glass product on it).  ``countries``
    limits the customers (a German mail goes to a German-speaking customer).

    ``language`` is what the customer's side writes (a customer outside the Chinese-
    speaking countries writes English in a Chinese story); factories and forwarders write
    Chinese.  We answer in Chinese where the other side writes Chinese, else in English.
    """

    key: str
    language: str
    mails: tuple[Mail, ...]
    orders: str = ""
    copies: int = 1
    needs: tuple[str, ...] = ()
    prefers: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()  # preferred customer stages
    team: str = ""  # for mail from nobody we know: whose mailbox
    stranger: tuple[str, str, str] = ("", "", "")  # name, address, time zone


# How each language's mail programs mark a reply
REPLY_PREFIXES = {"en": "Re: ", "de": "AW: ", "es": "RE: ", "zh": "回复："}
GERMAN = ("DE", "AT", "CH")
SPANISH = ("ES", "MX", "CL", "CO", "PE", "AR")
CHINESE = ("HK", "SG", "MY", "TW")

# Fields of Story and Mail that are tuples; TOML gives them as lists.
_TUPLE_FIELDS = {"after", "attach", "needs", "prefers", "countries", "stages", "stranger"}


def _tuples(table: dict[str, Any]) -> dict[str, Any]:
    return {key: tuple(v) if key in _TUPLE_FIELDS else v for key, v in table.items()}


with Path(__file__).with_name("stories.toml").open("rb") as _file:
    _TEXTS = tomllib.load(_file)


def _stories(tables: list[dict[str, Any]]) -> tuple[Story, ...]:
    """The mail threads told in ``stories.toml``, one ``[[story]]`` table each."""
    return tuple(
        Story(
            mails=tuple(Mail(**_tuples(mail)) for mail in table.pop("mail")),
            **_tuples(table),
        )
        for table in tables
    )


STORIES: tuple[Story, ...] = _stories(_TEXTS["story"])


# Who else writes to us, in Chinese
@dataclass(frozen=True)
class Supplier:
    name: str
    person: str
    department: str
    address: str
    phone: str


SUPPLIERS = {
    "appliances": (
        Supplier("慈溪市宏达电器有限公司", "王建国", "生产部", "wangjg@hongda-dianqi.com.cn", "0574-6321 8856"),
        Supplier("佛山市顺德区美旭电器制造有限公司", "陈丽萍", "业务部", "chenlp@meixu-elec.cn", "0757-2266 3017"),
    ),
    "hardware": (
        Supplier("永康市金盾五金工具有限公司", "胡志强", "生产计划部", "huzq@jindun-tools.com.cn", "0579-8712 4590"),
        Supplier("温州市恒泰五金制品厂", "林晓东", "业务部", "linxd@hengtai-hw.cn", "0577-8896 1205"),
    ),
    "textiles": (
        Supplier("南通新丝路家纺有限公司", "徐海燕", "跟单部", "xuhy@xinsilu-textile.cn", "0513-8655 2231"),
        Supplier("绍兴柯桥锦华纺织品有限公司", "沈国平", "生产部", "shengp@jinhua-fabric.cn", "0575-8411 7730"),
    ),
}  # fmt: skip
FORWARDERS = (
    Supplier("宁波捷运国际货运代理有限公司", "张敏", "海运操作部", "op.zhangmin@nbjieyun-logistics.com", "138 5742 6610"),
    Supplier("上海远帆国际物流有限公司", "刘洋", "订舱部", "booking.liuyang@yuanfan-log.com", "139 1720 8843"),
)  # fmt: skip
# (English, Chinese) reasons a factory gives for a late order, by product group
DELAY_REASONS = {
    "appliances": (
        ("the gift boxes from the printer arrived late", "彩盒印刷厂交货延迟，包装材料未能按时到位"),
        ("the motors failed the incoming inspection and had to be replaced", "电机来料检验不合格，需要重新备料"),
    ),
    "hardware": (
        ("the chrome plating failed the salt spray test and is being redone", "电镀盐雾测试不合格，需要返工重新电镀"),
        ("the steel for the forgings arrived late", "锻件所用钢材到货延迟"),
    ),
    "textiles": (
        ("one dye lot failed the colour fastness test and is being re-dyed", "有一缸布色牢度测试不合格，正在重新染色"),
        ("the weaving mill had no power for five days", "上周当地限电，织布车间停产了五天"),
    ),
}  # fmt: skip
PORTS_ZH = {
    "Ningbo": "宁波", "Shanghai": "上海", "Shenzhen (Yantian)": "深圳盐田",
    "Guangzhou (Nansha)": "广州南沙", "Xiamen": "厦门",
}  # fmt: skip
UNITS_ZH = {"pcs": "件", "sets": "套", "pairs": "对", "kg": "公斤"}
# (vessel, the carrier's B/L prefix, its container owner code)
VESSELS = (
    ("MSC ISABELLA", "MEDU", "MSCU"), ("COSCO SHIPPING ARIES", "COSU", "CSNU"),
    ("CMA CGM JACQUES SAADE", "CMDU", "CMAU"), ("MAERSK EINDHOVEN", "MAEU", "MSKU"),
    ("ONE APUS", "ONEY", "ONEU"), ("OOCL HONG KONG", "OOLU", "OOLU"), ("HMM ALGECIRAS", "HDMU", "HDMU"),
    ("EVER ACE", "EGLV", "EGHU"),
)  # fmt: skip
CONTAINER_TYPES = ("1×40'HQ", "1×20'GP", "2×40'HQ", "1×40'GP")
LANGUAGE_NAMES = {
    "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "pl": "Polish", "sv": "Swedish", "da": "Danish", "fi": "Finnish", "cs": "Czech",
    "el": "Greek", "ar": "Arabic", "he": "Hebrew", "tr": "Turkish", "ja": "Japanese", "ko": "Korean",
    "th": "Thai", "vi": "Vietnamese", "id": "Indonesian", "ru": "Russian", "zh": "Chinese",
}  # fmt: skip


# --- Chats and logged contacts -------------------------------------------------------------

CHAT_NOTICE = (
    "Messages and calls are end-to-end encrypted. No one outside of this chat, not even "
    "WhatsApp, can read or listen to them. Tap to learn more."
)
# A WhatsApp chat as the merchandiser's phone exported it: (who, minutes after the line
# before, text), kept in ``stories.toml``.  "me" is the merchandiser, "them" the contact.
CHAT_EN: tuple[tuple[str, int, str], ...] = tuple(tuple(line) for line in _TEXTS["chats"]["en"])
CHAT_ES: tuple[tuple[str, int, str], ...] = tuple(tuple(line) for line in _TEXTS["chats"]["es"])
# channel, direction, who logs it ("us" or "sales"), summary; about an order or not
LOGGED = (
    ("wechat", "in", "us", True,
     "{first} 在微信上问能不能在 {order} 里加两托 {product}，价格按PI不变。已答复可以，明天更新PI发给他确认。"),
    ("wechat", "out", "us", True,
     "微信发了 {order} 的生产进度照片给 {first}，客户确认彩盒和说明书没问题。"),
    ("phone", "out", "us", True,
     "Called {first} about the deposit for {order}: their finance pays this Friday and sends the "
     "bank slip by mail."),
    ("phone", "in", "us", True,
     "{first} called: their warehouse is full until the 20th, asks to ship {order} one week later. "
     "Agreed; told the factory to hold the goods."),
    ("meeting", "out", "sales", False,
     "Met {contact} at our Canton Fair booth (hall 11.2): interested in the new air fryers and in a "
     "second supplier for kettles. Send the catalogue and a sample quotation next week."),
)  # fmt: skip
