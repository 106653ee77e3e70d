"""The shapes the API answers with; they are also its OpenAPI schema.

Texts written by the organizers come in the three languages of the platform as an object
`{"ar": ..., "en": ..., "fr": ...}`; an empty string means that language has no text yet.
"""

import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Path, Schema

from hiwar.api.pagination import PageParams

Language = Literal["ar", "en", "fr"]
TagStatus = Literal["suggested", "confirmed"]
CountryCode = Field(None, pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 code")
Slug = r"^[-a-zA-Z0-9_]{1,60}$"
#: Ids in paths: bounded, so that no number is too big for the database (an error, not a 404).
MAX_ID = 2**53
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
SlugPath = Annotated[str, Path(pattern=Slug)]


class Texts(Schema):
    ar: str
    en: str
    fr: str


class Error(Schema):
    detail: str


class InvalidRequest(Schema):
    message: str
    detail: list[dict[str, Any]]


class RateLimitedError(Schema):
    detail: str
    retry_after: int


class Page(Schema):
    count: int
    limit: int
    offset: int
    next: str | None
    previous: str | None


# --- Framework -------------------------------------------------------------------------------


class ObjectiveOut(Schema):
    number: int
    title: Texts
    cluster: str = Field(description="Code of the round-table cluster, e.g. RT1")


class ClusterOut(Schema):
    code: str
    number: int
    title: Texts
    objectives: list[int]


class PrincipleOut(Schema):
    letter: str
    name: Texts


class CategoryOut(Schema):
    code: str
    position: int
    name: Texts


class CountryOut(Schema):
    iso2: str
    iso3: str
    name: Texts


class CountryRef(Schema):
    iso2: str
    name: Texts


class CycleOut(Schema):
    slug: str
    title: Texts
    starts_on: datetime.date
    ends_on: datetime.date
    is_current: bool
    member_states: list[str]


# --- Organizations ---------------------------------------------------------------------------


class OrganizationOut(Schema):
    id: int
    name: str
    acronym: str
    kind: str
    category: str | None = Field(description="Code of the GCM para 44 stakeholder category")
    country: str | None = Field(description="ISO code; null for a regional or global body")
    scope: str
    website: str


class OrganizationPage(Page):
    items: list[OrganizationOut]


class OrganizationFilters(PageParams):
    category: str | None = Field(None, pattern=Slug, description="Stakeholder category code")
    country: str | None = CountryCode
    kind: Literal["stakeholder", "government", "un_system", "intergovernmental"] | None = None


# --- Reports, inputs and their passages ------------------------------------------------------


class ReportOut(Schema):
    id: int
    cycle: str
    country: CountryRef
    title: Texts
    languages: list[str] = Field(description="Languages its written sections are in")
    submitted_at: datetime.datetime | None
    published_at: datetime.datetime | None


class ReportPage(Page):
    items: list[ReportOut]


class ReportFilters(PageParams):
    cycle: str | None = Field(None, pattern=Slug, description="Short name of a review cycle")
    country: str | None = CountryCode
    language: Language | None = None


class OrganizationRef(Schema):
    id: int
    name: str
    acronym: str
    category: str | None
    country: str | None


class InputOut(Schema):
    id: int
    cycle: str
    title: str
    language: str
    organization: OrganizationRef
    author: str | None = Field(description="Only when the author chose to show their name")
    submitted_at: datetime.datetime | None
    published_at: datetime.datetime | None


class InputPage(Page):
    items: list[InputOut]


class InputFilters(ReportFilters):
    category: str | None = Field(None, pattern=Slug, description="Stakeholder category code")


class TagOut(Schema):
    objective: int | None = Field(description="GCM objective number (1-23), or null")
    principle: str | None = Field(description="Guiding principle letter, or null")
    score: float | None
    status: TagStatus


class PassageOut(Schema):
    id: int
    document: int
    position: int
    text: str
    page: int | None
    section: str
    language: str
    kind: str
    tags: list[TagOut]


class PassagePage(Page):
    items: list[PassageOut]


class PassageFilters(PageParams):
    objective: int | None = Field(None, ge=1, le=23, description="Passages tagged with it")
    principle: str | None = Field(None, pattern=r"^[a-jA-J]$", description="Principle letter")
    status: TagStatus | None = Field(None, description="Status of that tag (with objective)")


# --- Coverage --------------------------------------------------------------------------------


class CoverageFilters(Schema):
    cluster: str | None = Field(None, pattern=r"^RT[1-4]$", description="Round table, e.g. RT1")
    include_inputs: bool = Field(False, description="Also count published stakeholder inputs")


class CoverageCell(Schema):
    country: str
    objective: int
    confirmed: int
    suggested: int


class CoverageOut(Schema):
    cycle: str
    cluster: str | None
    include_inputs: bool
    countries: list[CountryRef]
    objectives: list[int]
    cells: list[CoverageCell]


# --- Bulk export (token holders) -------------------------------------------------------------


class ExportPassageOut(PassageOut):
    source: str = Field(description="report or input")
    report: int | None
    stakeholder_input: int | None
    country: str | None


class ExportPage(Page):
    items: list[ExportPassageOut]


class ExportParams(Schema):
    limit: int = Field(500, ge=1, le=2000, description="Passages per page (1-2000)")
    offset: int = Field(0, ge=0, le=10_000_000)
    include_inputs: bool = True


# --- Programme -------------------------------------------------------------------------------


class ConferenceOut(Schema):
    slug: str
    title: Texts
    starts_on: datetime.date
    ends_on: datetime.date
    version: int
    published_at: datetime.datetime


#: Answers every operation may give besides its success.
ERRORS: dict[int, Any] = {401: Error, 422: InvalidRequest, 429: RateLimitedError}
ERRORS_404: dict[int, Any] = {**ERRORS, 404: Error}


# --- Good practices --------------------------------------------------------------------------


class PracticeOut(Schema):
    id: int
    title: str
    summary: str
    description: str
    language: str
    organization: OrganizationRef
    countries: list[str]
    start_year: int
    end_year: int | None
    objectives: list[int]
    principles: list[str]
    stakeholder_categories: list[str]
    partners: str
    results: str
    links: list[str]
    published_at: datetime.datetime | None
    url: str = Field(description="The practice's public page")
    is_sample: bool = Field(description="A made-up example of the demonstration data")


class PracticePage(Page):
    items: list[PracticeOut]


class PracticeFacetFilters(Schema):
    objective: int | None = Field(None, ge=1, le=23)
    cluster: str | None = Field(None, pattern=r"^RT[1-4]$")
    principle: str | None = Field(None, pattern=r"^[a-jA-J]$")
    country: str | None = CountryCode
    category: str | None = Field(None, pattern=Slug, description="Stakeholder category code")
    language: Language | None = None
    year: int | None = Field(None, ge=1990, le=2100, description="Practices running that year")


class PracticeFilters(PracticeFacetFilters, PageParams):
    pass


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class FacetOut(Schema):
    key: str
    label: str
    values: list[FacetValueOut]


# --- Open data downloads ---------------------------------------------------------------------


class CoverageRow(Schema):
    cycle: str
    country: str
    country_name_ar: str
    country_name_en: str
    country_name_fr: str
    objective: int
    cluster: str
    confirmed: int
    suggested: int


class PracticeRow(Schema):
    id: int
    title: str
    language: str
    organization: str
    organization_category: str | None
    organization_country: str | None
    countries: str = Field(description="ISO codes separated by ';'")
    start_year: int
    end_year: int | None
    objectives: str = Field(description="Objective numbers separated by ';'")
    principles: str = Field(description="Guiding principle letters separated by ';'")
    stakeholder_categories: str = Field(description="Category codes separated by ';'")
    published_at: datetime.datetime | None
    url: str


class OpenDataDocument(Schema):
    license: str = Field(description="SPDX identifier: CC-BY-4.0")
    license_name: str
    license_url: str
    attribution: str
    source: str
    generated_at: datetime.datetime


class CoverageDownload(OpenDataDocument):
    data: list[CoverageRow]


class PracticeDownload(OpenDataDocument):
    data: list[PracticeRow]
