"""The facts demo data is made of: markets, company and person names, ports, products.

Kept apart from the generator (the other modules of this package, which draw from
these tables) so the generator reads as logic and this file reads as a trade directory.  Lists are written as
``"a|b|c"`` strings to keep fifty countries on one screen each; the two largest tables,
the markets and the products, are tab-separated files beside it (``markets.tsv``,
``products.tsv``), one row a line.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path


def _split(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split("|") if item.strip())


def _table(filename: str) -> list[list[str]]:
    """The rows of a tab-separated table kept next to this module; ``#`` lines are comments."""
    text = Path(__file__).with_name(filename).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


# --- Teams and staff ------------------------------------------------------------------

TEAMS = {
    "eu": ("欧美一部", "Europe, the Americas and Oceania"),
    "me": ("中东亚非", "Middle East, Asia and Africa"),
}


@dataclass(frozen=True)
class StaffMember:
    username: str
    role: str
    first_name: str
    last_name: str
    teams: tuple[str, ...]  # keys of TEAMS; empty for roles that see every team


# Sales and merchandisers belong to one team each, so their log-in shows one team's
# records; back-office roles serve both teams.
STAFF = (
    StaffMember("admin", "admin", "Kevin", "Zhou", ()),
    StaffMember("manager", "manager", "David", "Chen", ("eu", "me")),
    StaffMember("sales_eu", "sales", "Lisa", "Wang", ("eu",)),
    StaffMember("merch_eu", "merchandiser", "Amy", "Li", ("eu",)),
    StaffMember("sales_me", "sales", "Jack", "Liu", ("me",)),
    StaffMember("merch_me", "merchandiser", "Coco", "Zhang", ("me",)),
    StaffMember("purchasing", "purchasing", "Frank", "Huang", ("eu", "me")),
    StaffMember("qc", "qc", "Eric", "Xu", ("eu", "me")),
    StaffMember("finance", "finance", "Helen", "Sun", ("eu", "me")),
    StaffMember("viewer", "viewer", "Tom", "Ma", ("eu", "me")),
)
STAFF_MAIL_DOMAIN = "gendan.example"  # RFC 2606: never a real mailbox


# --- People ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NamePool:
    given: tuple[str, ...]
    family: tuple[str, ...]
    family_first: bool = False  # Vietnamese and Korean-style order


def _pool(given: str, family: str, *, family_first: bool = False) -> NamePool:
    return NamePool(_split(given), _split(family), family_first)


