"""Views of the read API: each reads through reports.api.selectors; public ones are throttled per address and
cached, the city's ones need an organisation token, are scoped to its city and audited per use."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.utils.cache import add_never_cache_headers, patch_cache_control
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers as drf_serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from conferences.models import Body
from reports.api import schema as _schema  # noqa: F401  (the token's security scheme)
from reports.api import selectors
from reports.api import serializers as s
from reports.api.authentication import ApiTokenAuthentication, HasCityToken
from reports.api.services import api_token_use
from reports.api.throttling import PublicRateThrottle, TokenRateThrottle
from reports.public_folder import selectors as folder

logger = logging.getLogger(__name__)
API_VERSION = "1.0.0"

BODY = OpenApiParameter("body", OpenApiTypes.STR, description="Đường dẫn (slug) của cơ quan, ví dụ xa-hai-hung")
YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="Năm của hội nghị")
CATEGORY = OpenApiParameter("category", OpenApiTypes.INT, description="Nhóm kiến nghị 1–7 (thứ tự Phụ lục I)")
PARENT = OpenApiParameter("parent", OpenApiTypes.STR, description="Đường dẫn (slug) của thành phố")


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def _int_param(request, name: str, *, low: int, high: int) -> int | None:
    value = request.query_params.get(name, "").strip()
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        raise ValidationError({name: "Phải là số nguyên."}) from None
    if not low <= number <= high:
        raise ValidationError({name: f"Phải từ {low} đến {high}."})
    return number


class PublicView(APIView):
    """No account, throttled per client address; the answer is cached for API_CACHE_SECONDS by its full URL
    (after the throttle, so a cached answer still counts against the limit)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicRateThrottle]

    def build(self, request, **kwargs) -> dict | list:
        raise NotImplementedError

    def get(self, request, **kwargs):
        # By host too: the folder links are absolute.
        key = f"api:v1:{request.get_host()}{request.get_full_path()}"
        seconds = settings.API_CACHE_SECONDS
        data = None
        if seconds:
            try:
                data = cache.get(key)
            except Exception:  # the cache is down: read the database
                logger.warning("API cache unavailable", exc_info=True)
        if data is None:
            data = self.build(request, **kwargs)
            if seconds:
                try:
                    cache.set(key, data, seconds)
                except Exception:
                    logger.warning("API cache unavailable", exc_info=True)
        response = Response(data)
        patch_cache_control(response, public=True, max_age=seconds)
        return response

    def paginated(self, request, items, serializer_class) -> dict:
        paginator = Pagination()
        page = paginator.paginate_queryset(items, request, view=self)
        return paginator.get_paginated_response(serializer_class(page, many=True).data).data


def _paginated_schema(name, serializer_class):
    return inline_serializer(name, fields={
        "count": drf_serializers.IntegerField(), "next": drf_serializers.URLField(allow_null=True),
        "previous": drf_serializers.URLField(allow_null=True), "results": serializer_class(many=True)})


class ApiRoot(PublicView):
    """The API's version and its endpoints."""

    @extend_schema(responses=inline_serializer("ApiRoot", fields={
        "version": drf_serializers.CharField(), "endpoints": drf_serializers.DictField(child=drf_serializers.URLField()),
        "changelog": drf_serializers.CharField(), "schema": drf_serializers.URLField(),
        "docs": drf_serializers.URLField()}), summary="Phiên bản và các điểm truy cập")
    def get(self, request, **kwargs):
        return super().get(request, **kwargs)

    def build(self, request, **kwargs):
        def url(name):
            return reverse(f"api_v1:{name}", request=request)
        return {"version": API_VERSION,
                "endpoints": {name: url(name) for name in ("bodies", "conferences", "answers", "folders")},
                "changelog": "docs/api.md",
                "schema": url("schema"), "docs": url("docs")}


class BodyList(PublicView):
    @extend_schema(operation_id="bodies_list", parameters=[PARENT], responses=_paginated_schema("PaginatedBodyList", s.BodySerializer),
                   summary="Các cơ quan (xã, phường, đặc khu, thành phố)")
    def get(self, request, **kwargs):
        return super().get(request, **kwargs)

    def build(self, request, **kwargs):
        bodies = selectors.api_bodies(parent=request.query_params.get("parent", "").strip())
        return self.paginated(request, [selectors.body_data(b) for b in bodies], s.BodySerializer)


class BodyDetail(PublicView):
    @extend_schema(responses=s.BodySerializer, summary="Một cơ quan")
    def get(self, request, **kwargs):
        return super().get(request, **kwargs)

    def build(self, request, body_slug):
        body = selectors.api_bodies().filter(slug=body_slug).first()
        if body is None:
            raise Http404
        return s.BodySerializer(selectors.body_data(body)).data


class ConferenceList(PublicView):
    @extend_schema(operation_id="conferences_list", parameters=[BODY, YEAR],
                   responses=_paginated_schema("PaginatedConferenceList",
                                                                       s.ConferenceSerializer),
                   summary="Các hội nghị công khai: ngày, trạng thái, các mốc hạn")
    def get(self, request, **kwargs):
        return super().get(request, **kwargs)

    def build(self, request, **kwargs):
        conferences = selectors.api_conferences(body=request.query_params.get("body", "").strip(),
                                                year=_int_param(request, "year", low=2000, high=2100))
        return self.paginated(request, [selectors.conference_data(c) for c in conferences], s.ConferenceSerializer)


