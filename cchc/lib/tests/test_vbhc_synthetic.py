"""Synthetic documents built from the Decree 30 rules and the quirks of real documents.

Each document is written the way real ones reach us (plain, tvpl-style tables, OCR, merged
columns, markup) and checked field by field.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from cchc.lib.vbhc import parse_document

QUYET_DINH = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NGÃI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 1234/QĐ-UBND
Quảng Ngãi, ngày 05 tháng 3 năm 2024

QUYẾT ĐỊNH
Về việc thành lập Tổ công tác cải cách hành chính tỉnh

CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách hành
chính nhà nước giai đoạn 2021 - 2030;
Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV ngày 01/3/2024.

QUYẾT ĐỊNH:

Điều 1. Thành lập Tổ công tác cải cách hành chính tỉnh gồm các thành viên có tên sau:
1. Ông Nguyễn Văn An, Phó Chủ tịch UBND tỉnh - Tổ trưởng;
2. Bà Trần Thị Bình, Giám đốc Sở Nội vụ - Tổ phó.
Điều 2. Tổ công tác có nhiệm vụ tham mưu Chủ tịch UBND tỉnh chỉ đạo công tác cải cách hành chính; báo cáo kết quả
hoạt động trước ngày 15/12/2024.
Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Nội vụ, Thủ trưởng các sở, ban, ngành và các cá nhân có tên tại
Điều 1 chịu trách nhiệm thi hành Quyết định này./.

Nơi nhận:
- Như Điều 3;
- Bộ Nội vụ (b/c);
- CT, các PCT UBND tỉnh;
- Lưu: VT, NC.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

(Đã ký)

Trần Phước Hiền
"""

CONG_DIEN = """ỦY BAN NHÂN DÂN
TỈNH THỪA THIÊN HUẾ

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 05/CĐ-UBND

Thừa Thiên Huế, ngày 12 tháng 10 năm 2023

CÔNG ĐIỆN
Về việc chủ động ứng phó với mưa lớn trên địa bàn tỉnh

CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:

- Giám đốc các sở, ban, ngành cấp tỉnh;
- Chủ tịch UBND các huyện, thị xã và thành phố Huế.

Theo bản tin dự báo của Đài Khí tượng Thủy văn tỉnh, từ đêm nay đến hết ngày 14/10/2023 trên địa bàn tỉnh có mưa
rất to. Để chủ động ứng phó, Chủ tịch UBND tỉnh yêu cầu:

1. Chủ tịch UBND các huyện, thị xã và thành phố Huế khẩn trương kiểm tra, rà soát các khu vực xung yếu.

2. Sở Nông nghiệp và Phát triển nông thôn chủ trì, theo dõi chặt chẽ diễn biến mưa lũ, báo cáo UBND tỉnh trước
16 giờ ngày 13/10/2023.

Nơi nhận:
- Như trên;
- Lưu: VT.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Hoàng Hải Minh
"""

THONG_BAO_BLANK = """VĂN PHÒNG CHÍNH PHỦ
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số:       /TB-VPCP
Hà Nội, ngày      tháng      năm 2025

THÔNG BÁO
Kết luận của Phó Thủ tướng tại cuộc họp về đẩy mạnh
chuyển đổi số trong giải quyết thủ tục hành chính

Ngày 10 tháng 3 năm 2025, Phó Thủ tướng chủ trì cuộc họp về chuyển đổi số. Sau khi nghe báo cáo, Phó Thủ tướng
kết luận như sau:
1. Các bộ, cơ quan ngang bộ hoàn thành việc tái cấu trúc quy trình trong quý II năm 2025.
2. Văn phòng Chính phủ tổng hợp, báo cáo Thủ tướng Chính phủ.

Văn phòng Chính phủ xin thông báo để các cơ quan biết, thực hiện./.

Nơi nhận:
- Thủ tướng, các Phó Thủ tướng;
- Lưu: VT, KSTT.

KT. BỘ TRƯỞNG, CHỦ NHIỆM
PHÓ CHỦ NHIỆM

Nguyễn Sỹ Hiệp
"""