# Gendered surnames (Polish, Czech, Greek, Russian) are paired with male given names only,
# so no pool produces a name a native speaker would find wrong.
PEOPLE: dict[str, NamePool] = {
    "en": _pool(
        "James|Michael|Sarah|Emily|David|Jennifer|Robert|Laura|Daniel|Rachel|Thomas|Karen|Mark|Jessica|Andrew|Olivia",
        "Smith|Johnson|Brown|Miller|Wilson|Taylor|Anderson|Clark|Walker|Harris|Lewis|Young|Hall|Turner|Cooper|Parker",
    ),
    "de": _pool(
        "Thomas|Stefan|Andreas|Markus|Julia|Katrin|Sabine|Christian|Anna|Michael|Jan|Lena",
        "Müller|Schmidt|Schneider|Fischer|Weber|Meyer|Wagner|Becker|Hoffmann|Schulz|Koch|Richter",
    ),
    "fr": _pool(
        "Pierre|Julien|Nicolas|Camille|Sophie|Marie|Antoine|Claire|Thomas|Élodie|Mathieu|Isabelle",
        "Martin|Bernard|Dubois|Moreau|Laurent|Lefebvre|Girard|Roux|Fontaine|Mercier|Lambert|Bonnet",
    ),
    "it": _pool(
        "Marco|Giuseppe|Luca|Francesca|Giulia|Alessandro|Chiara|Matteo|Paola|Stefano",
        "Rossi|Russo|Ferrari|Esposito|Bianchi|Romano|Colombo|Ricci|Marino|Greco|Conti|Gallo",
    ),
    "es": _pool(
        "Carlos|Javier|Lucía|María|Alejandro|Pablo|Carmen|Laura|Diego|Sofía|Miguel|Ana",
        "García|Fernández|López|Martínez|Sánchez|Pérez|Gómez|Díaz|Romero|Torres|Ruiz|Vargas",
    ),
    "pt": _pool(
        "João|Pedro|Ana|Mariana|Rafael|Beatriz|Lucas|Camila|Tiago|Fernanda",
        "Silva|Santos|Oliveira|Souza|Pereira|Costa|Ferreira|Almeida|Carvalho|Ribeiro",
    ),
    "nl": _pool(
        "Jan|Pieter|Sanne|Lotte|Bas|Femke|Ruben|Eva|Joost|Anouk",
        "de Jong|Jansen|de Vries|van den Berg|Bakker|Visser|Smit|Meijer|de Boer|Mulder",
    ),
    "pl": _pool(
        "Piotr|Krzysztof|Anna|Katarzyna|Tomasz|Agnieszka|Marcin|Magdalena|Paweł|Joanna",
        "Nowak|Wójcik|Kaczmarek|Mazur|Krawczyk|Zając|Król|Wieczorek|Wróbel|Dudek|Pawlak|Michalak",
    ),
    "sv": _pool(
        "Erik|Lars|Anna|Karin|Johan|Emma|Anders|Sara|Magnus|Elin",
        "Andersson|Johansson|Karlsson|Nilsson|Eriksson|Larsson|Olsson|Persson|Svensson|Gustafsson",
    ),
    "da": _pool(
        "Mads|Søren|Mette|Louise|Rasmus|Camilla|Henrik|Line",
        "Jensen|Nielsen|Hansen|Pedersen|Andersen|Christensen|Larsen|Sørensen",
    ),
    "fi": _pool(
        "Mikko|Jukka|Anna|Laura|Timo|Sanna|Antti|Heidi",
        "Korhonen|Virtanen|Mäkinen|Nieminen|Mäkelä|Hämäläinen|Laine|Heikkinen",
    ),
    "cs": _pool(
        "Jan|Petr|Tomáš|Martin|Pavel|Jiří|Lukáš|David",
        "Novák|Svoboda|Novotný|Dvořák|Černý|Procházka|Kučera|Veselý",
    ),
    "el": _pool(
        "Giorgos|Dimitris|Nikos|Kostas|Yannis|Panagiotis|Christos|Vasilis",
        "Papadopoulos|Georgiou|Nikolaidis|Oikonomou|Konstantinou|Dimitriou|Ioannou|Vlachos",
    ),
    "ar": _pool(
        "Mohammed|Ahmed|Khalid|Omar|Yousef|Fatima|Hassan|Ali|Abdullah|Sara|Faisal|Layla",
        "Al Mansouri|Al Hashimi|Al Qassimi|Al Harbi|Al Otaibi|Haddad|Saleh|Nasser|Khoury|Al Zahrani|Hamdan|Al Amri",
    ),
    "eg": _pool(
        "Mohamed|Ahmed|Mahmoud|Mostafa|Amr|Nour|Hany|Sherif",
        "Hassan|Ibrahim|El Sayed|Abdel Aziz|Farouk|Mansour|Said|Kamel",
    ),
    "ma": _pool(
        "Youssef|Mehdi|Karim|Salma|Hicham|Nadia|Rachid|Amine",
        "Benali|El Amrani|Alaoui|Bennani|Tazi|Berrada|Idrissi|Chraibi",
    ),
    "he": _pool(
        "Yossi|Avi|Noa|Tal|Eitan|Shira|Moshe|Dana",
        "Cohen|Levi|Mizrahi|Peretz|Biton|Friedman|Katz|Azulay",
    ),
    "tr": _pool(
        "Mehmet|Ahmet|Mustafa|Ayşe|Elif|Emre|Burak|Zeynep|Can|Fatma",
        "Yılmaz|Kaya|Demir|Şahin|Çelik|Yıldız|Aydın|Öztürk|Arslan|Doğan",
    ),
    "ng": _pool(
        "Chinedu|Adebayo|Oluwaseun|Ngozi|Emeka|Funmilayo|Ibrahim|Chiamaka",
        "Okafor|Adeyemi|Okonkwo|Balogun|Eze|Bello|Nwosu|Ogunleye",
    ),
    "ke": _pool(
        "Peter|Grace|John|Wanjiru|David|Faith|Brian|Mercy",
        "Kamau|Otieno|Wanjiku|Mwangi|Ochieng|Njoroge|Kiprono|Muthoni",
    ),
    "gh": _pool(
        "Kwame|Kofi|Ama|Yaw|Akosua|Kwabena|Esi|Kojo",
        "Mensah|Owusu|Boateng|Asante|Osei|Appiah|Agyeman|Darko",
    ),
    "za": _pool(
        "Thabo|Sipho|Johan|Pieter|Lerato|Nomvula|Riaan|Ayanda",
        "Nkosi|Dlamini|van der Merwe|Botha|Naidoo|Pillay|Mokoena|du Plessis",
    ),
    "in": _pool(
        "Rajesh|Amit|Priya|Sunil|Anjali|Vikram|Sanjay|Neha|Rahul|Deepak",
        "Sharma|Patel|Gupta|Singh|Kumar|Mehta|Shah|Agarwal|Reddy|Jain",
    ),
    "pk": _pool(
        "Muhammad|Ali|Usman|Imran|Ayesha|Bilal|Hamza|Farhan",
        "Khan|Qureshi|Malik|Chaudhry|Sheikh|Butt|Siddiqui|Raza",
    ),
    "bd": _pool(
        "Mohammad|Rahim|Karim|Shahid|Nasrin|Tanvir|Fahim|Sumaiya",
        "Rahman|Hossain|Islam|Ahmed|Chowdhury|Uddin|Akter|Hasan",
    ),
    "ja": _pool(
        "Hiroshi|Takashi|Yuki|Kenji|Akiko|Naoko|Daisuke|Satoshi|Yoko|Kazuya",
        "Sato|Suzuki|Takahashi|Tanaka|Watanabe|Ito|Yamamoto|Nakamura|Kobayashi|Kato",
    ),
    "ko": _pool(
        "Min-jun|Ji-hoon|Seo-yeon|Hyun-woo|Ji-young|Sung-ho|Eun-ji|Dong-hyun",
        "Kim|Lee|Park|Choi|Jung|Kang|Cho|Yoon",
    ),
    "sg": _pool(
        "Wei Ming|Jason|Michelle|Kelvin|Siew Ling|Alvin|Hui Min|Darren",
        "Tan|Lim|Lee|Ng|Wong|Goh|Chua|Teo",
    ),
    "hk": _pool(
        "Kelvin|Winnie|Raymond|Ivy|Patrick|Carmen|Alan|Joyce",
        "Chan|Wong|Leung|Cheung|Lau|Ho|Yip|Tsang",
    ),
    "th": _pool(
        "Somchai|Somsak|Niran|Kanya|Supaporn|Anan|Pimchanok|Wichai",
        "Saetang|Srisuk|Chaiyaporn|Wongsa|Rattanakorn|Boonmee|Thongchai|Suwannarat",
    ),
    "vi": _pool(
        "Minh|Hùng|Lan|Hương|Tuấn|Thảo|Dũng|Linh",
        "Nguyễn|Trần|Lê|Phạm|Hoàng|Vũ|Đặng|Bùi",
        family_first=True,
    ),
    "id": _pool(
        "Budi|Agus|Dewi|Siti|Andi|Rina|Hendra|Wulan",
        "Santoso|Wijaya|Halim|Kusuma|Setiawan|Hartono|Saputra|Gunawan",
    ),
    "ph": _pool(
        "Jose|Maria|Mark|Angelica|John Paul|Kristine|Rommel|Jennifer",
        "Santos|Reyes|Cruz|Bautista|Garcia|Mendoza|Villanueva|Ramos",
    ),
    "ru": _pool(
        "Aleksandr|Dmitry|Sergey|Andrey|Igor|Maxim|Pavel|Nikolai",
        "Ivanov|Smirnov|Kuznetsov|Popov|Sokolov|Volkov|Morozov|Lebedev",
    ),
    "kz": _pool(
        "Nurlan|Yerlan|Askar|Daniyar|Aidar|Ruslan|Timur|Bauyrzhan",
        "Akhmetov|Omarov|Suleimenov|Bekov|Iskakov|Zhumabayev|Kassymov|Nurpeisov",
    ),
}

