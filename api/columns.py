"""Serializers built from the open data column lists (public.opendata): the API sends exactly the public
fields the files hold, typed as the data package types them, and a column added there appears here too."""

from rest_framework import serializers

from public import opendata

FIELD_TYPES = {
    "string": serializers.CharField,
    "integer": serializers.IntegerField,
    "number": serializers.FloatField,
    "boolean": serializers.BooleanField,
    "date": serializers.DateField,
    "datetime": serializers.DateTimeField,
}


def column_field(column):
    """A read-only serializer field whose value is the column's value for the record."""
    constraints = column.constraints
    options = {"read_only": True, "help_text": str(column.description)}
    if column.many:
        base, options["child"] = serializers.ListField, serializers.CharField()
    elif "enum" in constraints:
        base, options["choices"] = serializers.ChoiceField, constraints["enum"]
    elif column.format == "uri":
        base = serializers.URLField
    else:
        base = FIELD_TYPES[column.type]
    options["allow_null"] = not constraints.get("required", False)

    class ColumnValue(base):
        def get_attribute(self, instance):
            value = column.value(instance, self.context["columns"])
            # Lists may be empty; "" is a value the files leave empty: null in the API, as in the schema.
            return None if value == "" and base is not serializers.CharField else value

    ColumnValue.__name__ = f"{column.name.title().replace('_', '')}Column"
    return ColumnValue(**options)


def columns_serializer(name, columns, **extra_fields):
    """A serializer class with one field per column, plus ``extra_fields``."""
    fields = {column.name: column_field(column) for column in columns} | extra_fields
    return type(name, (serializers.Serializer,), fields)


CommitmentSerializer = columns_serializer("CommitmentSerializer", opendata.COMMITMENT_COLUMNS)
AgreementSerializer = columns_serializer("AgreementSerializer", opendata.AGREEMENT_COLUMNS)
DocumentSerializer = columns_serializer("DocumentSerializer", opendata.DOCUMENT_COLUMNS)
DueDateChangeSerializer = columns_serializer("DueDateChangeSerializer", opendata.DUE_DATE_CHANGE_COLUMNS)
AgreementDetailSerializer = columns_serializer(
    "AgreementDetailSerializer",
    opendata.AGREEMENT_COLUMNS,
    commitments=CommitmentSerializer(many=True, read_only=True, source="public_commitments"),
)