BAO_CAO = """UBND TỈNH KHÁNH HOÀ
SỞ NỘI VỤ
CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập – Tự do – Hạnh phúc

Số: 210/BC-SNV
Khánh Hoà, ngày 20 tháng 9 năm 2024

BÁO CÁO
Kết quả công tác cải cách hành chính quý III năm 2024

Kính gửi: Ủy ban nhân dân tỉnh Khánh Hoà.

Thực hiện Kế hoạch số 55/KH-UBND ngày 10/01/2024 của UBND tỉnh, Sở Nội vụ báo cáo kết quả như sau:
I. KẾT QUẢ ĐẠT ĐƯỢC
1. Công tác chỉ đạo, điều hành được quan tâm.
2. Cải cách thủ tục hành chính có chuyển biến.
II. ĐỀ XUẤT, KIẾN NGHỊ
Đề nghị UBND tỉnh chỉ đạo các sở, ngành tiếp tục đẩy mạnh cải cách hành chính.

Nơi nhận:
- Như trên;
- Lưu: VT, CCHC.

GIÁM ĐỐC

Lê Văn Thuỷ
"""

TO_TRINH = """SỞ TƯ PHÁP TỈNH NAM ĐỊNH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 33/TTr-STP
Nam Định, ngày 02 tháng 02 năm 2023
TỜ TRÌNH
Về việc đề nghị ban hành Kế hoạch phổ biến, giáo dục pháp luật năm 2023
Kính gửi: Ủy ban nhân dân tỉnh Nam Định.
Căn cứ Quyết định số 1521/QĐ-TTg ngày 06/10/2022 của Thủ tướng Chính phủ, Sở Tư pháp kính trình UBND tỉnh xem
xét, ban hành Kế hoạch phổ biến, giáo dục pháp luật năm 2023 (có dự thảo kèm theo).
Kính trình UBND tỉnh xem xét, quyết định./.
Nơi nhận:
- Như trên;
- Lưu: VT, PBGDPL.
GIÁM ĐỐC
Phạm Thị Hoà
"""

GIAY_MOI = """BỘ NỘI VỤ
VỤ CẢI CÁCH HÀNH CHÍNH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 17/GM-CCHC
Hà Nội, ngày 08 tháng 01 năm 2025
GIẤY MỜI
Dự Hội nghị tổng kết công tác cải cách hành chính năm 2024
Vụ Cải cách hành chính trân trọng kính mời đại diện lãnh đạo Sở Nội vụ các tỉnh, thành phố dự Hội nghị.
Thời gian: 08 giờ 00, ngày 20/01/2025.
Địa điểm: Hội trường Bộ Nội vụ, số 8 Tôn Thất Thuyết, Hà Nội.
Đề nghị các đơn vị đăng ký danh sách đại biểu trước ngày 15/01/2025./.
Nơi nhận:
- Như trên;
- Lưu: VT, CCHC.
TL. BỘ TRƯỞNG
VỤ TRƯỞNG VỤ CẢI CÁCH HÀNH CHÍNH
Phạm Minh Hùng
"""

OCR_MERGED = """Ký bởi: Sở Nội vụ
Thời gian ký: 04.04.2023 09:12

UBND TỈNH BÌNH ĐỊNH CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ NỘI VỤ Độc lập — Tự do — Hạnh phúc
Số: 456/SNV-CCHC Bình Định, ngày 3 tháng 4 năm 2023

V/v báo cáo kết quả thực hiện
nhiệm vụ CCHC quý I năm 2023

Kính gửi: Ủy ban nhân dân các huyện, thị xã, thành phố.

Đề nghị UBND các huyện, thị xã, thành phố báo cáo kết quả thực hiện nhiệm vụ cải cách hành chính quý I năm 2023,
gửi về Sở Nội vụ chậm nhất ngày 10/4/2023 để tổng hợp./.

Nơi nhận: KT. GIÁM ĐỐC
- Như trên; PHÓ GIÁM ĐỐC
- Lưu: VT, CCHC.

Nguyễn Văn Hùng
"""

HEADER_TABLE = """| ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
| TỈNH LÂM ĐỒNG | Độc lập - Tự do - Hạnh phúc |
| Số: 789/UBND-VX | Lâm Đồng, ngày 10 tháng 8 năm 2022 |
| V/v tăng cường công tác phòng, chống dịch bệnh | |

Kính gửi:
- Sở Y tế;
- UBND các huyện, thành phố.

Ủy ban nhân dân tỉnh yêu cầu Sở Y tế chủ trì, phối hợp với UBND các huyện, thành phố triển khai ngay các biện
pháp phòng, chống dịch; báo cáo kết quả trong tháng 9 năm 2022./.

| Nơi nhận: | TM. ỦY BAN NHÂN DÂN |
| - Như trên; | KT. CHỦ TỊCH |
| - Lưu: VT, VX. | PHÓ CHỦ TỊCH |
| | Đặng Trí Dũng |
"""

