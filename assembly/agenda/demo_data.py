"""The demo agenda's data: themes, rooms, people and workshop titles of the 86th assembly.

People other than INTERPOL's President and Secretary General are invented.
"""

# name, slug, colour
THEMES = [
    ("Cybercrime", "cybercrime", "#1565c0"),
    ("Social engineering and telecom fraud", "telecom-fraud", "#00838f"),
    ("Terrorism", "terrorism", "#c62828"),
    ("Human trafficking and people smuggling", "human-trafficking", "#6a1b9a"),
    ("Transnational organized crime", "transnational-organized-crime", "#4e342e"),
    ("Corruption and financial crime", "corruption-financial-crime", "#ef6c00"),
    ("Fugitive investigations", "fugitive-investigations", "#2e7d32"),
    ("Drugs", "drugs", "#ad1457"),
    ("Maritime piracy", "maritime-piracy", "#283593"),
    ("INTERPOL governance", "interpol-governance", "#37474f"),
]

# name, capacity, floor, opens, closes (event time)
ROOMS = [
    ("Plenary Hall", 1200, "Ground floor", "08:00", "20:00"),
    ("Yangtze Room", 250, "1st floor", "08:00", "20:00"),
    ("Yellow River Room", 200, "1st floor", "08:00", "20:00"),
    ("Pearl Room", 120, "2nd floor", "08:00", "20:00"),
    ("Jade Room", 80, "2nd floor", "08:00", "20:00"),
    ("Lotus Room", 40, "3rd floor", "08:30", "19:30"),
]

# name: (title, country or organization)
VIPS = {
    "Jürgen Stock": ("Secretary General", "INTERPOL"),
    "Meng Hongwei 孟宏伟": ("President", "INTERPOL"),
    "Wang Lixin 王立新": ("Head of INTERPOL Beijing", "China"),
}

PEOPLE = {
    "Amina Diallo": ("Director, Judicial Police", "Senegal"),
    "Carlos Eduardo Mendes": ("Federal Police Commissioner", "Brazil"),
    "Olga Smirnova Ольга Смирнова": ("Head, Cybercrime Directorate", "Russia"),
    "Mohammed Al-Otaibi محمد العتيبي": ("Director, Criminal Investigation", "Saudi Arabia"),
    "Priya Sharma प्रिया शर्मा": ("Deputy Inspector General", "India"),
    "Kenichi Tanaka 田中健一": ("Director, International Affairs", "Japan"),
    "Kim Min-jun 김민준": ("Superintendent, Cyber Bureau", "Republic of Korea"),
    "Nikos Papadopoulos Νίκος Παπαδόπουλος": ("Police Lieutenant General", "Greece"),
    "Yael Cohen יעל כהן": ("Head, Intelligence Division", "Israel"),
    "Ngozi Okafor": ("Head, Economic and Financial Crimes", "Nigeria"),
    "María José Fernández": ("Comisaria Principal, Policía Nacional", "Spain"),
    "Jean-Baptiste Moreau": ("Contrôleur général, Police nationale", "France"),
    "Kwame Mensah": ("Commissioner of Police", "Ghana"),
    "Siti Nurhaliza Rahman": ("Assistant Commissioner", "Malaysia"),
    "Ahmed Hassan أحمد حسن": ("Major General, Counter-Terrorism", "Egypt"),
    "Erik Lindqvist": ("Detective Chief Superintendent", "Sweden"),
    "Thandiwe Nkosi": ("Lieutenant General", "South Africa"),
    "Lucía Ramírez": ("Coronel, Policía Nacional", "Colombia"),
    "John Whitfield": ("Director, National Crime Agency", "United Kingdom"),
    "Anna Kovalenko Анна Коваленко": ("Head, Cyber Police", "Ukraine"),
    "Nguyễn Văn Hùng": ("Colonel, Ministry of Public Security", "Viet Nam"),
    "Aroha Ngata": ("Detective Inspector", "New Zealand"),
    "Diego Álvarez": ("Crime Prevention Officer", "UNODC"),
    "Leila Mansour ليلى منصور": ("Colonel, Internal Security Forces", "Lebanon"),
    "Tomáš Novák": ("Chief Inspector", "Czech Republic"),
    "Ioana Marinescu": ("Executive Director, Police Services", "INTERPOL"),
    "Rafael Oliveira": ("Assistant Director, Drugs and Organized Crime", "INTERPOL"),
    "Chen Jing 陈静": ("Director, Economic Crime Investigation", "China"),
    "Samuel Otieno": ("Director, Criminal Investigations", "Kenya"),
    "Hamid Karimi حمید کریمی": ("Brigadier General", "Iran"),
    "Sophie Laurent": ("Head, Maritime Security Unit", "INTERPOL"),
    "Bui Thi Lan": ("Lieutenant Colonel", "Viet Nam"),
    "Ricardo Torres": ("Comisionado", "Mexico"),
    "Astrid Johansen": ("Chief of Police", "Norway"),
}

REGIONAL_CHAIRS = [
    "Samuel Otieno",
    "Lucía Ramírez",
    "Siti Nurhaliza Rahman",
    "Tomáš Novák",
    "Leila Mansour ليلى منصور",
]