def _conference(body_slug: str, year: int):
    conference = selectors.public_conference(body_slug=body_slug, year=year)
    if conference is None:
        raise Http404
    return conference


class ConferenceDetail(PublicView):
    @extend_schema(responses=s.ConferenceSerializer, summary="Hội nghị của một cơ quan trong một năm")
    def get(self, request, **kwargs):
        return super().get(request, **kwargs)

    def build(self, request, body_slug, year):
        return s.ConferenceSerializer(selectors.conference_data(_conference(body_slug, year))).data


class ConferenceFigures(PublicView):
    @extend_schema(responses=s.ConferenceFiguresSerializer, summary="Số liệu Phụ lục I của một hội nghị")
    def get(self, request, **kwargs):
        return super().get(request, **kwargs)

    def build(self, request, body_slug, year):
        return s.ConferenceFiguresSerializer(selectors.conference_figures(_conference(body_slug, year))).data


class BodyYearFigures(PublicView):
    @extend_schema(responses=s.BodyYearFiguresSerializer,
                   summary="Số liệu Phụ lục I của một cơ quan trong một năm, và tỷ lệ trả lời đúng hạn")
    def get(self, request, **kwargs):
        return super().get(request, **kwargs)

    def build(self, request, body_slug, year):
        body = folder.public_bodies().filter(slug=body_slug).first()
        if body is None or folder.public_conference(body, year) is None:
            raise Http404
        return s.BodyYearFiguresSerializer(selectors.body_year_figures(body, year)).data


class AnswerList(PublicView):
    @extend_schema(operation_id="answers_list", parameters=[BODY, YEAR, CATEGORY],
                   responses=_paginated_schema("PaginatedAnswerList", s.AnswerSerializer),
                   summary="Các câu trả lời kiến nghị được doanh nghiệp đồng ý công khai (không có tên người gửi)")
    def get(self, request, **kwargs):
        return super().get(request, **kwargs)

    def build(self, request, **kwargs):
        answers = selectors.api_answers(body=request.query_params.get("body", "").strip(),
                                        year=_int_param(request, "year", low=2000, high=2100),
                                        category=_int_param(request, "category", low=1, high=7))
        paginator = Pagination()
        page = paginator.paginate_queryset(answers, request, view=self)
        return paginator.get_paginated_response(
            s.AnswerSerializer([selectors.answer_data(p) for p in page], many=True).data).data


class FolderList(PublicView):
    @extend_schema(operation_id="folders_list", parameters=[BODY, YEAR],
                   responses=_paginated_schema("PaginatedFolderList", s.FolderSerializer),
                   summary="Chuyên mục “Đối thoại doanh nghiệp”: bốn mục của mỗi hội nghị, với đường dẫn tệp PDF")
    def get(self, request, **kwargs):
        return super().get(request, **kwargs)

    def build(self, request, **kwargs):
        conferences = selectors.api_conferences(body=request.query_params.get("body", "").strip(),
                                                year=_int_param(request, "year", low=2000, high=2100))
        paginator = Pagination()
        page = paginator.paginate_queryset(conferences, request, view=self)
        data = [selectors.folder_data(c, request.build_absolute_uri) for c in page]
        return paginator.get_paginated_response(s.FolderSerializer(data, many=True).data).data


# ---- Sở Tài chính ---------------------------------------------------------------------------------------------

class CityView(APIView):
    """An organisation's token, only for its own city (another city: 404); every use is audited; never cached."""

    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [HasCityToken]
    throttle_classes = [TokenRateThrottle]
    serializer_class: type = s.CityFiguresSerializer
    many = False

    def build(self, city: Body, year: int):
        raise NotImplementedError

    def get(self, request, body_slug, year):
        token = request.auth
        if token.body.slug != body_slug or not 2000 <= year <= 2100:
            raise Http404
        api_token_use(token=token, url_name=request.resolver_match.url_name, request=request._request)
        data = self.serializer_class(self.build(token.body, year), many=self.many).data
        response = Response(data)
        add_never_cache_headers(response)
        return response


class CityFigures(CityView):
    @extend_schema(responses=s.CityFiguresSerializer,
                   summary="Phụ lục I toàn thành phố: tổng hợp và từng xã, phường, đặc khu (mã truy cập)")
    def get(self, request, body_slug, year):
        return super().get(request, body_slug, year)

    def build(self, city, year):
        return selectors.city_figures(city, year)


class CityNotReported(CityView):
    serializer_class = s.NotReportedSerializer
    many = True

    @extend_schema(responses=s.NotReportedSerializer(many=True),
                   summary="Các xã, phường, đặc khu chưa gửi báo cáo kết quả (mã truy cập)")
    def get(self, request, body_slug, year):
        return super().get(request, body_slug, year)

    def build(self, city, year):
        return selectors.city_not_reported(city, year)


class CitySnapshots(CityView):
    serializer_class = s.SnapshotSerializer
    many = True

    @extend_schema(responses=s.SnapshotSerializer(many=True),
                   summary="Các báo cáo kết quả đã gửi, với số liệu đã chốt (mã truy cập)")
    def get(self, request, body_slug, year):
        return super().get(request, body_slug, year)

    def build(self, city, year):
        return selectors.city_snapshots(city, year)