GLUED = """SỞ TƯ PHÁP CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc
Số: 15/STP-HCTP V/v góp ý dự thảo Quyết định ban hành Quy chế phối hợp
Đà Lạt, ngày 07 tháng 6 năm 2022 Kính gửi: Sở Nội vụ tỉnh Lâm Đồng
Phúc đáp Công văn số 120/SNV-TCBC ngày 30/5/2022 của Sở Nội vụ về việc góp ý dự thảo, Sở Tư pháp có ý kiến
thống nhất với nội dung dự thảo./.
Nơi nhận:
- Như trên;
- Lưu: VT.
KT GIÁM ĐỐC PHÓ GIÁM ĐỐC Lê Thị Mai
"""

MARKUP = """|
**ỦY BAN NHÂN DÂN**
**THÀNH PHỐ CẦN THƠ**
--------
|
**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**
**Độc lập - Tự do - Hạnh phúc**
---------------
|
|
Số:  58/KH-UBND
|
*Cần
Thơ, ngày 14 tháng 02 năm 2025*
|
**KẾ** **HOẠCH**
CẢI CÁCH HÀNH CHÍNH NĂM 2025
Căn cứ Quyết định số 12/QĐ-UBND ngày 05/01/2025 của UBND thành phố, UBND thành phố ban hành Kế hoạch như sau:
**I. MỤC TIÊU**
Nâng cao chất lượng phục vụ người dân.
**II. NHIỆM VỤ**
1. Sở Nội vụ chủ trì tham mưu triển khai Kế hoạch; báo cáo kết quả trước ngày **26/11/2025 **.
2. Các sở, ban, ngành thành phố thực hiện nhiệm vụ được giao trong quý I năm 2026.
|
*Nơi nhận:*
- Như trên;
- Lưu: VT.
|
**TM. ỦY BAN NHÂN
DÂN **
**KT. CHỦ TỊCH**
PHÓ CHỦ TỊCH
**Trương
Cảnh Tuyên**
"""

NO_HEADER = """KẾ HOẠCH
Triển khai Đề án 06 năm 2024

I. MỤC ĐÍCH
Đẩy mạnh ứng dụng dữ liệu dân cư.
II. TỔ CHỨC THỰC HIỆN
1. Công an tỉnh chủ trì, hướng dẫn các đơn vị triển khai.
2. Các sở, ban, ngành đến hết tháng 12 năm 2024 hoàn thành việc kết nối dữ liệu.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
"""

NESTED_TUQ = """ỦY BAN NHÂN DÂN
HUYỆN ĐỨC CƠ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 301/UBND-NV
Đức Cơ, ngày 11 tháng 4 năm 2019
V/v nộp hồ sơ thi đua khen thưởng
Kính gửi: Các cơ quan, đơn vị trên địa bàn huyện.
Các cơ quan, đơn vị hoàn thành hồ sơ đề nghị khen thưởng trong thời hạn 05 ngày làm việc kể từ ngày ký văn bản
này. Hồ sơ gửi về Phòng Nội vụ huyện định kỳ ngày 15 tháng 12 hằng năm.
Nơi nhận:
- Như trên;
- Lưu: VT.
TUQ. CHỦ TỊCH
TRƯỞNG PHÒNG NỘI VỤ
Rơ Châm Hyơn
"""