# title, theme slugs
WORKSHOPS = [
    ("Darknet markets: tracing cryptocurrency across borders", ["cybercrime"]),
    ("Telecom fraud call centres: lessons from joint operations in Asia", ["telecom-fraud"]),
    ("Foreign terrorist fighters: sharing battlefield information", ["terrorism"]),
    ("Victim-centred investigations of human trafficking", ["human-trafficking"]),
    (
        "Illicit firearms: iARMS and ballistic information sharing",
        ["transnational-organized-crime"],
    ),
    ("Ransomware response: coordinating the first 72 hours", ["cybercrime"]),
    ("Asset recovery: following the proceeds of corruption", ["corruption-financial-crime"]),
    ("Red Notices: quality, compliance and Article 3", ["fugitive-investigations"]),
    ("Synthetic drugs and new psychoactive substances", ["drugs"]),
    ("Piracy in the Gulf of Guinea: evidence from the sea", ["maritime-piracy"]),
    (
        "Business e-mail compromise: stopping the money in time",
        ["telecom-fraud", "corruption-financial-crime"],
    ),
    ("Migrant smuggling routes across the Mediterranean", ["human-trafficking"]),
    ("Biometrics at borders: screening against INTERPOL databases", ["terrorism"]),
    ("Cocaine routes from Latin America to Africa and Europe", ["drugs"]),
    (
        "Data protection and the Commission for the Control of INTERPOL's Files",
        ["interpol-governance"],
    ),
    ("Electronic evidence: cross-border access and mutual legal assistance", ["cybercrime"]),
    ("Fugitive investigative support: the Infra-Red operations", ["fugitive-investigations"]),
    (
        "Environmental crime: wildlife and timber trafficking networks",
        ["transnational-organized-crime"],
    ),
    ("Money laundering through trade: detecting over-invoicing", ["corruption-financial-crime"]),
    ("Romance and investment scams targeting the elderly", ["telecom-fraud"]),
    ("Child sexual exploitation online: the ICSE database", ["cybercrime", "human-trafficking"]),
    (
        "Countering terrorist financing through informal value transfer",
        ["terrorism", "corruption-financial-crime"],
    ),
    ("Counterfeit medicines: results of Operation Pangea", ["transnational-organized-crime"]),
    ("Maritime security in the Indian Ocean: prosecutions after Somalia", ["maritime-piracy"]),
    ("Precursor chemicals: controlling diversion", ["drugs"]),
    ("Women in policing: leadership and recruitment", ["interpol-governance"]),
    ("Public-private partnerships against cybercrime", ["cybercrime"]),
    ("Forced labour in fishing fleets", ["human-trafficking", "maritime-piracy"]),
    ("Sports corruption and match-fixing", ["corruption-financial-crime"]),
    ("Extradition and the role of National Central Bureaus", ["fugitive-investigations"]),
    ("Protecting soft targets: lessons from recent attacks", ["terrorism"]),
    ("Cultural property theft and the Works of Art database", ["transnational-organized-crime"]),
    ("Funding INTERPOL: statutory contributions and partnerships", ["interpol-governance"]),
    ("Drug trafficking through postal and courier services", ["drugs"]),
    (
        "Cyber-enabled financial crime in the Asia-Pacific",
        ["cybercrime", "corruption-financial-crime"],
    ),
    ("Ransom money flows of maritime piracy", ["maritime-piracy", "corruption-financial-crime"]),
    ("Identity document fraud and the SLTD database", ["transnational-organized-crime"]),
    ("Removing terrorist propaganda online", ["terrorism", "cybercrime"]),
    ("Integrity programmes against corruption in law enforcement", ["corruption-financial-crime"]),
    ("Disaster victim identification: standards and deployments", ["interpol-governance"]),
    ("Mobile phone forensics for frontline officers", ["cybercrime"]),
    ("Kidnapping for ransom: negotiation and investigation", ["transnational-organized-crime"]),
    ("Gold smuggling and illegal mining", ["transnational-organized-crime"]),
    ("Vehicle crime and the Stolen Motor Vehicles database", ["transnational-organized-crime"]),
    ("SIM-box fraud and spoofed calls", ["telecom-fraud"]),
    ("Wanted persons at major sporting events", ["fugitive-investigations"]),
    ("I-24/7 for frontline officers: extending access", ["interpol-governance"]),
]

REGIONS = ["Africa", "Americas", "Asia and South Pacific", "Europe", "Middle East and North Africa"]

# (day index, start, end, number of parallel sessions, type)
SLOTS = [
    (0, "14:30", "16:00", 5, "workshop"),
    (0, "16:30", "18:00", 5, "workshop"),
    (1, "11:00", "12:30", 5, "workshop"),
    (1, "16:00", "17:30", 5, "workshop"),
    (2, "11:00", "12:30", 5, "workshop"),
    (2, "14:00", "15:30", 5, "workshop"),
    (2, "16:00", "17:30", 5, "side_event"),
    (2, "18:00", "19:30", 2, "side_event"),
    (3, "11:30", "13:00", 4, "workshop"),
    (3, "14:00", "15:30", 5, "workshop"),
]

# Room, how many approved participants sign up for its first session: the Lotus Room
# overflows onto its waiting list, the Jade Room fills up, so the dashboard has something
# to show.
DEMO_SIGN_UPS = [("Lotus Room", 45), ("Jade Room", 70), ("Pearl Room", 60)]
