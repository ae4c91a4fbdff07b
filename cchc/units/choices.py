"""The starting list of unit kinds (an editable table; these codes are what later apps refer to)."""

PROVINCE = "province"
DEPARTMENT = "department"
DISTRICT = "district"
COMMUNE = "commune"
MASS_ORG = "mass-org"
PRESS = "press"
BROADCASTER = "broadcaster"
PORTAL = "portal"
SERVICE_CENTRE = "service-centre"
POST = "post"
OTHER = "other"

# (code, name, plural name used in documents, order)
DEFAULT_KINDS = [
    (PROVINCE, "Tỉnh", "Ủy ban nhân dân tỉnh", 0),
    (DEPARTMENT, "Sở, ban, ngành tỉnh", "Các sở, ban, ngành tỉnh", 10),
    (DISTRICT, "UBND cấp huyện", "UBND các huyện, thị xã, thành phố", 20),
    (COMMUNE, "UBND cấp xã", "UBND các xã, phường, thị trấn", 30),
    (MASS_ORG, "Mặt trận, đoàn thể", "Mặt trận Tổ quốc và các đoàn thể tỉnh", 40),
    (PRESS, "Báo chí", "Các cơ quan báo chí", 50),
    (BROADCASTER, "Đài Phát thanh - Truyền hình", "Đài Phát thanh - Truyền hình", 60),
    (PORTAL, "Cổng thông tin điện tử", "Cổng thông tin điện tử", 70),
    (SERVICE_CENTRE, "Trung tâm Phục vụ hành chính công", "Trung tâm Phục vụ hành chính công", 80),
    (POST, "Bưu điện", "Bưu điện", 90),
    (OTHER, "Khác", "Đơn vị khác", 100),
]
