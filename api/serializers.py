"""Serializers of the reference records: each names the public fields it sends, never a whole model."""

from django.urls import reverse
from rest_framework import serializers

from agencies.models import Organisation
from agencies.offices import OfficeLevel
from agreements.models import Commitment
from public.changes import Event


class OrganisationSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    short_name = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=Organisation.Kind.values, read_only=True)
    office_level = serializers.ChoiceField(
        choices=OfficeLevel.values, allow_blank=True, read_only=True, help_text="KPU offices only."
    )
    region_code = serializers.CharField(
        source="region.code",
        allow_null=True,
        read_only=True,
        help_text="Kemendagri region code (kode wilayah).",
    )
    region_name = serializers.CharField(source="region.name", allow_null=True, read_only=True)
    parent = serializers.CharField(source="parent.slug", allow_null=True, read_only=True)
    website = serializers.CharField(read_only=True)


class StageSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    order = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    name_en = serializers.CharField(read_only=True)
    start_date = serializers.DateField(allow_null=True, read_only=True)
    end_date = serializers.DateField(read_only=True)


class ElectionSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    office = serializers.SlugField(
        source="office.slug", read_only=True, help_text="The organising KPU office's slug."
    )
    name = serializers.CharField(read_only=True)
    name_en = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)
    voting_day = serializers.DateField(allow_null=True, read_only=True)
    legal_basis = serializers.CharField(read_only=True)
    stages = StageSerializer(many=True, read_only=True)


class FocusAreaSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    name_en = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    description_en = serializers.CharField(read_only=True)


class ChangeSerializer(serializers.Serializer):
    """The schema of one change (public.changes.as_json writes it)."""

    id = serializers.CharField(help_text="Unique and stable: use it to skip a change already seen.")
    at = serializers.DateTimeField()
    event = serializers.ChoiceField(choices=Event.ALL)
    object_type = serializers.ChoiceField(choices=["agreement", "commitment"])
    object_id = serializers.IntegerField()
    agreement_id = serializers.IntegerField()
    agreement_url = serializers.URLField()
    title = serializers.CharField()
    changes = serializers.DictField(
        child=serializers.DictField(allow_null=True),
        help_text='Field name to {"before": value, "after": value}; public fields only.',
    )


class TaskSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    agreement_id = serializers.IntegerField(read_only=True)
    agreement_title = serializers.CharField(source="agreement.title", read_only=True)
    title = serializers.CharField(read_only=True)
    responsible = serializers.CharField(source="responsible.slug", read_only=True)
    due_on = serializers.DateField(allow_null=True, read_only=True)
    status = serializers.ChoiceField(choices=Commitment.Status.values, read_only=True)
    is_not_applicable = serializers.BooleanField(read_only=True)
    is_mine = serializers.BooleanField(read_only=True, help_text="Assigned to me.")
    portal_url = serializers.SerializerMethodField()

    def get_portal_url(self, commitment) -> str:
        return self.context["request"].build_absolute_uri(reverse("portal:commitment", args=[commitment.pk]))
