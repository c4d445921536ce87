"""The facts demo data is made of: markets, company and person names, ports, products.

Kept apart from the generator (the other modules of this package, which draw from
these tables) so the generator reads as logic and this file reads as a trade directory.  Lists are written as
``"a|b|c"`` strings to keep fifty countries on one screen each.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


def _split(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split("|") if item.strip())


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
    country: str, team: str, weight: int, currencies: str, ports: str, cities: str, tld: str,
    legal: str, stems: str, trades: str, people: str, **extra,
) -> Market:  # fmt: skip
    pairs = tuple(
        (code, int(share)) for code, share in (item.split(":") for item in currencies.split())
    )
    return Market(
        country, team, weight, pairs, _split(ports), _split(cities), tld, _split(legal), _split(stems),
        trades, people, **extra,
    )  # fmt: skip


MARKETS: tuple[Market, ...] = (
    # Europe, the Americas and Oceania
    _m("US", "eu", 12, "USD:1", "Los Angeles|Long Beach|New York|Savannah|Houston|Seattle|Miami|Oakland",
       "New York|Los Angeles|Chicago|Houston|Dallas|Atlanta|Miami|Seattle|Newark", "com", "Inc.|LLC|Corp.",
       "Liberty|Summit|Evergreen|Pioneer|Lakeside|Heartland|Bayview|Keystone|Redwood|Blue Ridge|Harbor|Carter|Mitchell|Sullivan|Brooks",
       "en", "en"),
    _m("GB", "eu", 6, "GBP:6 USD:4", "Felixstowe|Southampton|London Gateway|Liverpool",
       "London|Manchester|Birmingham|Leeds|Glasgow|Bristol", "co.uk", "Ltd|Limited",
       "Thames|Windsor|Pennine|Highgate|Cotswold|Albion|Kingsway|Wessex|Mersey|Harrington|Ashford|Belmont",
       "en", "en"),
    _m("DE", "eu", 7, "EUR:7 USD:3", "Hamburg|Bremerhaven", "Hamburg|Berlin|München|Köln|Frankfurt am Main|Düsseldorf|Stuttgart",
       "de", "GmbH|GmbH & Co. KG|AG",
       "Nordstern|Rheinland|Alpen|Elbe|Hansa|Schwarzwald|Westfalia|Lindenhof|Brandt|Hoffmann|Krüger|Seidel",
       "de", "de"),
    _m("FR", "eu", 5, "EUR:7 USD:3", "Le Havre|Marseille|Fos-sur-Mer", "Paris|Lyon|Marseille|Lille|Bordeaux|Toulouse",
       "fr", "SARL|SAS|SA",
       "Lumière|Provence|Atlantique|Bretagne|Alsace|Rhône|Dupont|Lefèvre|Garnier|Bellevue|Horizon|Azur",
       "fr", "fr"),
    _m("IT", "eu", 4, "EUR:7 USD:3", "Genoa|La Spezia|Naples|Trieste", "Milano|Roma|Napoli|Torino|Bologna|Padova",
       "it", "S.r.l.|S.p.A.", "Adriatica|Lombarda|Tirreno|Dolomiti|Bellini|Moretti|Vesuvio|Toscana|Galli|Serena|Alpina",
       "it", "it", whatsapp=True),
    _m("ES", "eu", 4, "EUR:7 USD:3", "Valencia|Barcelona|Algeciras|Bilbao", "Madrid|Barcelona|Valencia|Sevilla|Zaragoza|Málaga",
       "es", "S.L.|S.A.", "Ibérica|Mediterránea|Levante|Cantábrica|Sol|Andaluza|Castilla|Navarro|Vidal|Montserrat|Galicia",
       "es", "es", whatsapp=True),
    _m("NL", "eu", 3, "EUR:6 USD:4", "Rotterdam", "Amsterdam|Rotterdam|Utrecht|Eindhoven|Tilburg", "nl", "B.V.",
       "Oranje|Delta|Zuiderzee|Van Dijk|De Molen|Noordzee|Holland|Tulp|Polder|Vermeer", "nl", "nl"),
    _m("BE", "eu", 2, "EUR:7 USD:3", "Antwerp|Zeebrugge", "Antwerpen|Brussel|Gent|Liège|Charleroi", "be", "BV|NV|SRL",
       "Brabant|Vlaanderen|Ardennes|Schelde|Meuse|Van Acker|Peeters|Mercator", "nl", "nl"),
    _m("PL", "eu", 3, "EUR:5 USD:4 PLN:1", "Gdańsk|Gdynia", "Warszawa|Kraków|Łódź|Wrocław|Poznań|Gdańsk", "pl", "Sp. z o.o.",
       "Wisła|Mazowsze|Bałtyk|Tatry|Orzeł|Sudety|Warta|Pomorze|Karpaty", "pl", "pl"),
    _m("SE", "eu", 2, "EUR:4 USD:4 SEK:2", "Gothenburg", "Stockholm|Göteborg|Malmö|Uppsala|Jönköping", "se", "AB",
       "Nordic|Vasa|Göta|Skandia|Fjäll|Lindqvist|Ekström|Solberg|Björk", "nordic", "sv"),
    _m("DK", "eu", 1, "EUR:5 USD:4 DKK:1", "Aarhus|Copenhagen", "København|Aarhus|Odense|Aalborg", "dk", "ApS|A/S",
       "Dansk|Nordlys|Øresund|Jylland|Kongens|Havn|Lund|Holm", "nordic", "da"),
    _m("FI", "eu", 1, "EUR:8 USD:2", "Helsinki|Kotka", "Helsinki|Espoo|Tampere|Turku|Oulu", "fi", "Oy",
       "Suomen|Pohjola|Saimaa|Lappi|Aurora|Kaleva|Karjala", "nordic", "fi"),
    _m("CZ", "eu", 1, "EUR:6 USD:4", "Hamburg|Koper", "Praha|Brno|Ostrava|Plzeň", "cz", "s.r.o.|a.s.",
       "Morava|Vltava|Bohemia|Krkonoše|Šumava|Labe|Hradec", "cs", "cs"),
    _m("PT", "eu", 1, "EUR:8 USD:2", "Leixões|Lisbon|Sines", "Lisboa|Porto|Braga|Coimbra|Aveiro", "pt", "Lda.|S.A.",
       "Lusitana|Atlântico|Tejo|Douro|Minho|Algarve|Ribeira", "pt", "pt", whatsapp=True),
    _m("GR", "eu", 1, "EUR:7 USD:3", "Piraeus|Thessaloniki", "Athens|Thessaloniki|Patras|Heraklion", "gr", "S.A.|Ltd",
       "Aegean|Olympus|Hellas|Attica|Ionian|Delphi|Poseidon", "en", "el", whatsapp=True),
    _m("IE", "eu", 1, "EUR:7 USD:3", "Dublin|Cork", "Dublin|Cork|Galway|Limerick", "ie", "Ltd|Limited",
       "Shamrock|Liffey|Emerald|Celtic|Shannon|Connacht|Donegal", "en", "en"),
    _m("AT", "eu", 1, "EUR:8 USD:2", "Hamburg|Koper", "Wien|Graz|Linz|Salzburg|Innsbruck", "at", "GmbH|KG",
       "Donau|Tirol|Alpenland|Wiener|Steiermark|Salzach|Kärntner", "de", "de"),
    _m("CH", "eu", 1, "CHF:3 EUR:3 USD:4", "Genoa|Rotterdam", "Zürich|Basel|Bern|Genève|Luzern", "ch", "AG|GmbH|SA",
       "Helvetia|Alpina|Zürcher|Berner|Edelweiss|Matterhorn|Lémania|Rigi", "de", "de"),
    _m("CA", "eu", 4, "USD:7 CAD:3", "Vancouver|Montreal|Prince Rupert|Halifax", "Toronto|Vancouver|Montréal|Calgary|Mississauga",
       "ca", "Inc.|Ltd.|Corp.", "Maple|Northern|Great Lakes|Laurentian|Prairie|Rocky Mountain|Hudson|Fraser|Algonquin",
       "en", "en"),
    _m("MX", "eu", 3, "USD:1", "Manzanillo|Lázaro Cárdenas|Veracruz", "Ciudad de México|Guadalajara|Monterrey|Puebla|Querétaro",
       "com.mx", "S.A. de C.V.", "Azteca|Bajío|Sierra Madre|Pacífico|Jalisco|Golfo|Maya|Hidalgo|Anáhuac",
       "es", "es", whatsapp=True),
    _m("BR", "eu", 3, "USD:1", "Santos|Itajaí|Paranaguá|Rio de Janeiro", "São Paulo|Rio de Janeiro|Curitiba|Belo Horizonte|Porto Alegre",
       "com.br", "Ltda.|S.A.", "Paulista|Carioca|Amazonas|Atlântica|Mineira|Tropical|Guanabara|Bandeirantes|Cerrado",
       "pt", "pt", whatsapp=True),
    _m("CL", "eu", 2, "USD:1", "San Antonio|Valparaíso|Iquique", "Santiago|Valparaíso|Concepción|Antofagasta", "cl",
       "SpA|Ltda.|S.A.", "Andina|Austral|Los Andes|Araucanía|Atacama|Maipo|Pacífico Sur", "es", "es", whatsapp=True),
    _m("CO", "eu", 1, "USD:1", "Buenaventura|Cartagena|Barranquilla", "Bogotá|Medellín|Cali|Barranquilla", "com.co", "S.A.S.",
       "Caribe|Antioquia|Cafetera|del Valle|Bolívar|Magdalena|Santander", "es", "es", whatsapp=True),
    _m("PE", "eu", 1, "USD:1", "Callao", "Lima|Arequipa|Trujillo|Chiclayo", "com.pe", "S.A.C.|E.I.R.L.",
       "Inca|Pacífico|Cusco|Arequipa|Chavín|Titicaca|Rímac", "es", "es", whatsapp=True),
    _m("AR", "eu", 1, "USD:1", "Buenos Aires", "Buenos Aires|Córdoba|Rosario|Mendoza", "com.ar", "S.A.|S.R.L.",
       "Pampa|del Plata|Patagonia|Rioplatense|Cuyo|Austral|Tango", "es", "es", whatsapp=True),
    _m("AU", "eu", 4, "AUD:5 USD:5", "Sydney|Melbourne|Brisbane|Fremantle|Adelaide", "Sydney|Melbourne|Brisbane|Perth|Adelaide",
       "com.au", "Pty Ltd", "Southern Cross|Coral Coast|Outback|Harbourside|Eureka|Murray|Kookaburra|Wattle|Tasman",
       "en", "en"),
    _m("NZ", "eu", 1, "USD:6 NZD:4", "Auckland|Tauranga|Lyttelton", "Auckland|Wellington|Christchurch|Hamilton", "co.nz",
       "Limited|Ltd", "Kiwi|Aotearoa|Southern Alps|Kauri|Waikato|Canterbury|Pohutukawa", "en", "en"),
    # Middle East, Asia and Africa
    _m("AE", "me", 5, "USD:6 AED:4", "Jebel Ali|Sharjah|Khalifa Port", "Dubai|Sharjah|Abu Dhabi|Ajman", "ae", "LLC|FZE|FZCO",
       "Al Noor|Gulf Star|Emirates Crown|Al Reem|Desert Rose|Al Waha|Creek Side|Al Barsha|Falcon|Jumeirah",
       "gulf", "ar", whatsapp=True),
    _m("SA", "me", 4, "USD:7 SAR:3", "Jeddah|Dammam|King Abdullah Port", "Riyadh|Jeddah|Dammam|Mecca|Khobar", "com.sa",
       "Co. Ltd.|Est.", "Al Jazeera|Al Rashid|Najd|Al Safwa|Al Faisaliah|Red Sea|Al Khaleej|Al Madar", "gulf", "ar",
       whatsapp=True),
    _m("QA", "me", 1, "USD:1", "Hamad Port", "Doha|Al Wakrah|Al Rayyan", "qa", "W.L.L.",
       "Al Doha|Pearl|Al Dafna|Qatar Star|Al Sadd|Lusail", "gulf", "ar", whatsapp=True),
    _m("KW", "me", 1, "USD:1", "Shuwaikh|Shuaiba", "Kuwait City|Hawalli|Al Ahmadi", "com.kw", "W.L.L.|Co.",
       "Al Kout|Al Salmiya|Kuwait Star|Al Ahmadi|Al Jahra|Failaka", "gulf", "ar", whatsapp=True),
    _m("OM", "me", 1, "USD:1", "Sohar|Salalah|Muscat", "Muscat|Sohar|Salalah|Nizwa", "om", "LLC|SAOC",
       "Al Batinah|Muscat Star|Dhofar|Al Sharqiya|Sohar|Nizwa", "gulf", "ar", whatsapp=True),
    _m("IL", "me", 1, "USD:1", "Haifa|Ashdod", "Tel Aviv|Haifa|Jerusalem|Petah Tikva", "co.il", "Ltd.",
       "Galil|Negev|Carmel|Sharon|Kinneret|Golan|Arava", "en", "he", whatsapp=True),
    _m("TR", "me", 2, "USD:7 EUR:3", "Mersin|Ambarlı|İzmir|Gemlik", "İstanbul|Ankara|İzmir|Bursa|Gaziantep", "com.tr",
       "Ltd. Şti.|A.Ş.", "Anadolu|Boğaziçi|Ege|Karadeniz|Marmara|Toros|Kapadokya|Akdeniz|Yıldız|Güneş", "tr", "tr",
       whatsapp=True),
    _m("EG", "me", 2, "USD:1", "Alexandria|Port Said|Sokhna", "Cairo|Alexandria|Giza|Port Said", "com.eg", "S.A.E.|Co.",
       "Nile|Delta|Pharaoh|Alexandria|Cairo Star|Sinai|Al Ahram|Giza", "en", "eg", whatsapp=True),
    _m("NG", "me", 2, "USD:1", "Lagos (Apapa)|Tin Can Island|Onne", "Lagos|Abuja|Kano|Port Harcourt|Ibadan", "com.ng",
       "Ltd|Nigeria Limited", "Lagos Star|Niger Delta|Eko|Ikeja|Benue|Oyo|Onitsha", "en", "ng", whatsapp=True),
    _m("KE", "me", 1, "USD:1", "Mombasa", "Nairobi|Mombasa|Kisumu|Nakuru", "co.ke", "Ltd|Limited",
       "Mombasa|Rift Valley|Savannah|Kenya Star|Tsavo|Lake Victoria|Simba", "en", "ke", whatsapp=True),
    _m("ZA", "me", 2, "USD:1", "Durban|Cape Town", "Johannesburg|Cape Town|Durban|Pretoria|Gqeberha", "co.za", "(Pty) Ltd",
       "Table Mountain|Highveld|Springbok|Protea|Drakensberg|Karoo|Ubuntu", "en", "za", whatsapp=True),
    _m("MA", "me", 1, "USD:6 EUR:4", "Casablanca|Tanger Med", "Casablanca|Rabat|Marrakech|Tanger|Fès", "ma", "SARL|S.A.",
       "Atlas|Maghreb|Sahara|Rif|Souss|Marrakech|Tanger", "fr", "ma", whatsapp=True),
    _m("GH", "me", 1, "USD:1", "Tema|Takoradi", "Accra|Kumasi|Tema|Takoradi", "com.gh", "Ltd|Limited",
       "Gold Coast|Volta|Ashanti|Kumasi|Black Star|Akwaaba", "en", "gh", whatsapp=True),
    _m("IN", "me", 3, "USD:1", "Nhava Sheva|Mundra|Chennai|Kolkata", "Mumbai|Delhi|Bengaluru|Chennai|Ahmedabad|Kolkata",
       "co.in", "Pvt. Ltd.|LLP", "Shree Ganesh|Sai|Laxmi|Bharat|Shakti|Krishna|Vardhman|Mahalaxmi|Surya|Om Sai",
       "south_asia", "in", whatsapp=True),
    _m("PK", "me", 1, "USD:1", "Karachi|Port Qasim", "Karachi|Lahore|Faisalabad|Islamabad", "com.pk", "(Pvt.) Ltd.",
       "Indus|Lahore|Punjab|Mehran|Crescent|Sialkot|Ravi", "south_asia", "pk", whatsapp=True),
    _m("BD", "me", 1, "USD:1", "Chittagong", "Dhaka|Chittagong|Khulna|Gazipur", "com.bd", "Ltd.",
       "Padma|Jamuna|Meghna|Bengal|Sonar Bangla|Rupali|Karnaphuli", "south_asia", "bd", whatsapp=True),
    _m("JP", "me", 3, "JPY:6 USD:4", "Tokyo|Yokohama|Osaka|Kobe|Nagoya", "Tokyo|Osaka|Nagoya|Yokohama|Fukuoka", "co.jp",
       "Co., Ltd.|K.K.", "Sakura|Fuji|Yamato|Kansai|Hokuto|Shinsei|Tokai|Musashi|Chikuma", "ja", "ja"),
    _m("KR", "me", 2, "USD:1", "Busan|Incheon", "Seoul|Busan|Incheon|Daegu", "co.kr", "Co., Ltd.",
       "Hanil|Daehan|Samil|Hanbit|Haneul|Mirae|Hanyang|Gyeongin", "ko", "ko"),
    _m("SG", "me", 2, "USD:8 SGD:2", "Singapore", "Singapore", "com.sg", "Pte. Ltd.",
       "Lion City|Merlion|Straits|Orchard|Raffles|Jurong|Kallang|Tanjong", "en", "sg", whatsapp=True, wechat=True),
    _m("MY", "me", 2, "USD:1", "Port Klang|Penang|Pasir Gudang", "Kuala Lumpur|Penang|Johor Bahru|Shah Alam|Ipoh", "com.my",
       "Sdn. Bhd.", "Harimau|Petaling|Klang|Penang|Johor|Melaka|Borneo|Kinabalu", "en", "sg", whatsapp=True, wechat=True),
    _m("TH", "me", 2, "USD:1", "Laem Chabang|Bangkok", "Bangkok|Chiang Mai|Chonburi|Nonthaburi", "co.th", "Co., Ltd.",
       "Siam|Chao Phraya|Lanna|Andaman|Isan|Rattana|Ayutthaya", "en", "th", whatsapp=True),
    _m("VN", "me", 2, "USD:1", "Cat Lai|Haiphong|Da Nang", "Ho Chi Minh City|Hà Nội|Hải Phòng|Đà Nẵng", "com.vn",
       "Co., Ltd|JSC", "Sai Gon|Ha Noi|Mekong|Hong Ha|Phuong Nam|Dong A|Thanh Cong", "vi", "vi", whatsapp=True),
    _m("ID", "me", 2, "USD:1", "Tanjung Priok|Surabaya", "Jakarta|Surabaya|Bandung|Medan|Semarang", "co.id", "",
       "Sinar Jaya|Maju Bersama|Cahaya|Sentosa|Mitra Sejati|Karya|Nusantara|Surya Mas", "id", "id",
       whatsapp=True, prefix="PT"),
    _m("PH", "me", 2, "USD:1", "Manila|Cebu", "Manila|Quezon City|Cebu|Davao|Makati", "com.ph", "Inc.|Corporation",
       "Manila Bay|Luzon|Visayas|Mindanao|Pasig|Cebu|Pacific Star|Maharlika", "en", "ph", whatsapp=True),
    _m("RU", "me", 3, "CNY:6 USD:4", "Vladivostok|Saint Petersburg|Novorossiysk", "Moscow|Saint Petersburg|Yekaterinburg|Novosibirsk|Kazan",
       "ru", "", "Volga|Ural|Sibir|Neva|Baikal|Altai|Severny|Kama", "ru", "ru", whatsapp=True, wechat=True, prefix="OOO"),
    _m("KZ", "me", 1, "USD:5 CNY:5", "Almaty|Khorgos", "Almaty|Astana|Shymkent|Karaganda", "kz", "",
       "Steppe|Altyn|Saryarka|Zhetysu|Tengri|Irtysh|Kazakh", "ru", "kz", whatsapp=True, wechat=True, prefix="TOO"),
    _m("HK", "me", 2, "USD:6 HKD:2 CNY:2", "Hong Kong", "Hong Kong|Kowloon|Kwun Tong|Tsuen Wan", "com.hk",
       "Co., Limited|Ltd", "Victoria Harbour|Kowloon|Pearl River|Golden Dragon|Lucky Star|Wing Hing|Tai Fung",
       "en", "hk", whatsapp=True, wechat=True),
)  # fmt: skip

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
    category: str, sku: str, name: str, name_zh: str, hs: str, unit: str, per_carton: int, carton: str,
    net: str, gross: str, low: str, high: str, variants: tuple[str, ...] | list[str] = (),
) -> ProductSpec:  # fmt: skip
    length, width, height = carton.split("x")
    return ProductSpec(
        category, sku, name, name_zh, hs, unit, per_carton, (length, width, height), net, gross, low, high,
        tuple(_variant(v) for v in variants),
    )  # fmt: skip


def _variant(text: str) -> tuple[str, str, str, str]:
    sku_suffix, name_suffix, name_zh_suffix, factor = text.split("|")
    return sku_suffix, name_suffix, name_zh_suffix, factor


PRODUCTS: tuple[ProductSpec, ...] = (
    _p("kitchen", "KA-KT17", "Electric kettle 1.7 L", "1.7升电热水壶", "8516.79", "pcs", 6, "45x32x28", "7.2", "8.1", "6.50", "8.50",
       ["-SS|, stainless steel|(不锈钢)|1", "-GL|, glass with blue LED|(玻璃蓝光)|1.15", "-BK|, matt black|(哑光黑)|1.08"]),
    _p("kitchen", "KA-TS02", "2-slice toaster, 800 W", "两片式多士炉 800瓦", "8516.72", "pcs", 8, "52x36x42", "9.6", "10.8", "5.20", "7.00",
       ["-WH|, white|(白色)|1", "-SS|, brushed steel|(拉丝不锈钢)|1.2"]),
    _p("kitchen", "KA-AF55", "Digital air fryer 5.5 L, 1700 W", "5.5升数显空气炸锅 1700瓦", "8516.60", "pcs", 2, "60x35x40", "10.4", "11.8", "22.00", "28.00"),
    _p("kitchen", "KA-AF35", "Air fryer 3.5 L, mechanical timer, 1400 W", "3.5升机械式空气炸锅 1400瓦", "8516.60", "pcs", 4, "64x36x38", "12.0", "13.6", "15.00", "19.00"),
    _p("kitchen", "KA-AF80", "Dual-basket air fryer 8 L, 2400 W", "8升双篮空气炸锅 2400瓦", "8516.60", "pcs", 1, "46x40x38", "8.2", "9.3", "36.00", "44.00"),
    _p("kitchen", "KA-BL15", "Blender 1.5 L, 600 W", "搅拌机 1.5升 600瓦", "8509.40", "pcs", 4, "48x42x44", "9.0", "10.4", "11.00", "14.00"),
    _p("kitchen", "KA-HM05", "Hand mixer, 5 speeds, 300 W", "五档手持打蛋器 300瓦", "8509.40", "pcs", 12, "50x40x36", "11.5", "12.8", "4.50", "6.00"),
    _p("kitchen", "KA-RC18", "Rice cooker 1.8 L with steamer", "1.8升电饭煲(带蒸笼)", "8516.60", "pcs", 4, "62x32x30", "9.2", "10.5", "9.00", "12.00"),
    _p("kitchen", "KA-CM12", "Drip coffee maker, 12 cups", "12杯滴漏式咖啡机", "8516.71", "pcs", 4, "56x36x40", "8.8", "10.0", "10.00", "13.00"),
    _p("kitchen", "KA-SM02", "Sandwich maker, non-stick plates", "三明治机(不粘涂层)", "8516.60", "pcs", 6, "48x30x36", "7.8", "8.9", "5.80", "7.50"),
    _p("kitchen", "KA-MW20", "Microwave oven 20 L, 700 W", "20升微波炉 700瓦", "8516.50", "pcs", 1, "50x40x32", "10.5", "12.0", "38.00", "45.00"),
    _p("home", "HA-PF16", "Pedestal fan 16 in, 45 W", "16寸落地扇 45瓦", "8414.51", "pcs", 2, "68x45x30", "8.0", "9.4", "12.00", "15.00",
       ["-WH|, white|(白色)|1", "-BK|, black|(黑色)|1.03"]),
    _p("home", "HA-TF12", "Table fan 12 in, 35 W", "12寸台扇 35瓦", "8414.51", "pcs", 4, "62x36x36", "7.6", "8.8", "7.50", "9.50"),
    _p("home", "HA-WF16", "Wall fan 16 in with remote control", "16寸遥控壁扇", "8414.51", "pcs", 2, "66x42x22", "7.0", "8.2", "13.00", "16.50"),
    _p("home", "HA-OR20", "Oil-filled radiator 2000 W, 9 fins", "9片充油电暖器 2000瓦", "8516.29", "pcs", 1, "65x18x40", "9.5", "10.6", "22.00", "28.00"),
    _p("home", "HA-FH20", "Fan heater 2000 W", "暖风机 2000瓦", "8516.29", "pcs", 6, "52x40x38", "7.2", "8.3", "6.00", "8.00"),
    _p("home", "HA-SI22", "Steam iron 2200 W, ceramic soleplate", "2200瓦陶瓷底板蒸汽熨斗", "8516.40", "pcs", 12, "60x38x36", "13.2", "14.6", "5.50", "7.50"),
    _p("home", "HA-HD20", "Ionic hair dryer 2000 W", "2000瓦负离子吹风机", "8516.31", "pcs", 20, "58x42x40", "12.0", "13.4", "5.00", "8.00",
       ["-BK|, black|(黑色)|1", "-RG|, rose gold|(玫瑰金)|1.1"]),
    _p("home", "HA-VC08", "Bagless vacuum cleaner 800 W", "无尘袋吸尘器 800瓦", "8508.11", "pcs", 2, "62x40x36", "10.8", "12.2", "25.00", "32.00"),
    _p("home", "HA-GS15", "Handheld garment steamer 1500 W", "手持挂烫机 1500瓦", "8516.79", "pcs", 12, "54x40x38", "10.0", "11.3", "7.00", "9.00"),
    _p("tools", "HT-CH16", "Claw hammer 16 oz, fibreglass handle", "16盎司玻璃纤维柄羊角锤", "8205.20", "pcs", 24, "40x30x24", "16.8", "17.6", "1.80", "2.40"),
    _p("tools", "HT-PL08", "Combination pliers 8 in, CrV", "8寸铬钒钢钢丝钳", "8203.20", "pcs", 60, "42x30x20", "19.8", "20.6", "1.10", "1.50"),
    _p("tools", "HT-AW10", "Adjustable wrench 10 in", "10寸活动扳手", "8204.12", "pcs", 50, "40x28x18", "18.5", "19.3", "1.20", "1.80"),
    _p("tools", "HT-SD06", "Screwdriver set, 6 pieces", "6件套螺丝刀", "8205.40", "sets", 40, "45x35x25", "14.0", "15.0", "1.60", "2.20"),
    _p("tools", "HT-TM05", "Tape measure 5 m x 19 mm", "5米×19毫米卷尺", "9017.80", "pcs", 120, "44x34x28", "17.0", "18.0", "0.45", "0.70"),
    _p("tools", "HT-TM08", "Tape measure 8 m x 25 mm", "8米×25毫米卷尺", "9017.80", "pcs", 72, "44x34x28", "16.5", "17.5", "0.80", "1.10"),
    _p("tools", "HT-TS108", "Tool set, 108 pieces, blow-moulded case", "108件套工具组套(吹塑盒)", "8206.00", "sets", 4, "50x40x32", "15.6", "17.0", "14.00", "18.00"),
    _p("tools", "HT-UK18", "Snap-off utility knife 18 mm", "18毫米美工刀", "8211.93", "pcs", 240, "46x32x26", "12.5", "13.4", "0.25", "0.40"),
    _p("tools", "HT-CD18", "Cordless drill 18 V Li-ion, 2 batteries", "18伏锂电钻(双电池)", "8467.21", "sets", 5, "48x38x30", "11.5", "12.8", "18.00", "24.00"),
    _p("fittings", "HW-BH4", "Stainless steel butt hinge 4 in", "4寸不锈钢合页", "8302.10", "pairs", 100, "36x24x18", "19.0", "19.8", "0.80", "1.10"),
    _p("fittings", "HW-CH35", "Soft-close concealed hinge 35 mm", "35毫米阻尼铰链", "8302.10", "pcs", 200, "40x30x22", "17.5", "18.3", "0.35", "0.50"),
    _p("fittings", "HW-DS", "Ball-bearing drawer slide", "三节钢珠滑轨", "8302.42", "pairs", 20, "48x22x16", "19.2", "20.0", "1.60", "2.20",
       ["450|, 450 mm|(450毫米)|1", "350|, 350 mm|(350毫米)|0.85", "550|, 550 mm|(550毫米)|1.2"]),
    _p("fittings", "HW-LH01", "Door lever handle on rose, satin nickel", "缎面镍圆底门把手", "8302.41", "sets", 20, "45x32x24", "12.0", "13.0", "3.00", "4.50"),
    _p("fittings", "HW-PL40", "Brass padlock 40 mm, 3 keys", "40毫米铜挂锁(3把钥匙)", "8301.10", "pcs", 96, "38x28x20", "21.0", "21.8", "1.00", "1.40"),
    _p("fittings", "HW-CP128", "Cabinet pull handle 128 mm", "128毫米柜门拉手", "8302.42", "pcs", 200, "40x30x20", "18.0", "18.8", "0.30", "0.50"),
    _p("fittings", "HW-WS440", "Chipboard screws 4 x 40 mm, zinc plated", "4×40毫米镀锌刨花板螺丝", "7318.12", "kg", 25, "30x20x15", "25.0", "25.6", "1.60", "2.00"),
    _p("fittings", "HW-SC50", "Swivel castor 50 mm with brake", "50毫米带刹车万向脚轮", "8302.20", "pcs", 200, "45x35x30", "16.0", "17.0", "0.40", "0.60"),
    _p("textiles", "TX-BT70", "Cotton bath towel 70 x 140 cm, 500 g/m²", "纯棉浴巾 70×140厘米 500克", "6302.60", "pcs", 50, "60x40x40", "24.5", "25.5", "3.20", "4.20",
       ["-WH|, white|(白色)|1", "-GR|, grey|(灰色)|1.02", "-NV|, navy|(藏青色)|1.02"]),
    _p("textiles", "TX-HT50", "Cotton hand towel 50 x 90 cm", "纯棉面巾 50×90厘米", "6302.60", "pcs", 100, "60x40x40", "22.5", "23.5", "1.30", "1.80"),
    _p("textiles", "TX-BS4", "Microfibre bed sheet set, 4 pieces", "超细纤维床单四件套", "6302.32", "sets", 20, "60x45x40", "19.0", "20.0", "6.00", "8.00",
       ["-Q|, queen|(1.5米床)|1", "-K|, king|(1.8米床)|1.15"]),
    _p("textiles", "TX-DC3", "Cotton percale duvet cover set, 3 pieces", "纯棉府绸被套三件套", "6302.31", "sets", 16, "60x45x40", "20.5", "21.5", "11.00", "14.00"),
    _p("textiles", "TX-CU24", "Blackout curtain 140 x 240 cm, 2 panels", "遮光窗帘 140×240厘米(两片)", "6303.92", "sets", 20, "60x40x35", "18.0", "19.0", "5.00", "7.00"),
    _p("textiles", "TX-FB15", "Coral fleece blanket 150 x 200 cm", "珊瑚绒毛毯 150×200厘米", "6301.40", "pcs", 20, "65x45x45", "17.0", "18.0", "3.80", "5.00"),
    _p("textiles", "TX-TT3", "Cotton tea towel set of 3", "纯棉茶巾三件套", "6302.91", "sets", 100, "55x40x35", "15.0", "16.0", "1.10", "1.50"),
    _p("textiles", "TX-AP01", "Cotton canvas apron with pocket", "帆布围裙(带口袋)", "6211.42", "pcs", 100, "60x40x30", "16.0", "17.0", "1.40", "2.00"),
    _p("textiles", "TX-TC15", "Polyester tablecloth 150 x 220 cm", "涤纶桌布 150×220厘米", "6302.53", "pcs", 50, "55x40x35", "14.0", "15.0", "1.90", "2.60"),
    _p("textiles", "TX-CC45", "Velvet cushion cover 45 x 45 cm", "丝绒抱枕套 45×45厘米", "6304.93", "pcs", 200, "60x40x40", "16.0", "17.0", "0.60", "0.90"),
)  # fmt: skip
