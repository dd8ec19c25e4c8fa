"""/api/v1/members/: committees, profiles (R-EX-12), the public profile, contact
assignments and gaps (R-EX-08).

Reads start from the selectors (``restrict(user, "change")`` for cadres, the linked Person
for a member); out of scope answers 404. Writes go through services.profiles.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from lvzhi.core.accounts.api import PasswordChangeNotRequired
from lvzhi.core.api import ApiPagination
from lvzhi.core.api_errors import validated
from lvzhi.core.periods import today_local
from lvzhi.members.filters import BACKENDS
from lvzhi.members.models import ContactAssignment, MemberProfile
from lvzhi.members.profiles import filters, selectors, services
from lvzhi.members.profiles import serializers as s
from lvzhi.orgs.models import Organization

TAG = "members 执委履职"
NOT_FOUND = OpenApiResponse(description=gettext_lazy("不存在或不在您的管理范围内"))
BAD_REQUEST = OpenApiResponse(description=gettext_lazy("数据有误，按字段给出中文说明"))


# 执委会 ---------------------------------------------------------------------


@extend_schema(
    tags=[TAG],
    summary=gettext_lazy("执委会：在任执委、联系对象（R-EX-08）与人数判定（R-MB-01/02/03）"),
    responses={200: s.CommitteeSerializer, 404: NOT_FOUND},
)
class CommitteeView(APIView):
    permission_classes = [IsAuthenticated, PasswordChangeNotRequired]

    def get(self, request, org_pk):
        org = selectors.committee_organization(request.user, org_pk)
        data = selectors.committee(org, today_local())
        return Response(s.CommitteeSerializer(data, context={"request": request}).data)


@extend_schema(
    tags=[TAG],
    summary=gettext_lazy("下级组织执委联系对象缺口（R-EX-08），按组织分页"),
    responses={200: s.OrgGapsSerializer(many=True), 404: NOT_FOUND},
)
class ContactGapsView(generics.GenericAPIView):
    permission_classes = [IsAuthenticated, PasswordChangeNotRequired]
    pagination_class = ApiPagination
    serializer_class = s.OrgGapsSerializer
    queryset = Organization.objects.none()  # for the schema generator

    def get(self, request, org_pk):
        org = selectors.committee_organization(request.user, org_pk)
        today = today_local()
        page = self.paginate_queryset(selectors.committee_organizations(request.user, org, today))
        rows = selectors.contact_gaps(page, today)
        return self.get_paginated_response(s.OrgGapsSerializer(rows, many=True).data)


# 执委资料 -------------------------------------------------------------------


def _profile_response(request, person):
    profile = selectors.profile_of(person)
    return Response(s.ProfileSerializer(profile, context={"request": request}).data)


def _profile_update(request, person):
    data = validated(s.ProfileWriteSerializer, request)
    services.profile_update(actor=request.user, person=person, **data)
    return _profile_response(request, person)


@extend_schema(tags=[TAG])
class ProfileListView(generics.ListAPIView):
    """Saved profiles the user may read: her cadre scope, and her own."""

    permission_classes = [IsAuthenticated, PasswordChangeNotRequired]
    pagination_class = ApiPagination
    serializer_class = s.ProfileSerializer
    queryset = MemberProfile.objects.none()
    filter_backends = BACKENDS
    filterset_class = filters.ProfileFilter

    @extend_schema(
        summary=gettext_lazy("执委资料列表（管理范围内及本人）"),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.visible_profiles(self.request.user).order_by("org_path", "id")


@extend_schema(tags=[TAG])
class ProfileView(APIView):
    """One member's profile by her person id: the member herself or a cadre in scope."""

    permission_classes = [IsAuthenticated, PasswordChangeNotRequired]

    @extend_schema(
        summary=gettext_lazy("执委资料"), responses={200: s.ProfileSerializer, 404: NOT_FOUND}
    )
    def get(self, request, person_pk):
        return _profile_response(request, selectors.get_person(request.user, person_pk))

    @extend_schema(
        summary=gettext_lazy("修改执委资料（本人或管理范围内的干部）"),
        request=s.ProfileWriteSerializer,
        responses={200: s.ProfileSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def patch(self, request, person_pk):
        return _profile_update(request, selectors.get_person(request.user, person_pk))


@extend_schema(tags=[TAG])
class MyProfileView(APIView):
    """The member's own profile (the Person linked to her account)."""

    permission_classes = [IsAuthenticated, PasswordChangeNotRequired]

    @extend_schema(summary=gettext_lazy("本人执委资料"), responses={200: s.ProfileSerializer})
    def get(self, request):
        return _profile_response(request, selectors.own_person(request.user))

    @extend_schema(
        summary=gettext_lazy("修改本人执委资料"),
        request=s.ProfileWriteSerializer,
        responses={200: s.ProfileSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def patch(self, request):
        return _profile_update(request, selectors.own_person(request.user))


@extend_schema(
    tags=[TAG],
    summary=gettext_lazy("公开亮身份（R-EX-12，无需登录，仅已公开的）"),
    responses={200: s.PublicProfileSerializer, 404: NOT_FOUND},
)
class PublicProfileView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    def get(self, request, token):
        profile = selectors.public_profile(token)
        today = today_local()
        profile.seats = selectors.current_seats(profile.person, today)
        profile.year = today.year
        profile.activity_counts = [
            {"kind": code, "label": label, "count": n}
            for code, label, n in selectors.activity_counts(profile.person, today.year)
        ]
        return Response(s.PublicProfileSerializer(profile, context={"request": request}).data)


# 联系对象 -------------------------------------------------------------------


def _unit(user, pk):
    if pk is None:
        return None
    unit = Organization.objects.restrict(user, "view").filter(pk=pk).first()
    if unit is None:
        raise ValidationError({"unit": _("妇女小组/微家不存在或不在您的管理范围内")})
    return unit


def _organization(user, pk):
    if pk is None:
        return None
    org = Organization.objects.restrict(user, "view").filter(pk=pk).first()
    if org is None:
        raise ValidationError({"organization": _("组织不存在或不在您的管理范围内")})
    return org


@extend_schema(tags=[TAG])
class ContactViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Contact assignments (R-EX-08). Cadres read and write those of their subtree; a member
    reads her own."""

    permission_classes = [IsAuthenticated, PasswordChangeNotRequired]
    pagination_class = ApiPagination
    serializer_class = s.ContactSerializer
    queryset = ContactAssignment.objects.none()
    filter_backends = BACKENDS
    filterset_class = filters.ContactFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        write = self.action in ("partial_update", "destroy", "end")
        queryset = (
            ContactAssignment.objects.restrict(self.request.user, selectors.CADRE_ACTION)
            if write
            else selectors.visible_contacts(self.request.user)
        )
        return queryset.select_related("person", "organization", "unit").order_by(
            "person", "kind", "id"
        )

    def _answer(self, assignment, code=status.HTTP_200_OK):
        fresh = selectors.visible_contacts(self.request.user).get(pk=assignment.pk)
        return Response(s.ContactSerializer(fresh).data, status=code)

    @extend_schema(
        summary=gettext_lazy("联系对象列表"),
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary=gettext_lazy("联系对象详情"), responses={200: s.ContactSerializer, 404: NOT_FOUND}
    )
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary=gettext_lazy("分配联系对象（妇女小组、微家或妇女）"),
        request=s.ContactCreateSerializer,
        responses={201: s.ContactSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def create(self, request, *args, **kwargs):
        data = validated(s.ContactCreateSerializer, request)
        person = selectors.get_person(request.user, data.pop("person"))
        if not selectors.is_cadre_for(request.user, person.org_path):
            raise Http404
        assignment = services.contact_assign(
            actor=request.user,
            person=person,
            kind=data["kind"],
            unit=_unit(request.user, data.get("unit")),
            woman_name=data.get("woman_name", ""),
            woman_phone=data.get("woman_phone", ""),
            start_date=data.get("start_date"),
            organization=_organization(request.user, data.get("organization")),
        )
        return self._answer(assignment, status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("更正联系对象（姓名、电话、日期）"),
        request=s.ContactUpdateSerializer,
        responses={200: s.ContactSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def partial_update(self, request, *args, **kwargs):
        assignment = self.get_object()
        data = validated(s.ContactUpdateSerializer, request, partial=True)
        assignment = services.contact_update(actor=request.user, assignment=assignment, **data)
        return self._answer(assignment)

    @extend_schema(
        summary=gettext_lazy("删除误录的联系对象"),
        responses={204: None, 404: NOT_FOUND},
    )
    def destroy(self, request, *args, **kwargs):
        services.contact_delete(actor=request.user, assignment=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary=gettext_lazy("结束联系"),
        request=s.ContactEndSerializer,
        responses={200: s.ContactSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        assignment = self.get_object()
        data = validated(s.ContactEndSerializer, request)
        assignment = services.contact_end(
            actor=request.user,
            assignment=assignment,
            end_date=data.get("end_date"),
        )
        return self._answer(assignment)


ROUTES = [("members/contacts", ContactViewSet, "members-contact")]
api_urlpatterns = [
    path("members/committees/<int:org_pk>/", CommitteeView.as_view(), name="members-committee"),
    path(
        "members/committees/<int:org_pk>/contact-gaps/",
        ContactGapsView.as_view(),
        name="members-contact-gaps",
    ),
    path("members/profiles/", ProfileListView.as_view(), name="members-profiles"),
    path("members/profiles/me/", MyProfileView.as_view(), name="members-my-profile"),
    path("members/profiles/<int:person_pk>/", ProfileView.as_view(), name="members-profile"),
    path(
        "members/public-profiles/<str:token>/",
        PublicProfileView.as_view(),
        name="members-public-profile",
    ),
]