JOB_TITLES = _split(
    "Purchasing Manager|Buyer|Senior Buyer|Sourcing Manager|Import Manager|Category Manager|"
    "Managing Director|Owner|Procurement Specialist|Product Manager|QA Manager|Logistics Coordinator"
)

# --- Markets --------------------------------------------------------------------------

TRADES = {
    "en": _split(
        "Trading|Home Products|Housewares|Imports|Distribution|Hardware Supply|Textiles|Appliances|"
        "Home & Garden|Retail Group|Supplies|Homeware|Wholesale|Merchandise"
    ),
    "de": _split(
        "Haushaltswaren|Handelsgesellschaft|Elektrogeräte|Heimtextilien|Werkzeughandel|Import|Küchenbedarf|Eisenwaren"
    ),
    "fr": _split(
        "Distribution|Import|Équipement Maison|Textiles|Quincaillerie|Électroménager|Habitat|Négoce"
    ),
    "it": _split(
        "Casalinghi|Distribuzione|Import Export|Ferramenta|Tessile|Elettrodomestici|Commerciale"
    ),
    "es": _split(
        "Distribuciones|Importaciones|Comercial|Ferretería|Textil|Hogar|Suministros|Electrodomésticos"
    ),
    "pt": _split(
        "Importadora|Comercial|Distribuidora|Utilidades|Têxteis|Ferragens|Eletrodomésticos"
    ),
    "nl": _split("Import|Handel|Huishoudartikelen|Groothandel|Trading|Textiel|IJzerwaren"),
    "pl": _split("Import|Hurtownia|Handel|AGD|Dom|Narzędzia|Tekstylia"),
    "nordic": _split("Import|Trading|Handel|Engros|Hushåll|Interiør|Verktyg"),
    "cs": _split("Import|Obchod|Velkoobchod|Domácí potřeby|Trading"),
    "tr": _split("Dış Ticaret|İthalat|Ev Gereçleri|Tekstil|Hırdavat|Elektrik"),
    "gulf": _split(
        "General Trading|Trading|Home Appliances Trading|Building Materials Trading|Textiles Trading|"
        "Household Trading|Electronics Trading"
    ),
    "south_asia": _split(
        "Enterprises|Traders|Impex|Overseas|Home Appliances|Hardware|Textiles|Exports & Imports"
    ),
    "ja": _split("Shoji|Trading|Bussan|Home Products|Kogyo|Living"),
    "ko": _split("Trading|Tongsang|Industrial|Living|Global"),
    "id": _split("Makmur|Perkasa|Abadi|Sejahtera|Mandiri|Utama"),
    "ru": _split("Torg|Trade|Import|Snab|Dom|Opt"),
    "vi": _split("Trading|Import Export|Home Appliances|Investment and Trading|Commercial"),
}


