"""``cchc import-directive FILE [--yes] [--json]``: read a directive, show what would be created, create it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cchc.lib.text import clean_text
from cchc.lib.vbhc import parse_document
from cchc.units.models import OrgUnit

from ...importing import DuplicateDirectiveError, build_proposal, do_create_directive, read_upload


class Command(BaseCommand):
    help = ("Đọc một văn bản chỉ đạo (.txt, .md, .docx, .pdf), đối chiếu nơi nhận với đơn vị và in những gì sẽ tạo; "
            "--yes: tạo văn bản, nhiệm vụ, phân công và yêu cầu báo cáo; --json: in một đối tượng JSON.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="tệp văn bản cần nhập")
        parser.add_argument("--yes", action="store_true", help="tạo thật (mặc định chỉ in bản xem trước)")
        parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
        parser.add_argument("--not-ours", action="append", default=[], metavar="CỤM_TỪ",
                            help="cơ quan ngoài tỉnh: bỏ qua và ghi nhớ cho các lần nhập sau (lặp lại được)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp “{path}”: {exc.strerror or exc}.") from exc
        try:
            text = clean_text(read_upload(path.name, data))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        parsed = parse_document(text)
        proposal = build_proposal(parsed, text=text)
        codes = dict(OrgUnit.objects.values_list("pk", "code"))
        result: dict[str, Any] = {
            "file": str(path), "number": proposal["metadata"]["number"], "date": proposal["metadata"]["date"],
            "created": False, "directive": None, "tasks": [], "report_request": None,
            "unresolved": proposal["unresolved"], "duplicate_of": proposal["duplicate_of"],
            "warnings": proposal["warnings"], "outside": proposal.get("outside") or [],
        }
        if options["json"]:
            result["tasks"] = [{"label": t["label"], "units": [codes.get(pk) for pk in t["units"]],
                                "lead": [codes.get(pk) for pk in t["lead"]],
                                "partners": [codes.get(pk) for pk in t.get("partners") or []],
                                "due_date": t["due_date"],
                                "unresolved": t["unresolved"]} for t in proposal["tasks"]]
            request = proposal["report_request"]
            if request:
                result["report_request"] = {"deadline": request["deadline"], "send_to": request["send_to"],
                                            "units": len(request["units"])}
        else:
            self._summary(proposal, codes)

        error = None
        if proposal["duplicate_of"]:
            error = (f"Văn bản số {proposal['metadata']['number']} năm {proposal['metadata']['year']} đã được "
                     f"nhập (mã {proposal['duplicate_of']}): không tạo lại.")
        elif options["yes"]:
            try:
                directive = do_create_directive(proposal, acting_user=None, source_text=text,
                                                parsed=parsed.to_dict(), file_name=path.name, file_data=data,
                                                not_ours=options["not_ours"])
            except DuplicateDirectiveError as exc:
                error = " ".join(exc.messages)
                result["duplicate_of"] = exc.existing.pk
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                result["created"] = True
                result["directive"] = directive.pk
                result["task_ids"] = list(directive.tasks.values_list("pk", flat=True))
                result["report_request_ids"] = list(directive.report_requests.values_list("pk", flat=True))
                result["assignments"] = sum(task.assignments.count() for task in directive.tasks.all())
                if not options["json"]:
                    self.stdout.write(self.style.SUCCESS(
                        f"Đã tạo văn bản (mã {directive.pk}) với {len(result['task_ids'])} nhiệm vụ, "
                        f"{result['assignments']} phân công."))
        elif not options["json"]:
            self.stdout.write("Chưa tạo gì: chạy lại với --yes để tạo.")
        if options["json"]:
            if error:
                result["error"] = error
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        if error:
            raise CommandError(error)

    def _summary(self, proposal: dict[str, Any], codes: dict[int, str]) -> None:
        meta = proposal["metadata"]
        out = self.stdout.write
        out(f"Văn bản: {meta['doc_type'] or '?'} số {meta['number'] or '(không số)'}, ngày {meta['date'] or '?'}")
        out(f"Cơ quan ban hành: {meta['issuer'] or '?'}")
        out(f"Trích yếu: {meta['subject'] or '?'}")
        if meta["signer"]:
            out(f"Người ký: {meta['signer']} ({meta['signer_position']})")
        out(f"Văn bản được viện dẫn: {len(proposal['references'])}")
        for ref in proposal["references"]:
            out(f"  - {ref['doc_type']} {ref['number']} ngày {ref['date'] or '?'} của {ref['issuer'] or '?'}")
        out(f"Nhiệm vụ: {len(proposal['tasks'])}")
        for task in proposal["tasks"]:
            unit_codes = [codes.get(pk, str(pk)) for pk in task["units"]]
            lead = [codes.get(pk, str(pk)) for pk in task["lead"]]
            head = f"  {task['label'] or '-'}. {task['text'][:70]}"
            out(head + ("…" if len(task["text"]) > 70 else ""))
            out(f"     {len(unit_codes)} đơn vị: {', '.join(unit_codes) or '(chưa có)'}")
            if lead:
                out(f"     chủ trì: {', '.join(lead)}")
            if task["due_date"]:
                out(f"     hạn: {task['due_date']} ({task['due_text']})")
            partners = [codes.get(pk, str(pk)) for pk in task.get("partners") or []]
            if partners and lead:
                out(f"     phối hợp: {', '.join(partners)}")
            for phrase in task["unresolved"]:
                out(f"     chưa nhận ra: “{phrase}”")
        request = proposal["report_request"]
        if request:
            out(f"Yêu cầu báo cáo: hạn {request['deadline'] or '(không rõ)'}"
                f"{' qua ' + request['send_to'] if request['send_to'] else ''}, {len(request['units'])} đơn vị")
            out(f"  “{request['text'][:160]}”")
        else:
            out("Yêu cầu báo cáo: không tìm thấy.")
        if proposal["unresolved"]:
            out("Cụm từ chưa đối chiếu được với đơn vị nào:")
            for phrase in proposal["unresolved"]:
                out(f"  - {phrase}")
        else:
            out("Mọi nơi nhận đều đã đối chiếu được với đơn vị.")
        for phrase in proposal.get("outside") or []:
            out(f"Cơ quan ngoài tỉnh: “{phrase}” (dùng --not-ours để bỏ qua và ghi nhớ)")
        for warning in proposal["warnings"]:
            out(f"Lưu ý: {warning}")
