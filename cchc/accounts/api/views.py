from __future__ import annotations

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class ObtainTokenView(APIView):
    """Exchange a user name and password for an API token: ``Authorization: Token <token>``."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_scope = "auth"

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField()})},
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data)
        if not serializer.is_valid():
            return Response({"detail": _("Enter a user name and a password.")}, status=status.HTTP_400_BAD_REQUEST)
        user = authenticate(request._request, username=serializer.validated_data["username"],
                            password=serializer.validated_data["password"])
        if user is None or not user.is_active:
            return Response({"detail": _("Wrong user name or password.")}, status=status.HTTP_400_BAD_REQUEST)
        if getattr(user, "must_change_password", False):
            return Response({"detail": _("This account has a temporary password: sign in on the website and "
                                         "choose your own password before asking for an API token.")},
                            status=status.HTTP_403_FORBIDDEN)
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