@dataclass(frozen=True)
class Market:
    """One customer country: its team, share of customers, and local colour."""

    country: str  # ISO 3166 alpha-2
    team: str  # key of TEAMS
    weight: int  # relative share of customers
    currencies: tuple[tuple[str, int], ...]  # invoicing currency, weighted
    ports: tuple[str, ...]  # CIF/CFR destinations
    cities: tuple[str, ...]
    tld: str
    legal: tuple[str, ...]  # legal forms, after the name
    stems: tuple[str, ...]  # the distinctive part of company names
    trades: str  # key of TRADES
    people: str  # key of PEOPLE
    whatsapp: bool = False  # buyers here live on WhatsApp
    wechat: bool = False  # ... or on WeChat
    prefix: str = ""  # legal form written before the name (PT, OOO, TOO)


def _m(
    country: str,
    team: str,
    weight: str,
    currencies: str,
    ports: str,
    cities: str,
    tld: str,
    legal: str,
    stems: str,
    trades: str,
    people: str,
    chat: str = "",
    prefix: str = "",
) -> Market:
    """One row of ``markets.tsv`` as a market."""
    pairs = tuple(
        (code, int(share)) for code, share in (item.split(":") for item in currencies.split())
    )
    apps = chat.split()
    return Market(
        country,
        team,
        int(weight),
        pairs,
        _split(ports),
        _split(cities),
        tld,
        _split(legal),
        _split(stems),
        trades,
        people,
        whatsapp="whatsapp" in apps,
        wechat="wechat" in apps,
        prefix=prefix,
    )


MARKETS: tuple[Market, ...] = tuple(_m(*row) for row in _table("markets.tsv"))

