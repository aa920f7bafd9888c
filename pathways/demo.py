# ruff: noqa: E501, RUF001  (demo texts in five languages, times with en dashes)
"""Demo data for `manage.py seed_demo`: a few service points of the demo organisations
and one published information page, in every language of the site. Safe to run twice."""

from core.models import Location, Organisation, User

from . import services
from .codes import ServiceType
from .models import InfoWindow, ServicePoint

# The demo places (the same as complaints/demo.py's; whichever app loads first makes them).
PLACES = {"Gaziantep": ["Nizip", "Islahiye"], "Kilis": ["Elbeyli"], "Hatay": ["Reyhanli"]}

POINTS = [
    # organisation, service, name, places, address, hours, phone, languages, published
    ("SHHC", ServiceType.MEDICAL, "Safe Haven clinic, Gaziantep", ["Gaziantep"],
     "Ataturk Blv. 12, Sahinbey", "Mon–Fri 08:00–17:00", "+90 342 555 0140", ["ar", "tr", "en"], True),
    ("SHHC", ServiceType.PSYCHOSOCIAL, "Safe Haven counselling, Nizip", ["Nizip"],
     "", "Tue and Thu 10:00–16:00", "+90 342 555 0141", ["ar", "tr", "ku"], True),
    ("GAI", ServiceType.LEGAL, "GAI legal aid desk", ["Gaziantep", "Kilis"],
     "", "Mon–Thu 09:00–15:00", "+90 342 555 0150", ["ar", "tr", "en"], True),
    ("HBA", ServiceType.SHELTER, "Hope Bridge safe shelter", ["Gaziantep", "Hatay"],
     "Confidential: ask the hotline", "24 hours", "+90 342 555 0160", ["ar", "tr"], False),
    ("UNCFC", ServiceType.CHILD_PROTECTION, "Child protection team, Kilis", ["Kilis"],
     "", "Every day 08:00–20:00", "+90 348 555 0170", ["ar", "tr"], True),
    ("NATC", ServiceType.DOCUMENTS, "Anti-trafficking documents office", ["Gaziantep", "Kilis", "Hatay"],
     "", "Mon–Fri 09:00–16:00", "+90 312 555 0180", ["tr", "ar", "en"], True),
]  # fmt: skip

HOTLINE = "+90 800 555 0101"
TEXTS = {
    "en": ("Help and safety in Gaziantep",
           "<p>Help is free. Aid is never given in exchange for sex, money or favours.</p>"
           "<h2>Signs of trafficking</h2><ul><li>Someone else keeps your passport or ID.</li>"
           "<li>You owe a debt you can never pay off.</li><li>You cannot leave your work or home.</li>"
           "<li>The job is not the one you were promised.</li></ul>"
           "<p>Call the hotline, free, day and night.</p>"),
    "es": ("Ayuda y seguridad en Gaziantep",
           "<p>La ayuda es gratuita. Nunca se da ayuda a cambio de sexo, dinero o favores.</p>"
           "<h2>Señales de trata</h2><ul><li>Otra persona guarda su pasaporte o documento.</li>"
           "<li>Tiene una deuda que nunca puede pagar.</li><li>No puede dejar su trabajo o su casa.</li>"
           "<li>El trabajo no es el que le prometieron.</li></ul>"
           "<p>Llame a la línea de ayuda, gratuita, de día y de noche.</p>"),
    "ar": ("المساعدة والأمان في غازي عنتاب",
           "<p>المساعدة مجانية. لا تُقدَّم المساعدة أبدًا مقابل الجنس أو المال أو الخدمات.</p>"
           "<h2>علامات الاتجار بالبشر</h2><ul><li>شخص آخر يحتفظ بجواز سفرك أو هويتك.</li>"
           "<li>عليك دين لا يمكنك سداده أبدًا.</li><li>لا يمكنك ترك عملك أو مسكنك.</li>"
           "<li>العمل ليس العمل الذي وُعدت به.</li></ul>"
           "<p>اتصل بالخط الساخن، مجانًا، ليلًا ونهارًا.</p>"),
    "tr": ("Gaziantep'te yardım ve güvenlik",
           "<p>Yardım ücretsizdir. Yardım asla cinsellik, para veya iyilik karşılığında verilmez.</p>"
           "<h2>İnsan ticaretinin belirtileri</h2><ul><li>Pasaportunuzu veya kimliğinizi başkası tutuyor.</li>"
           "<li>Asla ödeyemeyeceğiniz bir borcunuz var.</li><li>İşinizden veya evinizden ayrılamıyorsunuz.</li>"
           "<li>İş, size söz verilen iş değil.</li></ul>"
           "<p>Yardım hattını arayın; ücretsiz, gece gündüz.</p>"),
    "fr": ("Aide et sécurité à Gaziantep",
           "<p>L'aide est gratuite. L'aide n'est jamais donnée en échange de sexe, d'argent ou de faveurs.</p>"
           "<h2>Signes de traite</h2><ul><li>Quelqu'un d'autre garde votre passeport ou votre pièce d'identité.</li>"
           "<li>Vous avez une dette que vous ne pourrez jamais rembourser.</li>"
           "<li>Vous ne pouvez pas quitter votre travail ou votre logement.</li>"
           "<li>Le travail n'est pas celui qu'on vous avait promis.</li></ul>"
           "<p>Appelez la ligne d'assistance, gratuite, jour et nuit.</p>"),
}  # fmt: skip


def _places() -> dict[str, Location]:
    places = {}
    for province, districts in PLACES.items():
        parent, _created = Location.objects.get_or_create(
            name=province, level=Location.Level.ADMIN1, parent=None
        )
        places[province] = parent
        for district in districts:
            places[district], _created = Location.objects.get_or_create(
                name=district, level=Location.Level.ADMIN2, parent=parent
            )
    return places


def load(stdout) -> None:
    coordinator = User.objects.filter(username="coordinator", is_coordinator=True).first()
    if coordinator is None or InfoWindow.objects.filter(slug="gaziantep").exists():
        return
    places = _places()
    orgs = {org.acronym: org for org in Organisation.objects.all()}
    for acronym, service, name, where, address, hours, phone, languages, published in POINTS:
        if acronym not in orgs or ServicePoint.objects.filter(name=name).exists():
            continue
        services.service_point_save(
            actor=coordinator,
            point=ServicePoint(
                organisation=orgs[acronym], service=service, name=name, address=address,
                hours=hours, contact_phone=phone, languages=languages, is_published=published,
            ),
            locations=[places[place] for place in where],
        )  # fmt: skip
    window = services.info_window_save(
        actor=coordinator,
        window=InfoWindow(
            slug="gaziantep", location=places["Gaziantep"], hotline=HOTLINE, is_published=True,
            topics=["hotline", "service_points", "trafficking_indicators", "sea"],
        ),
    )  # fmt: skip
    for language, (title, body) in TEXTS.items():
        services.info_text_save(
            actor=coordinator, window=window, language=language, title=title, body=body
        )
    stdout.write("Service map and the Gaziantep information page: /info/gaziantep/")
