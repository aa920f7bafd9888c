"""The referral package: one case, as the referred agency may see it, as a printable PDF.

Its layout follows the inter-agency SEA incident referral form (IASC): the referral, the
complaint, what happened, the implicated entity, the people, and what the survivor
consented to share. What it shows is decided by `complaints.permissions` (the access of
the referred agency), never here: a person whose identity the agency may not see is
"withheld" in the PDF exactly as on the page. Every page carries the exporter and the
time, across the page, so a printed or forwarded copy says whose it was.

The font (DejaVu Sans, `core/fonts/`) covers the five languages; uharfbuzz shapes Arabic
and fpdf2 orders mixed right-to-left and left-to-right text by the Unicode bidi rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from complaints import codes
from complaints.models import Complaint
from complaints.permissions import ComplaintAccess

from .models import InvestigationReferral

FONTS = Path(settings.BASE_DIR) / "core" / "fonts"
FONT = "DejaVu"
LINE = 5.5  # mm, one line of body text
LABEL_WIDTH = 55  # mm

# Unicode bidi isolates: a value typed in one direction keeps its order inside text of the
# other (a phone number inside an Arabic sentence is not reversed).
FSI, PDI = "\u2068", "\u2069"


def isolate(value: object) -> str:
    return f"{FSI}{value}{PDI}"


@dataclass(frozen=True)
class Exporter:
    """Who exports, for the watermark: the account name and organisation, and when."""

    username: str
    organisation: str
    at: datetime


class _Document(FPDF):
    def __init__(self, title: str, watermark: str, rtl: bool, pages: int | None) -> None:
        super().__init__(format="A4")
        self.page_total = pages  # known on the second pass (the page-count alias misplaces in RTL)
        self.title_text = title
        self.watermark = watermark
        self.rtl = rtl
        self.align = "R" if rtl else "L"
        self.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_text_shaping(use_shaping_engine=True)
        self.set_auto_page_break(auto=True, margin=22)
        self.set_margins(18, 18, 18)
        self.set_title(title)
        self.set_creator("Amana")

    def header(self) -> None:
        # The watermark first, so the page's text is printed over it.
        with self.local_context(text_color=(200, 200, 200)):
            self.set_font(FONT, "B", 15)
            with self.rotation(angle=45, x=self.w / 2, y=self.h / 2):
                width = self.get_string_width(self.watermark)
                self.text(self.w / 2 - width / 2, self.h / 2, self.watermark)
        self.set_font(FONT, "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 4, self.title_text, align=self.align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.ln(3)

    def footer(self) -> None:
        self.set_y(-16)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(90, 90, 90)
        confidential = _(
            "Confidential: share only with those who must act on this referral. Do not copy."
        )
        self.multi_cell(0, 3.5, confidential, align=self.align, new_x=XPos.LMARGIN)
        page = _("Page %(page)s of %(pages)s") % {
            "page": isolate(self.page_no()),
            "pages": isolate(self.page_total or "…"),
        }
        self.multi_cell(0, 3.5, f"{self.watermark} · {page}", align=self.align, new_x=XPos.LMARGIN)
        self.set_text_color(0, 0, 0)

    def heading(self, text: str) -> None:
        if self.get_y() + 4 * LINE > self.page_break_trigger:
            self.add_page()
        self.ln(2)
        self.set_font(FONT, "B", 11.5)
        self.set_fill_color(235, 235, 235)
        self.cell(0, 7, text, fill=True, align=self.align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def row(self, label: str, value: object) -> None:
        """A label and its value side by side (mirrored in a right-to-left language)."""
        text = str(value) if value not in (None, "") else "—"
        value_width = self.epw - LABEL_WIDTH
        self.set_font(FONT, "B", 9.5)
        label_height = self.multi_cell(LABEL_WIDTH - 2, LINE, label, dry_run=True, output="HEIGHT")
        self.set_font(FONT, "", 9.5)
        value_height = self.multi_cell(value_width, LINE, text, dry_run=True, output="HEIGHT")
        height = max(label_height, value_height)
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()
        top = self.get_y()
        left = self.l_margin
        label_x, value_x = (
            (left + value_width + 2, left) if self.rtl else (left, left + LABEL_WIDTH)
        )
        self.set_font(FONT, "B", 9.5)
        self.set_xy(label_x, top)
        self.multi_cell(LABEL_WIDTH - 2, LINE, label, align=self.align)
        self.set_font(FONT, "", 9.5)
        self.set_xy(value_x, top)
        self.multi_cell(value_width, LINE, text, align=self.align)
        self.set_draw_color(225, 225, 225)
        self.line(left, top + height + 0.8, left + self.epw, top + height + 0.8)
        self.set_xy(left, top + height + 1.6)

    def paragraph(self, text: str) -> None:
        self.set_font(FONT, "", 10)
        self.multi_cell(0, LINE, text or "—", align=self.align, new_x=XPos.LMARGIN)
        self.ln(1)

    def subheading(self, text: str) -> None:
        if self.get_y() + 3 * LINE > self.page_break_trigger:
            self.add_page()
        self.set_font(FONT, "B", 10)
        self.cell(0, 6.5, text, align=self.align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _when(value: datetime | None) -> str:
    return isolate(timezone.localtime(value).strftime("%Y-%m-%d %H:%M")) if value else ""


def _incident_date(complaint: Complaint) -> str:
    if complaint.incident_date is None:
        return _("Unknown")
    if complaint.incident_date_precision == codes.DatePrecision.MONTH:
        return isolate(complaint.incident_date.strftime("%Y-%m"))
    return isolate(complaint.incident_date.isoformat())


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def _roles(person: Any) -> str:
    names = []
    if person.is_survivor:
        names.append(_("Survivor"))
    if person.is_complainant:
        names.append(_("Complainant"))
    if person.is_witness:
        names.append(_("Witness"))
    return ("، " if get_language_bidi() else ", ").join(names)


def _person(document: _Document, person: Any, shown: bool) -> None:
    withheld = _("Withheld (no consent to share, or not needed for your role)")
    document.subheading(_roles(person))
    if shown:
        document.row(_("Name"), isolate(person.name) if person.name else "")
        document.row(_("Phone"), isolate(person.phone) if person.phone else "")
        document.row(_("Where they can be reached"), person.address)
    else:
        document.row(_("Identity"), withheld)
    document.row(_("Sex"), person.get_sex_display())
    document.row(_("Age group"), person.get_age_group_display())
    document.row(_("Disability"), person.get_disability_display())
    document.row(_("Nationality"), person.get_nationality_display())
    document.row(_("Displacement status"), person.get_displacement_display())


def _perpetrator(document: _Document, person: Any) -> None:
    document.subheading(_("Alleged perpetrator"))
    document.row(_("Name"), isolate(person.name) if person.name else "")
    document.row(_("Staff or ID number"), isolate(person.id_number) if person.id_number else "")
    document.row(_("Works for"), person.affiliation or _("Unknown"))
    document.row(_("Personnel category"), person.get_personnel_category_display())
    document.row(_("Sex"), person.get_sex_display())


def render(
    *,
    referral: InvestigationReferral,
    complaint: Complaint,
    case: ComplaintAccess,
    persons: Iterable[Any],
    exporter: Exporter,
) -> bytes:
    """The PDF of one referral. `case` is the referred agency's access to the complaint
    (`complaints.permissions.referred_agency_view`): a survivor's identity is shown
    where her consents to take part and to share it stand, and nobody else's.

    Two passes: the first counts the pages that every page's footer then names."""
    people = list(persons)
    parts = (referral, complaint, case, people, exporter)
    pages = _compose(*parts, pages=None).page_no()
    return bytes(_compose(*parts, pages=pages).output())