NGHI_QUYET_HDND = """|
**HỘI ĐỒNG NHÂN DÂN**
**TỈNH ĐẮK LẮK**
-------
|
**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**
**Độc lập - Tự do - Hạnh phúc**
---------------
|
|
Số: 15/2024/NQ-HĐND
|
*Đắk Lắk, ngày 12 tháng 7 năm 2024*
|
**NGHỊ QUYẾT**
QUY ĐỊNH MỨC CHI HỖ TRỢ CÔNG TÁC CẢI CÁCH HÀNH CHÍNH TRÊN ĐỊA BÀN TỈNH
**HỘI ĐỒNG NHÂN DÂN TỈNH ĐẮK LẮK**
**KHÓA X, KỲ HỌP THỨ MƯỜI**
*Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;*
*Xét Tờ trình số 88/TTr-UBND ngày 20 tháng 6 năm 2024 của Ủy ban nhân dân tỉnh.*
**QUYẾT NGHỊ:**
**Điều 1.** Quy định mức chi hỗ trợ công tác cải cách hành chính.
**Điều 2.** Giao Ủy ban nhân dân tỉnh tổ chức triển khai thực hiện Nghị quyết này.
Nghị quyết này có hiệu lực từ ngày 01 tháng 8 năm 2024./.
|
*Nơi nhận:*
- Ủy ban Thường vụ Quốc hội;
- Lưu: VT, CTHĐND.
|
**CHỦ TỊCH**
**Huỳnh Thị Chiến Hòa**
"""

PARTY_PLAN = """ĐẢNG BỘ TỈNH GIA LAI
BAN THƯỜNG VỤ TỈNH ỦY
*
Số 125-KH/TU
ĐẢNG CỘNG SẢN VIỆT NAM
Gia Lai, ngày 03 tháng 3 năm 2021
KẾ HOẠCH
thực hiện Nghị quyết số 02-NQ/TU ngày 01/7/2016 của Tỉnh ủy về cải cách hành chính
Các cấp ủy, tổ chức đảng báo cáo kết quả trước ngày 20 hằng tháng và tổng kết trong quý IV năm 2021.
Nơi nhận:
- Các đảng bộ trực thuộc;
- Lưu Văn phòng Tỉnh ủy.
T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ
Châu Ngọc Tuấn
"""

ODD_HEADER = """BỘ QUỐC PHÒNG
BỘ CHỈ HUY QUÂN SỰ TỈNH KON TUM
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số:
1520/BCH-TM
Kon Tum, ngày 05/3/2024
V/v tổ chức huấn luyện lực lượng dân quân năm 2024
Kính gửi: Ban Chỉ huy Quân sự các huyện, thành phố.
Các đơn vị hoàn thành kế hoạch huấn luyện chậm nhất ngày 25/3/2024./.
Nơi nhận:
- Như trên;
- Lưu: VT, TM.
KT. CHỈ HUY TRƯỞNG
PHÓ CHỈ HUY TRƯỞNG
Đại tá Nguyễn Văn Lâm
"""

THONG_BAO_KET_LUAN = """VĂN PHÒNG UBND TỈNH BÌNH PHƯỚC
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 77/TB-VP
Bình Phước, ngày 18 tháng 4 năm 2023
THÔNG BÁO KẾT LUẬN CỦA PHÓ CHỦ TỊCH UBND TỈNH
TẠI CUỘC HỌP GIAO BAN CẢI CÁCH HÀNH CHÍNH QUÝ I NĂM 2023
Ngày 12/4/2023, Phó Chủ tịch UBND tỉnh chủ trì cuộc họp. Sau khi nghe báo cáo, Phó Chủ tịch kết luận:
1. Sở Nội vụ tham mưu hoàn thành Bộ chỉ số cải cách hành chính đến hết tháng 6 năm 2023.
Văn phòng UBND tỉnh thông báo để các cơ quan biết, thực hiện./.
Nơi nhận:
- Các sở, ban, ngành;
- Lưu: VT.
TL. CHÁNH VĂN PHÒNG
PHÓ CHÁNH VĂN PHÒNG
Lê Thị Ngọc Hân
"""


def _check(doc: Any, expected: dict[str, Any]) -> None:
    d = doc.to_dict()
    for key, want in expected.items():
        if key == "signer":
            got = d["signature"]["signer"]
        elif key == "authority":
            got = d["signature"]["authority"]
        elif key == "position":
            got = d["signature"]["position"]
        elif key == "deadline_dates":
            got = [x["date"] for x in d["deadlines"]]
        elif key == "reference_numbers":
            got = [r["number"] for r in d["references"]]
        elif key == "section_labels":
            got = [s["label"] for s in d["sections"]]
        else:
            got = d[key]
        assert got == want, f"{key}: {got!r} != {want!r}"


