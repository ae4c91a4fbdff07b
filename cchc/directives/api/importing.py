"""``POST /api/v1/directives/import/``: read a document into a proposal, or (``confirm=true``) create it as is."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cchc.core.choices import Action
from cchc.core.permissions import can
from cchc.lib.text import clean_text

from ..importing import (
    DuplicateDirectiveError,
    check_mappings,
    check_proposal,
    do_confirm_import,
    do_start_import,
    refresh_proposal,
)
from ..models import Directive, ImportDraft

TRUE = {"1", "true", "yes", "on"}


def _truthy(value: Any) -> bool:
    return value is True or str(value).strip().lower() in TRUE


def _messages(exc: ValidationError) -> str:
    return " ".join(exc.messages)


class DirectiveImportView(APIView):
    """Import a directive (coordinators and administrators).

    Send a ``file`` (multipart: .txt, .md, .docx, .pdf) or the ``text``: the answer is the preview
    ``{"draft": id, "proposal": {...}}``. With ``confirm=true`` the directive is created from the proposal as
    read (201 ``{"id", "number", "tasks", "unresolved"}``); to confirm a draft after correcting it, send
    ``{"draft": id, "proposal": {...}, "mappings": {"phrase": unit_id}, "not_ours": ["phrase"], "confirm": true}``
    (``not_ours``: bodies outside the province, left out now and remembered for later imports).

    Each task of the proposal carries ``lead`` and ``partners`` (unit ids) and ``phrases`` (``text``, ``role``,
    ``unit_ids``, ``unresolved``); the proposal lists the phrases still ``unresolved``, the ``outside`` ones (bodies
    that look outside the province) and ``warnings`` (one names the other authority when the document is not the
    province's own). Confirmation follows the same rules as the import page (every task has content and a unit;
    a task whose lead was not recognised needs one): 400 with the reasons otherwise. A number already imported
    for that year answers 409; a file that cannot be read, 400 with the reason.
    """

    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        request={"multipart/form-data": OpenApiTypes.OBJECT, "application/json": OpenApiTypes.OBJECT},
        responses={200: OpenApiTypes.OBJECT, 201: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT,
                   403: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT},
        examples=[OpenApiExample("Paste", value={"text": "ỦY BAN NHÂN DÂN TỈNH GIA LAI …", "confirm": False})],
    )
    def post(self, request: Request) -> Response:
        if not can(request.user, Action.ADD, Directive):
            return Response({"detail": _("Only coordinators and administrators can import directives.")},
                            status=status.HTTP_403_FORBIDDEN)
        data = request.data
        if not hasattr(data, "get"):  # a JSON list, string or number
            return Response({"detail": _("The request must be a JSON object (with “text”, or “draft” and "
                                         "“proposal”).")}, status=status.HTTP_400_BAD_REQUEST)
        confirm = _truthy(data.get("confirm"))
        try:
            if data.get("draft"):
                draft = get_object_or_404(ImportDraft, pk=int(data["draft"]))
                proposal = data.get("proposal")
                if proposal is not None:
                    draft.proposal = refresh_proposal(check_proposal(proposal))
                    draft.save(update_fields=["proposal"])
            else:
                draft = do_start_import(acting_user=request.user, uploaded_file=request.FILES.get("file"),
                                        text=data.get("text") if isinstance(data.get("text"), str) else None)
            if not confirm:
                return Response({"draft": draft.pk, "proposal": draft.proposal})
            mappings = data.get("mappings") if isinstance(data.get("mappings"), dict) else None
            if mappings is not None:
                mappings = check_mappings(mappings)
            not_ours = data.get("not_ours")
            if not_ours is not None and (not isinstance(not_ours, list)
                                         or not all(isinstance(p, str) for p in not_ours)):
                raise ValidationError(_("“not_ours” must be a list of phrases."))
            not_ours = [clean_text(p) for p in not_ours] if not_ours else not_ours
            directive = do_confirm_import(draft, draft.proposal, acting_user=request.user, mappings=mappings,
                                          not_ours=not_ours)
        except DuplicateDirectiveError as exc:
            return Response({"detail": _messages(exc), "duplicate_of": exc.existing.pk,
                             "url": exc.existing.get_absolute_url()}, status=status.HTTP_409_CONFLICT)
        except PermissionDenied as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
        except ValidationError as exc:
            return Response({"detail": _messages(exc)}, status=status.HTTP_400_BAD_REQUEST)
        except (TypeError, ValueError):
            return Response({"detail": _("The draft must be a number.")}, status=status.HTTP_400_BAD_REQUEST)
        unresolved = [p for p in draft.proposal.get("unresolved") or []
                      if p not in (mappings or {}) and p not in (not_ours or [])]
        return Response({"id": directive.pk, "number": directive.number, "tasks": directive.tasks.count(),
                         "unresolved": unresolved}, status=status.HTTP_201_CREATED)
