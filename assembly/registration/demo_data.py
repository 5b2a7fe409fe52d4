"""Names, titles and positions of the demo delegates (data, read by demo.py).

Each pool gives (Latin spelling, name in the person's own script) pairs; the own
script is empty for Latin-script names, whose diacritics stay in the Latin spelling.
`order` says how the native name is written: "family-given" without a space
(Chinese, Japanese, Korean) or "given family".
"""

POOLS = {
    "chinese": {
        "order": "family-given",
        "given": [
            ("Wei", "伟"), ("Fang", "芳"), ("Xiaoming", "小明"), ("Jing", "静"), ("Lei", "磊"),
            ("Min", "敏"), ("Jun", "军"), ("Yan", "燕"), ("Haitao", "海涛"), ("Lina", "丽娜"),
        ],
        "family": [
            ("Wang", "王"), ("Li", "李"), ("Zhang", "张"), ("Liu", "刘"), ("Chen", "陈"),
            ("Yang", "杨"), ("Zhao", "赵"), ("Huang", "黄"), ("Zhou", "周"), ("Wu", "吴"),
        ],
    },
    "japanese": {
        "order": "family-given",
        "given": [("Hiroshi", "博"), ("Yuki", "由紀"), ("Takeshi", "武"), ("Akiko", "明子")],
        "family": [("Tanaka", "田中"), ("Suzuki", "鈴木"), ("Sato", "佐藤"), ("Watanabe", "渡辺")],
    },
    "korean": {
        "order": "family-given",
        "given": [
            ("Min-jun", "민준"), ("Ji-woo", "지우"), ("Seo-yeon", "서연"), ("Hyun-woo", "현우"),
        ],
        "family": [("Kim", "김"), ("Lee", "이"), ("Park", "박"), ("Choi", "최")],
    },
    "arabic": {
        "order": "given family",
        "given": [
            ("Mohammed", "محمد"), ("Ahmed", "أحمد"), ("Fatima", "فاطمة"), ("Omar", "عمر"),
            ("Khalid", "خالد"), ("Layla", "ليلى"), ("Youssef", "يوسف"), ("Hassan", "حسن"),
            ("Nour", "نور"), ("Ali", "علي"), ("Mariam", "مريم"), ("Tariq", "طارق"),
        ],
        "family": [
            ("Al-Mansouri", "المنصوري"), ("Haddad", "حداد"), ("Al-Farsi", "الفارسي"),
            ("Nasser", "ناصر"), ("Saleh", "صالح"), ("Khoury", "خوري"), ("Al-Rashid", "الراشد"),
            ("Aziz", "عزيز"), ("Benali", "بن علي"), ("El-Sayed", "السيد"),
        ],
    },
    "cyrillic": {
        "order": "given family",
        "given": [
            ("Aleksandr", "Александр"), ("Dmitry", "Дмитрий"), ("Sergei", "Сергей"),
            ("Ivan", "Иван"), ("Mikhail", "Михаил"), ("Andrei", "Андрей"), ("Pavel", "Павел"),
        ],
        "family": [
            ("Ivanov", "Иванов"), ("Petrov", "Петров"), ("Smirnov", "Смирнов"),
            ("Kuznetsov", "Кузнецов"), ("Volkov", "Волков"), ("Sokolov", "Соколов"),
            ("Popov", "Попов"), ("Morozov", "Морозов"),
        ],
    },
    "devanagari": {
        "order": "given family",
        "given": [
            ("Rajesh", "राजेश"), ("Priya", "प्रिया"), ("Amit", "अमित"), ("Sunita", "सुनीता"),
            ("Vikram", "विक्रम"), ("Anjali", "अंजलि"), ("Suresh", "सुरेश"), ("Kiran", "किरण"),
        ],
        "family": [
            ("Sharma", "शर्मा"), ("Verma", "वर्मा"), ("Gupta", "गुप्ता"), ("Singh", "सिंह"),
            ("Patel", "पटेल"), ("Kumar", "कुमार"), ("Thapa", "थापा"),
        ],
    },
    "thai": {
        "order": "given family",
        "given": [
            ("Somchai", "สมชาย"), ("Suda", "สุดา"), ("Anan", "อนันต์"), ("Malee", "มาลี"),
            ("Prasert", "ประเสริฐ"), ("Kanya", "กัญญา"),
        ],
        "family": [
            ("Srisuk", "ศรีสุข"), ("Wongsawat", "วงศ์สวัสดิ์"), ("Chaiyaporn", "ชัยพร"),
            ("Rattanakul", "รัตนกุล"), ("Boonmee", "บุญมี"),
        ],
    },
    "greek": {
        "order": "given family",
        "given": [("Nikolaos", "Νικόλαος"), ("Maria", "Μαρία"), ("Georgios", "Γεώργιος")],
        "family": [("Papadopoulos", "Παπαδόπουλος"), ("Georgiou", "Γεωργίου")],
    },
    "hebrew": {
        "order": "given family",
        "given": [("David", "דוד"), ("Noa", "נועה"), ("Yosef", "יוסף")],
        "family": [("Cohen", "כהן"), ("Levi", "לוי"), ("Mizrahi", "מזרחי")],
    },
    "french": {
        "given": ["Élodie", "François", "Hélène", "Jérôme", "Amélie", "Stéphane", "Cécile",
                  "Benoît", "Gaëlle", "Loïc"],
        "family": ["Dubois", "Moreau", "Lefèvre", "Girard", "Bérenger", "Fontaine", "Rousseau",
                   "Faure", "Lemaître"],
    },
    "spanish": {
        "given": ["José", "María", "Jesús", "Lucía", "Andrés", "Sofía", "Martín", "Inés",
                  "Ramón", "Begoña"],
        "family": ["García", "Fernández", "Núñez", "Martínez", "Gómez", "Peña", "Ibáñez",
                   "Rodríguez", "Muñoz", "Sáez"],
    },
    "portuguese": {
        "given": ["João", "Conceição", "Sebastião", "Luís", "Ângela", "Antônio", "Márcia",
                  "Gonçalo", "Fábio"],
        "family": ["Gonçalves", "Simões", "Magalhães", "Araújo", "Assunção", "Brandão",
                   "Conceição", "Loureiro"],
    },
    "germanic": {
        "given": ["Jürgen", "Björn", "Søren", "Åsa", "Günther", "Käthe", "Jörg", "Ingrid",
                  "Mads"],
        "family": ["Müller", "Schröder", "Jørgensen", "Åberg", "Köhler", "Weiß", "Strømberg",
                   "Lindqvist"],
    },
    "slavic": {
        "given": ["Łukasz", "Małgorzata", "Jiří", "Tomáš", "Zbigniew", "Agnieszka", "Dušan",
                  "Zuzana", "Ivana"],
        "family": ["Wiśniewski", "Dvořák", "Kowalczyk", "Šimek", "Horváth", "Kovačević",
                   "Nowak", "Marković"],
    },
    "turkish": {
        "given": ["Gökhan", "Ayşe", "Çağlar", "Şule", "Mehmet", "Gülşen", "Emre"],
        "family": ["Yılmaz", "Öztürk", "Çelik", "Şahin", "Doğan", "Aydın"],
    },
    "vietnamese": {
        "given": ["Thị Hương", "Văn Đức", "Minh Tuấn", "Thu Trang", "Quốc Bảo"],
        "family": ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng"],
    },
    "english": {
        "given": ["James", "Sarah", "Michael", "Grace", "David", "Emily", "Peter", "Olivia",
                  "Daniel", "Rachel"],
        "family": ["Smith", "Johnson", "Brown", "Taylor", "Wilson", "Clarke", "Evans",
                   "Thompson", "Walker"],
    },
    "east_african": {
        "given": ["Wanjiru", "Otieno", "Amina", "Baraka", "Njeri", "Kipchoge", "Zawadi", "Juma",
                  "Halima"],
        "family": ["Kamau", "Odhiambo", "Mwangi", "Kiprono", "Mutua", "Wafula", "Achieng",
                   "Nyerere"],
    },
    "west_african": {
        "given": ["Chinedu", "Ngozi", "Kwame", "Ama", "Oluwaseun", "Folake", "Emeka", "Abena"],
        "family": ["Okafor", "Adeyemi", "Mensah", "Boateng", "Okonkwo", "Eze", "Asante"],
    },
    "francophone_african": {
        "given": ["Aminata", "Moussa", "Fatou", "Ibrahima", "Aïssatou", "Sékou", "Mariam",
                  "Désiré"],
        "family": ["Diallo", "Traoré", "Koné", "Ndiaye", "Camara", "Ouédraogo", "Sané"],
    },
    "malay": {
        "given": ["Budi", "Siti", "Agus", "Dewi", "Ahmad", "Nurul", "Rizal"],
        "family": ["Santoso", "Wijaya", "Rahman", "Hidayat", "Abdullah", "Ismail"],
    },
}  # fmt: skip