CASES: list[tuple[str, str, dict[str, Any]]] = [
    (
        "quyet_dinh",
        QUYET_DINH,
        {
            "issuer": "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
            "parent_issuer": None,
            "number": "1234/QĐ-UBND",
            "symbol": "QĐ-UBND",
            "type": "Quyết định",
            "place": "Quảng Ngãi",
            "date": "2024-03-05",
            "subject": "Về việc thành lập Tổ công tác cải cách hành chính tỉnh",
            "recipients": [],
            "reference_numbers": ["76/NQ-CP", "45/TTr-SNV"],
            "deadline_dates": ["2024-12-15"],
            "section_labels": ["Điều 1", "Điều 2", "Điều 3"],
            "authority": ["KT. CHỦ TỊCH"],
            "position": "PHÓ CHỦ TỊCH",
            "signer": "Trần Phước Hiền",
            "cc": ["Như Điều 3", "Bộ Nội vụ (b/c)", "CT, các PCT UBND tỉnh", "Lưu: VT, NC"],
        },
    ),
    (
        "cong_dien",
        CONG_DIEN,
        {
            "issuer": "ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ",
            "number": "05/CĐ-UBND",
            "type": "Công điện",
            "place": "Thừa Thiên Huế",
            "date": "2023-10-12",
            "subject": "Về việc chủ động ứng phó với mưa lớn trên địa bàn tỉnh",
            "recipients": [
                "Giám đốc các sở, ban, ngành cấp tỉnh",
                "Chủ tịch UBND các huyện, thị xã và thành phố Huế",
            ],
            "deadline_dates": ["2023-10-13"],
            "section_labels": ["1", "2"],
            "authority": ["KT. CHỦ TỊCH"],
            "position": "PHÓ CHỦ TỊCH",
            "signer": "Hoàng Hải Minh",
        },
    ),
    (
        "thong_bao_blank",
        THONG_BAO_BLANK,
        {
            "issuer": "VĂN PHÒNG CHÍNH PHỦ",
            "number": None,
            "symbol": "TB-VPCP",
            "type": "Thông báo",
            "place": "Hà Nội",
            "date": None,
            "subject": (
                "Kết luận của Phó Thủ tướng tại cuộc họp về đẩy mạnh chuyển đổi số trong giải quyết thủ tục hành chính"
            ),
            "deadline_dates": ["2025-06-30"],
            "authority": ["KT. BỘ TRƯỞNG, CHỦ NHIỆM"],
            "position": "PHÓ CHỦ NHIỆM",
            "signer": "Nguyễn Sỹ Hiệp",
        },
    ),
    (
        "bao_cao",
        BAO_CAO,
        {
            "issuer": "SỞ NỘI VỤ",
            "parent_issuer": "UBND TỈNH KHÁNH HOÀ",
            "number": "210/BC-SNV",
            "type": "Báo cáo",
            "place": "Khánh Hoà",
            "date": "2024-09-20",
            "subject": "Kết quả công tác cải cách hành chính quý III năm 2024",
            "recipients": ["Ủy ban nhân dân tỉnh Khánh Hoà"],
            "reference_numbers": ["55/KH-UBND"],
            "section_labels": ["I", "II"],
            "authority": [],
            "position": "GIÁM ĐỐC",
            "signer": "Lê Văn Thuỷ",
        },
    ),
    (
        "to_trinh",
        TO_TRINH,
        {
            "issuer": "SỞ TƯ PHÁP TỈNH NAM ĐỊNH",
            "number": "33/TTr-STP",
            "type": "Tờ trình",
            "place": "Nam Định",
            "date": "2023-02-02",
            "subject": "Về việc đề nghị ban hành Kế hoạch phổ biến, giáo dục pháp luật năm 2023",
            "recipients": ["Ủy ban nhân dân tỉnh Nam Định"],
            "reference_numbers": ["1521/QĐ-TTg"],
            "position": "GIÁM ĐỐC",
            "signer": "Phạm Thị Hoà",
        },
    ),
    (
        "giay_moi",
        GIAY_MOI,
        {
            "issuer": "VỤ CẢI CÁCH HÀNH CHÍNH",
            "parent_issuer": "BỘ NỘI VỤ",
            "number": "17/GM-CCHC",
            "type": "Giấy mời",
            "place": "Hà Nội",
            "date": "2025-01-08",
            "subject": "Dự Hội nghị tổng kết công tác cải cách hành chính năm 2024",
            "deadline_dates": ["2025-01-15"],
            "authority": ["TL. BỘ TRƯỞNG"],
            "position": "VỤ TRƯỞNG VỤ CẢI CÁCH HÀNH CHÍNH",
            "signer": "Phạm Minh Hùng",
        },
    ),
    (
        "ocr_merged",
        OCR_MERGED,
        {
            "issuer": "SỞ NỘI VỤ",
            "parent_issuer": "UBND TỈNH BÌNH ĐỊNH",
            "number": "456/SNV-CCHC",
            "type": "Công văn",
            "place": "Bình Định",
            "date": "2023-04-03",
            "subject": "báo cáo kết quả thực hiện nhiệm vụ CCHC quý I năm 2023",
            "recipients": ["Ủy ban nhân dân các huyện, thị xã, thành phố"],
            "deadline_dates": ["2023-04-10"],
            "authority": ["KT. GIÁM ĐỐC"],
            "position": "PHÓ GIÁM ĐỐC",
            "signer": "Nguyễn Văn Hùng",
            "cc": ["Như trên", "Lưu: VT, CCHC"],
        },
    ),
    (
        "header_table",
        HEADER_TABLE,
        {
            "issuer": "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG",
            "number": "789/UBND-VX",
            "type": "Công văn",
            "place": "Lâm Đồng",
            "date": "2022-08-10",
            "subject": "tăng cường công tác phòng, chống dịch bệnh",
            "recipients": ["Sở Y tế", "UBND các huyện, thành phố"],
            "deadline_dates": ["2022-09-30"],
            "authority": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"],
            "position": "PHÓ CHỦ TỊCH",
            "signer": "Đặng Trí Dũng",
            "cc": ["Như trên", "Lưu: VT, VX"],
        },
    ),
    (
        "glued",
        GLUED,
        {
            "issuer": "SỞ TƯ PHÁP",
            "number": "15/STP-HCTP",
            "type": "Công văn",
            "place": "Đà Lạt",
            "date": "2022-06-07",
            "subject": "góp ý dự thảo Quyết định ban hành Quy chế phối hợp",
            "recipients": ["Sở Nội vụ tỉnh Lâm Đồng"],
            "reference_numbers": ["120/SNV-TCBC"],
            "authority": ["KT GIÁM ĐỐC"],
            "position": "PHÓ GIÁM ĐỐC",
            "signer": "Lê Thị Mai",
        },
    ),
    (
        "markup",
        MARKUP,
        {
            "issuer": "ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ",
            "number": "58/KH-UBND",
            "type": "Kế hoạch",
            "place": "Cần Thơ",
            "date": "2025-02-14",
            "subject": "CẢI CÁCH HÀNH CHÍNH NĂM 2025",
            "deadline_dates": ["2025-11-26", "2026-03-31"],
            "section_labels": ["I", "II"],
            "authority": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"],
            "position": "PHÓ CHỦ TỊCH",
            "signer": "Trương Cảnh Tuyên",
        },
    ),
    (
        "no_header",
        NO_HEADER,
        {
            "issuer": None,
            "number": None,
            "type": "Kế hoạch",
            "place": None,
            "date": None,
            "subject": "Triển khai Đề án 06 năm 2024",
            "section_labels": ["I", "II"],
            "authority": ["TM. ỦY BAN NHÂN DÂN"],
            "position": "CHỦ TỊCH",
            "signer": None,
            "cc": [],
        },
    ),
    (
        "nested_tuq",
        NESTED_TUQ,
        {
            "issuer": "ỦY BAN NHÂN DÂN HUYỆN ĐỨC CƠ",
            "number": "301/UBND-NV",
            "type": "Công văn",
            "place": "Đức Cơ",
            "date": "2019-04-11",
            "subject": "nộp hồ sơ thi đua khen thưởng",
            "recipients": ["Các cơ quan, đơn vị trên địa bàn huyện"],
            "deadline_dates": ["2019-04-18", "2019-12-15"],
            "authority": ["TUQ. CHỦ TỊCH"],
            "position": "TRƯỞNG PHÒNG NỘI VỤ",
            "signer": "Rơ Châm Hyơn",
        },
    ),
]