def _compose(
    referral: InvestigationReferral,
    complaint: Complaint,
    case: ComplaintAccess,
    people: list[Any],
    exporter: Exporter,
    *,
    pages: int | None,
) -> _Document:
    reference = isolate(complaint.reference)
    title = _("SEA incident referral %(reference)s") % {"reference": reference}
    watermark = _("Exported by %(user)s (%(organisation)s), %(when)s") % {
        "user": isolate(exporter.username),
        "organisation": isolate(exporter.organisation),
        "when": isolate(timezone.localtime(exporter.at).strftime("%Y-%m-%d %H:%M %Z")),
    }
    document = _Document(title, watermark, rtl=get_language_bidi(), pages=pages)
    document.set_subject(title)
    document.add_page()
    document.set_font(FONT, "B", 16)
    document.multi_cell(0, 8, title, align=document.align, new_x=XPos.LMARGIN)
    document.set_font(FONT, "", 9)
    document.multi_cell(
        0,
        4.5,
        _(
            "Confidential. Prepared for the investigating entity named below, showing only "
            "what it may see of the case."
        ),
        align=document.align,
        new_x=XPos.LMARGIN,
    )

    document.heading(_("1. The referral"))
    document.row(_("Reference"), reference)
    document.row(_("Referred to"), referral.organisation)
    document.row(_("Referred"), _when(referral.referred_at))
    document.row(_("Referred on"), referral.get_basis_display())
    document.row(_("Acknowledge by"), _when(referral.acknowledgement_due_at))
    document.row(_("Status"), referral.get_status_display())

    document.heading(_("2. The complaint"))
    document.row(_("Received"), _when(complaint.received_at))
    document.row(_("Entry point"), complaint.get_entry_point_display())
    document.row(_("Location"), complaint.location or _("Unknown"))
    document.row(_("Incident date"), _incident_date(complaint))
    document.row(_("Classification"), complaint.get_classification_display())
    document.row(_("Type of SEA"), complaint.get_subcategory_display())
    document.row(_("Priority"), complaint.get_priority_display())
    document.row(_("Involves a child"), _yes_no(complaint.is_child_case))
    document.row(_("Urgent medical referral"), _yes_no(complaint.urgent_medical))

    document.heading(_("3. What happened"))
    document.paragraph(complaint.narrative)

    document.heading(_("4. The implicated entity"))
    document.row(_("Implicated organisation"), complaint.implicated_organisation or "")
    for person in people:
        if person.is_perpetrator:
            _perpetrator(document, person)

    document.heading(_("5. Survivor, complainant and witnesses"))
    others = [p for p in people if not p.is_perpetrator]
    if not others:
        document.paragraph(_("No one is recorded on this complaint."))
    for person in others:
        _person(document, person, case.shows_identity(person))

    document.heading(_("6. What the survivor consented to share"))
    survivors = [p for p in others if p.is_survivor]
    if not survivors:
        document.paragraph(_("No survivor is known."))
    for number, survivor in enumerate(survivors, start=1):
        label = _("Survivor %(number)s") % {"number": number}
        document.row(
            label,
            _("Consented to take part and to share their identity with the investigators.")
            if case.shows_identity(survivor)
            else _("No consent to share their identity: it is withheld."),
        )
    return document