# Countries whose people the demo names from a given pool; others by region.
COUNTRY_POOLS = {
    "chinese": "CHN SGP",
    "japanese": "JPN",
    "korean": "KOR",
    "arabic": "SAU EGY ARE JOR MAR DZA IRQ QAT KWT OMN LBN TUN BHR LBY SYR YEM SDN MRT PSE",
    "cyrillic": "RUS UKR BLR KAZ KGZ SRB BGR MKD MNG TJK",
    "devanagari": "IND NPL",
    "thai": "THA",
    "greek": "GRC CYP",
    "hebrew": "ISR",
    "french": "FRA BEL LUX MCO CHE HTI",
    "spanish": "ESP MEX ARG COL CHL PER VEN ECU BOL PRY URY CUB DOM GTM HND SLV NIC CRI PAN PHL "
    "AND",
    "portuguese": "BRA PRT AGO MOZ CPV GNB STP TLS",
    "germanic": "DEU AUT NLD DNK NOR SWE ISL FIN LIE",
    "slavic": "POL CZE SVK HRV SVN BIH MNE HUN ROU LTU LVA EST",
    "turkish": "TUR AZE",
    "vietnamese": "VNM",
    "english": "USA GBR CAN AUS NZL IRL JAM TTO BHS BRB MLT ZAF FJI PNG",
    "east_african": "KEN TZA UGA RWA ETH SOM ZMB MWI ZWE BWA NAM LSO SWZ SSD",
    "west_african": "NGA GHA SLE LBR GMB",
    "francophone_african": "SEN MLI CIV BFA NER GIN CMR TCD COD COG GAB BEN TGO MDG CAF BDI DJI "
    "COM",
    "malay": "IDN MYS BRN",
}
REGION_POOLS = {
    "Africa": ["east_african", "west_african", "francophone_african"],
    "Americas": ["spanish", "english"],
    "Asia and South Pacific": ["english", "malay"],
    "Europe": ["germanic", "slavic", "english"],
    "Middle East and North Africa": ["arabic"],
}