CASES += [
    (
        "nghi_quyet_hdnd",
        NGHI_QUYET_HDND,
        {
            "issuer": "HỘI ĐỒNG NHÂN DÂN TỈNH ĐẮK LẮK",
            "number": "15/2024/NQ-HĐND",
            "symbol": "NQ-HĐND",
            "type": "Nghị quyết",
            "place": "Đắk Lắk",
            "date": "2024-07-12",
            "subject": "QUY ĐỊNH MỨC CHI HỖ TRỢ CÔNG TÁC CẢI CÁCH HÀNH CHÍNH TRÊN ĐỊA BÀN TỈNH",
            "reference_numbers": ["88/TTr-UBND"],
            "deadline_dates": [],
            "section_labels": ["Điều 1", "Điều 2"],
            "authority": [],
            "position": "CHỦ TỊCH",
            "signer": "Huỳnh Thị Chiến Hòa",
        },
    ),
    (
        "party_plan",
        PARTY_PLAN,
        {
            "issuer": "BAN THƯỜNG VỤ TỈNH ỦY",
            "parent_issuer": "ĐẢNG BỘ TỈNH GIA LAI",
            "number": "125-KH/TU",
            "symbol": "KH/TU",
            "type": "Kế hoạch",
            "place": "Gia Lai",
            "date": "2021-03-03",
            "subject": "thực hiện Nghị quyết số 02-NQ/TU ngày 01/7/2016 của Tỉnh ủy về cải cách hành chính",
            "reference_numbers": ["02-NQ/TU"],
            "deadline_dates": ["2021-03-20", "2021-12-31"],
            "authority": ["T/M BAN THƯỜNG VỤ"],
            "position": "PHÓ BÍ THƯ",
            "signer": "Châu Ngọc Tuấn",
            "cc": ["Các đảng bộ trực thuộc", "Lưu Văn phòng Tỉnh ủy"],
        },
    ),
    (
        "odd_header",
        ODD_HEADER,
        {
            "issuer": "BỘ CHỈ HUY QUÂN SỰ TỈNH KON TUM",
            "parent_issuer": "BỘ QUỐC PHÒNG",
            "number": "1520/BCH-TM",
            "type": "Công văn",
            "place": "Kon Tum",
            "date": "2024-03-05",
            "subject": "tổ chức huấn luyện lực lượng dân quân năm 2024",
            "recipients": ["Ban Chỉ huy Quân sự các huyện, thành phố"],
            "deadline_dates": ["2024-03-25"],
            "authority": ["KT. CHỈ HUY TRƯỞNG"],
            "position": "PHÓ CHỈ HUY TRƯỞNG",
            "signer": "Nguyễn Văn Lâm",
        },
    ),
    (
        "thong_bao_ket_luan",
        THONG_BAO_KET_LUAN,
        {
            "issuer": "VĂN PHÒNG UBND TỈNH BÌNH PHƯỚC",
            "number": "77/TB-VP",
            "type": "Thông báo",
            "place": "Bình Phước",
            "date": "2023-04-18",
            "subject": ("KẾT LUẬN CỦA PHÓ CHỦ TỊCH UBND TỈNH TẠI CUỘC HỌP GIAO BAN CẢI CÁCH HÀNH CHÍNH QUÝ I NĂM 2023"),
            "deadline_dates": ["2023-06-30"],
            "section_labels": ["1"],
            "authority": ["TL. CHÁNH VĂN PHÒNG"],
            "position": "PHÓ CHÁNH VĂN PHÒNG",
            "signer": "Lê Thị Ngọc Hân",
        },
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_synthetic_document(name: str, text: str, expected: dict[str, Any]) -> None:
    _check(parse_document(text), expected)


def test_it_keeps_sections_addressees_of_a_plan() -> None:
    doc = parse_document(MARKUP)
    assert doc.sections[1].addressees == ["Sở Nội vụ", "Các sở, ban, ngành thành phố"]


def test_it_warns_about_an_image_only_signature() -> None:
    doc = parse_document(NO_HEADER)
    assert any("họ tên người ký" in w for w in doc.warnings)
    assert any("Nơi nhận" in w for w in doc.warnings)


def test_it_reads_relative_working_day_deadlines() -> None:
    doc = parse_document(NESTED_TUQ)
    rel = [d for d in doc.deadlines if d.kind == "relative"]
    assert len(rel) == 1
    # 11/4/2019 is a Thursday; Hùng Kings' day (10/3 lunar) fell on Sunday 14/4/2019
    assert rel[0].date == date(2019, 4, 18)