# Approximate rates to turn a USD list price into an invoicing currency.  Demo data only:
# real orders are priced by people, not by a fixed table.
USD_RATES = {
    "USD": Decimal("1"), "EUR": Decimal("0.92"), "GBP": Decimal("0.79"), "AUD": Decimal("1.52"),
    "NZD": Decimal("1.66"), "CAD": Decimal("1.37"), "CHF": Decimal("0.88"), "SEK": Decimal("10.5"),
    "DKK": Decimal("6.85"), "PLN": Decimal("4.0"), "AED": Decimal("3.6725"), "SAR": Decimal("3.75"),
    "JPY": Decimal("150"), "CNY": Decimal("7.2"), "HKD": Decimal("7.8"), "SGD": Decimal("1.34"),
}  # fmt: skip

# Where goods leave China, weighted by how often: (port, weight)
CHINA_PORTS = (
    ("Ningbo", 40),
    ("Shanghai", 25),
    ("Shenzhen (Yantian)", 18),
    ("Guangzhou (Nansha)", 9),
    ("Xiamen", 8),
)
# Factory towns for EXW, by product group.
FACTORY_TOWNS = {
    "appliances": _split("Cixi|Foshan (Shunde)|Zhongshan|Ningbo"),
    "hardware": _split("Yongkang|Wenzhou|Jiangmen|Ningbo"),
    "textiles": _split("Nantong|Shaoxing (Keqiao)|Gaoyang|Huzhou"),
}

TAGS = _split(
    "VIP|Canton Fair|Amazon seller|Supermarket chain|Importer|Wholesaler|Distributor|Retail chain|"
    "Private label|BSCI audit required|Price sensitive|Samples sent|Needs CE/UKCA|Slow payer"
)

CUSTOMER_NOTES = _split(
    "Met at the Canton Fair, phase 1.|Asks for the BSCI audit report with every quotation.|"
    "Prefers sea freight LCL for trial orders.|Wants their own logo on the gift box.|"
    "Pays the balance against the B/L copy, usually within a week.|"
    "Needs the goods in the warehouse before Ramadan.|Peak season order every August.|"
    "Sensitive about carton marks; send the artwork for approval."
)
ORDER_NOTES = _split(
    "Customer's logo on the gift box.|Mixed container with another PI.|Shipping marks as per attached artwork.|"
    "Third-party inspection by SGS before shipment.|Samples approved on WhatsApp.|"
    "Barcode stickers on each unit.|Use the new carton design from this order on."
)

# --- Products -------------------------------------------------------------------------

CATEGORIES = {
    "kitchen": ("Kitchen appliances", "厨房电器", "appliances"),
    "home": ("Home appliances", "生活电器", "appliances"),
    "tools": ("Hand and power tools", "手动及电动工具", "hardware"),
    "fittings": ("Building and furniture hardware", "建筑及家具五金", "hardware"),
    "textiles": ("Home textiles", "家用纺织品", "textiles"),
}
GROUPS = ("appliances", "hardware", "textiles")


@dataclass(frozen=True)
class ProductSpec:
    category: str  # key of CATEGORIES
    sku: str
    name: str
    name_zh: str
    hs_code: str
    unit: str
    units_per_carton: int
    carton_cm: tuple[str, str, str]
    net_kg: str
    gross_kg: str
    usd_low: str  # FOB price range per unit in USD
    usd_high: str
    # (SKU suffix, English suffix, Chinese suffix, price factor)
    variants: tuple[tuple[str, str, str, str], ...] = ()


def _p(
    category: str,
    sku: str,
    name: str,
    name_zh: str,
    hs: str,
    unit: str,
    per_carton: str,
    carton: str,
    net: str,
    gross: str,
    low: str,
    high: str,
    variants: str = "",
) -> ProductSpec:
    """One row of ``products.tsv`` as a product."""
    length, width, height = carton.split("x")
    return ProductSpec(
        category,
        sku,
        name,
        name_zh,
        hs,
        unit,
        int(per_carton),
        (length, width, height),
        net,
        gross,
        low,
        high,
        tuple(_variant(v) for v in variants.split(";") if v),
    )


def _variant(text: str) -> tuple[str, str, str, str]:
    sku_suffix, name_suffix, name_zh_suffix, factor = text.split("|")
    return sku_suffix, name_suffix, name_zh_suffix, factor


PRODUCTS: tuple[ProductSpec, ...] = tuple(_p(*row) for row in _table("products.tsv"))