TITLES = [
    "Commissioner", "Deputy Commissioner", "Chief Superintendent", "Superintendent",
    "Inspector General", "Colonel", "Lieutenant Colonel", "Major General", "Brigadier",
    "Director", "Deputy Director", "Chief Inspector", "Mr", "Ms", "Dr",
]  # fmt: skip
HEAD_POSITIONS = [
    "Inspector General of Police", "Director General of the National Police",
    "Commissioner of Police", "Deputy Minister of the Interior",
    "Director of Criminal Investigation",
]  # fmt: skip
POSITIONS = [
    "Head of the National Central Bureau", "Deputy Head of the National Central Bureau",
    "Head of International Police Cooperation", "Chief of the Cybercrime Unit",
    "Head of Counter-Terrorism Operations", "Director of Border Security",
    "Head of the Financial Crimes Unit", "Liaison Officer", "Legal Adviser",
    "Senior Analyst, Organized Crime", "Head of Drug Enforcement", "Forensic Science Adviser",
    "Head of Protocol", "Interpreter",
]  # fmt: skip
OTHER_POSITIONS = {
    "Observer": ["Observer", "Programme Officer", "Senior Adviser"],
    "Guest": ["Guest of the President", "Former Head of NCB", "Academic Adviser"],
    "Media": ["Correspondent", "Photographer", "Camera Operator"],
    "Organizer staff": ["Conference Officer", "Accreditation Officer", "Protocol Officer"],
    "Security": ["Security Officer", "Close Protection Officer", "Venue Security Lead"],
}
ORGANIZATIONS = [
    ("UNODC", "AUT"), ("Europol", "NLD"), ("AFRIPOL", "DZA"), ("ASEANAPOL", "MYS"),
    ("AMERIPOL", "COL"), ("GCC-POL", "ARE"), ("World Customs Organization", "BEL"),
    ("Frontex", "POL"), ("United Nations Police", "USA"),
]  # fmt: skip
REJECTION_REASONS = [
    "Not named in the delegation's credentials letter.",
    "The passport number does not match the copy sent by the NCB.",
    "Registered twice; we kept the other registration.",
]
REVOCATION_REASONS = [
    "Replaced by another delegate at the request of the NCB.",
    "The participant's credentials were withdrawn by their government.",
]
