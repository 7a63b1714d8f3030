"""The OpenAPI schema's view of each endpoint: the listing's filters as parameters, and every error the
endpoint can answer documented (clients and schemathesis rely on both)."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from rest_framework import generics

from api.filters import filter_parameters, office_parameter, province_parameter


class ApiSchema(AutoSchema):
    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if getattr(self.view, "filter_form", False):
            parameters = [*parameters, *filter_parameters()]
        if getattr(self.view, "office_filter", False):
            parameters = [*parameters, office_parameter()]
        if getattr(self.view, "province_filter", False):
            parameters = [*parameters, province_parameter()]
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self.error_codes():
            error = self._get_response_for_code(OpenApiTypes.OBJECT, code, direction=direction)
            responses.setdefault(code, error)
        return responses

    def error_codes(self):
        # 429: the rate limit; 400: a parameter that cannot be read; 404: no such public record.
        codes = ["429", *getattr(self.view, "error_codes", [])]
        if isinstance(self.view, generics.RetrieveAPIView):
            codes.append("404")
        filtered = ("filter_form", "office_filter", "province_filter", "pagination_class")
        if any(getattr(self.view, name, None) for name in filtered):
            # A cursor that cannot be read answers 404 (DRF's cursor pagination), a bad filter 400.
            codes += ["400", "404"]
        return codes
