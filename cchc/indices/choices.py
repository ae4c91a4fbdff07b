from django.db import models
from django.utils.translation import gettext_lazy as _


class IndexKind(models.TextChoices):
    PAR_INDEX = "par-index", "PAR INDEX"
    PAPI = "papi", "PAPI"
    SIPAS = "sipas", "SIPAS"
    PCI = "pci", "PCI"


INDEX_NAMES = {
    IndexKind.PAR_INDEX: "Chỉ số cải cách hành chính (PAR INDEX)",
    IndexKind.PAPI: "Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI)",
    IndexKind.SIPAS: "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)",
    IndexKind.PCI: "Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)",
}
INDEX_UNITS = {IndexKind.PAR_INDEX: "%", IndexKind.PAPI: "điểm", IndexKind.SIPAS: "%", IndexKind.PCI: "điểm"}


class UnitGroup(models.TextChoices):
    DEPARTMENT = "department", _("departments")
    DISTRICT = "district", _("districts")
